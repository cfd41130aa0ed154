import { daysFrom } from '../support/certificates';
import { daysParameter, periodicEvent } from '../support/events';
import { useStandIn, verdicts } from '../support/e2e-harness';

const RULE = 'iam-server-certificate-expiring';
const COUNT = 2_500;

// Two backed-off retries on each of about 55 calls.
jest.setTimeout(90_000);

/**
 * docs/operations.md promises every AWS call its 8 attempts. The SDK's
 * standard strategy keeps a retry quota per client (500 tokens; 14 spent per
 * retried 5xx, and a success gives back only its own last retry's cost), so a
 * long run of calls that each fail twice used to exhaust it within one
 * invocation and leave the later calls with no retries at all
 * (src/adapters/per-call-retry-strategy.ts).
 */
describe('the bundled handler with the default retry settings', () => {
  const context = useStandIn();

  it('Q1: gives every call its retries, however many calls before it needed theirs', async () => {
    const { standIn, handler } = context();
    const now = new Date();
    standIn.seedCertificates(Array.from({ length: COUNT }, (_, i) => ({ name: `cert-${i}`, expiration: daysFrom(now, i % 3 === 0 ? 10 : 400) })));
    // 25 PutEvaluations and 25 ListDiscoveredResources calls on one Config client, each failing twice.
    standIn.faults.add({ operation: '*', onAttempts: [1, 2], kind: 'server-error' });

    await handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(30), now));

    expect(Object.keys(verdicts(standIn, RULE))).toHaveLength(COUNT);
    // Every call was made three times: two 500s, then the answer.
    expect(standIn.callCounts()['PutEvaluations']).toBe(3 * (COUNT / 100));
  });
});
