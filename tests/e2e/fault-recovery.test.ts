import { HandlerError } from '../support/bundle/handler-process';
import { logLines, metricValues } from '../support/bundle/handler-output';
import { daysFrom } from '../support/certificates';
import { daysParameter, periodicEvent } from '../support/events';
import { useStandIn, verdicts } from '../support/e2e-harness';
import type { StandIn } from '../support/stand-in/stand-in';

const RULE = 'iam-server-certificate-expiring';
const WINDOW_DAYS = 30;
// Days left per certificate, cycled: expired, inside the window, outside it, far out.
const DAYS_LEFT = [-50, 5, 150, 365] as const;

// Throttling backs off up to a second per retry, and the failing runs wait for
// the reporter's resends: more than jest's default 5 s, far less than this.
jest.setTimeout(30_000);

/** resourceId → compliance type, as the stand-in should end up holding it. */
type Verdicts = Record<string, string>;

/**
 * Seeds `count` certificates and returns the verdicts the rule must store,
 * worked out here from the days left alone, not by the rule's code.
 */
function seedAccount(standIn: StandIn, count: number, now: Date): Verdicts {
  const expected: Verdicts = {};
  const seeds = Array.from({ length: count }, (_, i) => {
    const days = DAYS_LEFT[i % DAYS_LEFT.length] ?? 0;
    return { name: `certificate-${String(i).padStart(4, '0')}`, expiration: daysFrom(now, days), days };
  });
  const stored = standIn.seedCertificates(seeds);
  stored.forEach((certificate, i) => {
    const days = seeds[i]?.days ?? 0;
    expected[standIn.configIdOf(certificate.name) ?? ''] = days <= WINDOW_DAYS ? 'NON_COMPLIANT' : 'COMPLIANT';
  });
  return expected;
}

/** Asserts that `run` rejects with an error from the handler's process, and returns it. */
async function failureOf(run: Promise<unknown>): Promise<HandlerError> {
  await expect(run).rejects.toBeInstanceOf(HandlerError);
  return run.then(
    () => {
      throw new Error('the run was expected to fail');
    },
    (error: unknown) => error as HandlerError,
  );
}

/** Every stored verdict is one of the expected ones (none wrong, none foreign). */
function expectSubsetOf(stored: Verdicts, expected: Verdicts): void {
  for (const [resourceId, complianceType] of Object.entries(stored)) expect([resourceId, complianceType]).toEqual([resourceId, expected[resourceId]]);
}

describe('the bundled handler recovering from faults', () => {
  // Three or four attempts per call instead of the rule's eight: faults that
  // persist surface fast. Not dev mode: the process prints as in Lambda.
  const context = useStandIn({ AWS_MAX_ATTEMPTS: '4', POWERTOOLS_DEV: 'false' });

  it('stores every verdict on the first run when every call of every operation is throttled once', async () => {
    const { standIn, handler } = context();
    const now = new Date();
    const expected = seedAccount(standIn, 250, now);
    standIn.faults.add({ operation: '*', onAttempts: [1], kind: 'throttle' });

    const summary = await handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(WINDOW_DAYS), now));

    expect(verdicts(standIn, RULE)).toEqual(expected);
    // Each request was refused once, then its first retry went through.
    const calls = standIn.calls.all();
    for (const operation of ['ListServerCertificates', 'ListDiscoveredResources', 'GetComplianceDetailsByConfigRule', 'PutEvaluations']) {
      const ofOperation = calls.filter((call) => call.operation === operation);
      expect({ operation, throttled: ofOperation.filter((call) => call.fault === 'throttle').length }).toEqual({ operation, throttled: ofOperation.length / 2 });
    }
    expect(summary.putEvaluationsCalls).toBe(3);
  });

  it('stores every verdict when the first two calls of every operation fail with 500', async () => {
    const { standIn, handler } = context();
    const now = new Date();
    const expected = seedAccount(standIn, 250, now);
    standIn.faults.add({ operation: '*', onCalls: [1, 2], kind: 'server-error' });

    await handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(WINDOW_DAYS), now));

    expect(verdicts(standIn, RULE)).toEqual(expected);
    expect(standIn.callCounts()).toEqual({
      ListServerCertificates: 3,
      ListDiscoveredResources: 5,
      GetComplianceDetailsByConfigRule: 3,
      PutEvaluations: 5,
    });
  });

  it('fails, and a rerun of the same event stores everything, when 500s outlast the retries on the second batch', async () => {
    const { standIn, handler } = context();
    const now = new Date();
    const expected = seedAccount(standIn, 250, now);
    standIn.faults.add({ operation: 'PutEvaluations', onCalls: { from: 2 }, kind: 'server-error' });
    const event = periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(WINDOW_DAYS), now);

    const failure = await failureOf(handler(event));

    expect(failure.name).toBe('EvaluationDeliveryError');
    expect(failure.message).toMatch(/PutEvaluations failed after the SDK's retries/);
    // The first batch stays delivered; the third was never sent.
    expect(Object.keys(verdicts(standIn, RULE))).toHaveLength(100);
    expectSubsetOf(verdicts(standIn, RULE), expected);

    standIn.faults.clear();
    await handler(event);

    expect(verdicts(standIn, RULE)).toEqual(expected);
  });

  it('stores every verdict when connections reset without an answer', async () => {
    const { standIn, handler } = context();
    const now = new Date();
    const expected = seedAccount(standIn, 250, now);
    // The first call of each operation, and the second batch twice over.
    standIn.faults.add({ operation: 'PutEvaluations', onCalls: [1, 3, 4], kind: 'connection-reset' });
    standIn.faults.add({ operation: '*', onCalls: [1], kind: 'connection-reset' });

    const summary = await handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(WINDOW_DAYS), now));

    expect(verdicts(standIn, RULE)).toEqual(expected);
    expect(standIn.callCounts()).toEqual({
      ListServerCertificates: 2,
      ListDiscoveredResources: 4,
      GetComplianceDetailsByConfigRule: 2,
      PutEvaluations: 6,
    });
    expect(standIn.calls.all().filter((call) => call.fault === 'connection-reset')).toHaveLength(6);
    // Resent at the HTTP level by the SDK: the reporter made one call per batch.
    expect(summary.putEvaluationsCalls).toBe(3);
  });

  it('fails naming the refused evaluations, and a rerun stores everything, when Config keeps refusing the last batch', async () => {
    const { standIn, handler } = context();
    const now = new Date();
    const expected = seedAccount(standIn, 250, now);
    // Batch 3 of 3 and its three resends: every evaluation in them refused.
    standIn.faults.add({ operation: 'PutEvaluations', onCalls: [3, 4, 5, 6], kind: 'failed-evaluations', resourceIds: 'all' });
    const event = periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(WINDOW_DAYS), now);

    const failure = await failureOf(handler(event));

    expect(failure.name).toBe('EvaluationDeliveryError');
    expect(failure.message).toMatch(/AWS Config refused 50 of 250 evaluations after 3 resends/);
    const stored = verdicts(standIn, RULE);
    const missing = Object.keys(expected).filter((resourceId) => !(resourceId in stored));
    expect(missing).toHaveLength(50);
    expectSubsetOf(stored, expected);
    const named = /\(first: ([^)]*)\)/.exec(failure.message)?.[1]?.split(', ') ?? [];
    expect(named).toHaveLength(5);
    expect(named.every((resourceId) => missing.includes(resourceId))).toBe(true);

    standIn.faults.clear();
    await handler(event);

    expect(verdicts(standIn, RULE)).toEqual(expected);
  });

  it('fails without claiming success, and a rerun clears the stale result, when a page of earlier results keeps failing', async () => {
    const { standIn, handler } = context();
    const now = new Date();
    const expected = seedAccount(standIn, 150, now);
    await handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(WINDOW_DAYS), now));
    const [deletedName, deletedId] = ['certificate-0000', Object.keys(expected)[0] ?? ''];
    expect(standIn.deleteCertificate(deletedName)).toBe(true);
    expected[deletedId] = 'NOT_APPLICABLE';
    standIn.calls.clear();
    // 150 earlier results are two pages: the second, and every retry of it, fails.
    standIn.faults.add({ operation: 'GetComplianceDetailsByConfigRule', onCalls: { from: 2 }, kind: 'server-error' });
    const event = periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(WINDOW_DAYS), daysFrom(now, 1));

    const failure = await failureOf(handler(event));

    expect(standIn.callCounts()['GetComplianceDetailsByConfigRule']).toBe(5);
    expect(standIn.callCounts()['PutEvaluations']).toBeUndefined();
    expect(verdicts(standIn, RULE)[deletedId]).toBe('NON_COMPLIANT');
    const messages = logLines(failure.output).map((line) => line['message']);
    expect(messages).toContain('rule run failed; AWS Config will retry');
    expect(messages).not.toContain('rule run complete');
    expect(metricValues(failure.output)).toEqual({ RunsFailed: 1 });

    standIn.faults.clear();
    await handler(event);

    expect(verdicts(standIn, RULE)).toEqual(expected);
  });

  it('fails with TimeBudgetExceededError before the Lambda deadline, keeping the batches sent, and a rerun completes, when PutEvaluations is slow', async () => {
    const { standIn, handler } = context();
    const now = new Date();
    const expected = seedAccount(standIn, 450, now);
    standIn.faults.add({ operation: 'PutEvaluations', onCalls: 'all', kind: 'delay', delayMs: 1_500 });
    const event = periodicEvent(RULE, standIn.resultTokenFor(RULE), daysParameter(WINDOW_DAYS), now);
    // 6 s left: the handler keeps a quarter back, so its budget is 4.5 s, and 5 batches at 1.5 s each cannot
    // fit. The margins (1.5 s a batch, 1.5 s between the budget and the deadline) keep a loaded CI machine honest.
    const remainingTimeMs = 6_000;

    const started = Date.now();
    const failure = await failureOf(handler(event, { remainingTimeMs }));
    const wallMs = Date.now() - started;

    expect(failure.name).toBe('TimeBudgetExceededError');
    expect(failure.message).toMatch(/Time budget spent (during|before) PutEvaluations \(\d+ evaluations delivered so far\)/);
    expect(wallMs).toBeLessThan(remainingTimeMs);
    const stored = verdicts(standIn, RULE);
    expectSubsetOf(stored, expected);
    // Whole batches only, at least the first, never all five. The batch in
    // flight at the deadline counts too: the stand-in stored it, only its
    // answer came too late, as can happen with Config.
    expect([100, 200, 300, 400]).toContain(Object.keys(stored).length);

    standIn.faults.clear();
    await handler(event, { remainingTimeMs });

    expect(verdicts(standIn, RULE)).toEqual(expected);
  });
});
