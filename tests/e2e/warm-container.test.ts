import { HandlerError } from '../support/bundle/handler-process';
import { daysParameter, periodicEvent } from '../support/events';
import { uploadStandardCertificates, useStandIn, verdicts } from '../support/e2e-harness';

const RULE = 'iam-server-certificate-expiring';

jest.setTimeout(60_000);

/**
 * The SDK's standard retry strategy spends a retry quota (500 tokens; 14 per
 * retried transient error or 5xx, 5 per retried throttle, in the SDK version
 * bundled here: `@smithy/core` retry `StandardRetryStrategy` and its 2026
 * cost table) that only successes refill. The quota lives in the client: kept across invocations of a
 * warm Lambda, one faulty run would leave the next with fewer retries than
 * docs/operations.md promises.
 */
describe('the bundled handler in a warm container', () => {
  // Three attempts a call: runs of connection resets drain the quota fast (20 runs spend
  // 20 × 2 retries × 14 tokens per operation, more than the 500 a client starts with).
  const context = useStandIn({ AWS_MAX_ATTEMPTS: '3' });

  it('W1: gives each invocation the full retries, whatever the invocations before it spent', async () => {
    const { standIn, handler, iam } = context();
    const ids = await uploadStandardCertificates(iam, new Date(), standIn);

    // Runs whose every attempt loses its connection: each fails, each spends retry quota.
    standIn.faults.add({ operation: '*', onCalls: 'all', kind: 'connection-reset' });
    for (let run = 0; run < 20; run += 1) {
      await expect(handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(30), new Date()))).rejects.toBeInstanceOf(HandlerError);
    }
    standIn.faults.clear();

    // Now every call fails twice with a 500, then succeeds: within the three attempts each call has.
    standIn.faults.add({ operation: '*', onAttempts: [1, 2], kind: 'server-error' });
    await handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(30), new Date()));

    expect(Object.keys(verdicts(standIn, RULE)).sort()).toEqual([...ids.values()].sort());
  });
});
