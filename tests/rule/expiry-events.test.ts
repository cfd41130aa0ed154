/**
 * Issue 21 part 1: expiry events in the rule, with fake dependencies.
 *
 * Scenarios (numbers as in the test names):
 * RE1 A periodic run with expiryEvents on puts one event per expired or expiring certificate,
 *     only after AWS Config has every evaluation, and counts them in the summary.
 * RE2 Owners (owner tag), consumers (usage check) and exceptions (tag overrides) reach the events;
 *     an excepted certificate still gets one.
 * RE3 Change-triggered runs never put events; with expiryEvents off no run does, and needs no sink.
 * RE4 No certificate expired or expiring: no call at all.
 * RE5 A put that fails after delivery fails the run: every evaluation delivered, the error handed back.
 * RE6 A spent time budget while putting: the evaluations stay delivered, the failure is handed back.
 * RE7 A bus in another partition than the rule: refused before anything is read.
 */
import type { Evaluation } from '../../src/core/evaluation';
import type { ExpiryEvent, ExpiryEventDetail } from '../../src/core/expiry-event';
import { DEFAULT_RULE_PARAMETERS, type RuleParameters } from '../../src/core/rule-parameters';
import { TimeBudget } from '../../src/core/time-budget';
import { EventDeliveryError, InvalidRuleParameterError, RuleError, TimeBudgetExceededError } from '../../src/errors';
import { parseConfigRuleEvent } from '../../src/events/config-rule-event';
import { evaluateRuleEvent } from '../../src/rule/evaluate-rule-event';
import type { ExpiryEventSink, RuleDependencies } from '../../src/rule/ports';
import { runRule } from '../../src/rule/run-rule';
import { changeEvent, scheduledEvent } from '../fixtures/config-events';
import { inventory } from '../fixtures/usage-inventory';
import { certificate, collect, fakeDependencies } from './fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const invocation = { now: NOW, budget: TimeBudget.unlimited(), lambdaRegion: 'us-east-1' };
const WARNING: RuleParameters = { ...DEFAULT_RULE_PARAMETERS, daysToExpiration: 30, expiryEvents: true };
const certificates = [
  certificate('expired', '2026-11-13T12:00:00Z'),
  certificate('expiring', '2026-11-28T12:00:00Z'),
  certificate('valid', '2027-11-23T12:00:00Z'),
];

/** Records, in one log, each evaluation as Config receives it and each put, so the order shows. */
function recorder(put: ExpiryEventSink['put'] = async (events) => ({ put: events.length, calls: Math.ceil(events.length / 10) })) {
  const log: string[] = [];
  const events: ExpiryEvent[] = [];
  const sink = {
    report: async (evaluations: AsyncIterable<Evaluation>) => {
      for await (const evaluation of evaluations) log.push(`deliver:${evaluation.resourceId}`);
      return { calls: 1 };
    },
  };
  const expiryEvents: ExpiryEventSink = {
    put: async (batch, budget) => {
      log.push(`put:${batch.length}`);
      events.push(...batch);
      return put(batch, budget);
    },
  };
  return { log, events, sink, expiryEvents };
}

const details = (events: readonly ExpiryEvent[]): Record<string, ExpiryEventDetail> =>
  Object.fromEntries(events.map((event) => {
    const detail = JSON.parse(event.Detail) as ExpiryEventDetail;
    return [detail.ServerCertificateName, detail];
  }));

async function run(parameters: RuleParameters, dependencies: RuleDependencies, wired = recorder(), event = scheduledEvent(), budget = invocation.budget) {
  const result = await runRule(parseConfigRuleEvent(event), parameters, { ...dependencies, sink: wired.sink, expiryEvents: wired.expiryEvents }, { ...invocation, budget });
  return { ...result, ...wired };
}

describe('expiry events in the rule (issue 21 part 1)', () => {
  it('RE1: puts one event per expired or expiring certificate, after Config has every evaluation', async () => {
    const { log, events, summary, deferredFailure } = await run(WARNING, fakeDependencies({ certificates }));

    expect(log).toEqual(['deliver:expired', 'deliver:expiring', 'deliver:valid', 'put:2']);
    expect(events.map((event) => [event.DetailType, JSON.parse(event.Detail).ServerCertificateName])).toEqual([
      ['IAM Server Certificate Expired', 'expired'],
      ['IAM Server Certificate Approaching Expiration', 'expiring'],
    ]);
    expect(details(events)['expiring']).toMatchObject({ Rule: 'iam-server-certificate-expiring', AccountId: '123456789012', Region: 'us-east-1', DaysToExpiry: 5, WindowDays: 30 });
    expect(events.every((event) => event.Time === NOW && event.EventBusName === undefined)).toBe(true);
    expect(summary.expiryEvents).toEqual({ put: 2, putEventsCalls: 1 });
    expect(deferredFailure).toBeUndefined();
  });

  it('RE2: names owners, consumers and exceptions, and still sends for an excepted certificate', async () => {
    const bus = 'arn:aws:events:us-east-1:999999999999:event-bus/certificate-expiry';
    const parameters: RuleParameters = { ...WARNING, ownerTagKey: 'owner', checkUsage: true, tagOverrides: true, eventBusArn: bus };
    const references = [{ certificate: { by: 'arn' as const, value: certificates[1]?.arn ?? '' }, usage: { service: 'elb' as const, resource: 'shop-elb', detail: '443', region: 'us-east-1' } }];
    const tags = { expired: { owner: 'team-web', 'iam-cert-expiry:exception': '2027-01-31 CHG-1234 vendor renewal' }, expiring: { owner: 'team-api' } };
    const { events } = await run(parameters, fakeDependencies({ certificates, tags, usage: inventory(references) }));

    expect(details(events)).toMatchObject({
      expired: { Owner: 'team-web', Usage: 'not-referenced', Consumers: [], ComplianceType: 'COMPLIANT', StrictComplianceType: 'NON_COMPLIANT', ExceptionStatus: 'active', ExceptionLastDay: '2027-01-31' },
      expiring: { Owner: 'team-api', Usage: 'in-use', Consumers: ['elb shop-elb:443 (us-east-1)'], ComplianceType: 'NON_COMPLIANT', StrictComplianceType: 'COMPLIANT', ExceptionStatus: 'none' },
    });
    expect(events.map((event) => event.EventBusName)).toEqual([bus, bus]);
  });

  it('RE3: never puts events on a change-triggered run, nor on any run with expiryEvents off', async () => {
    const change = changeEvent({ resourceName: 'expired', resourceId: 'expired' });
    const onChange = await run(WARNING, fakeDependencies({ certificates }), recorder(), change);
    expect(onChange.log).toEqual(['deliver:expired']);
    expect(onChange.summary.expiryEvents).toBeUndefined();

    const off = await run({ ...WARNING, expiryEvents: false }, fakeDependencies({ certificates }));
    expect(off.log).toEqual(['deliver:expired', 'deliver:expiring', 'deliver:valid']);
    expect(off.summary.expiryEvents).toBeUndefined();
    // Off, nothing needs an event sink.
    const { sink } = recorder();
    await expect(runRule(parseConfigRuleEvent(scheduledEvent()), { ...WARNING, expiryEvents: false }, { ...fakeDependencies({ certificates }), sink }, invocation)).resolves.toMatchObject({ summary: { certificatesEvaluated: 3 } });
  });

  it('RE4: makes no call when no certificate is expired or expiring', async () => {
    const { log, summary } = await run(WARNING, fakeDependencies({ certificates: [certificates[2] ?? certificate('valid', '2027-11-23T12:00:00Z')] }));
    expect(log).toEqual(['deliver:valid']);
    expect(summary.expiryEvents).toEqual({ put: 0, putEventsCalls: 0 });
  });

  it('RE5: a put that fails after delivery fails the run, every evaluation delivered', async () => {
    const refused = new EventDeliveryError('EventBridge refused 2 of 2 expiry events', ['a', 'b']);
    const { log, summary, deferredFailure } = await run(WARNING, fakeDependencies({ certificates }), recorder(async () => Promise.reject(refused)));
    expect(log).toEqual(['deliver:expired', 'deliver:expiring', 'deliver:valid', 'put:2']);
    expect(deferredFailure?.error).toBe(refused);
    expect(summary).toMatchObject({ certificatesEvaluated: 3, expired: 1, expiring: 1 });
    expect(summary.expiryEvents).toBeUndefined();
    // A handler that wired no sink for events that are on: a wiring fault, said after delivery, never silence.
    const { sink } = recorder();
    const unwired = await runRule(parseConfigRuleEvent(scheduledEvent()), WARNING, { ...fakeDependencies({ certificates }), sink }, invocation);
    expect(unwired.deferredFailure?.error).toBeInstanceOf(RuleError);
    expect((unwired.deferredFailure?.error as Error).message).toBe('expiryEvents is on but no event sink is wired: the handler must pass one');
  });

  it('RE6: a time budget spent while putting leaves the evaluations delivered and hands the failure back', async () => {
    let spent = false;
    const budget = new TimeBudget(NOW.getTime() + 60_000, () => (spent ? NOW.getTime() + 120_000 : NOW.getTime()));
    const wired = recorder(async (_events, runBudget) => {
      spent = true;
      runBudget.ensure('PutEvents (0 events delivered so far)');
      return { put: 0, calls: 0 };
    });
    const { log, deferredFailure } = await run(WARNING, fakeDependencies({ certificates }), wired, scheduledEvent(), budget);
    expect(log).toEqual(['deliver:expired', 'deliver:expiring', 'deliver:valid', 'put:2']);
    expect(deferredFailure?.error).toBeInstanceOf(TimeBudgetExceededError);
  });

  it('RE7: refuses a bus in another partition than the rule before anything is read', async () => {
    const dependencies = fakeDependencies({ certificates });
    const parameters = { ...WARNING, eventBusArn: 'arn:aws-cn:events:cn-north-1:111111111111:event-bus/central' };
    const evaluations = collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), parameters, dependencies, invocation));
    await expect(evaluations).rejects.toBeInstanceOf(InvalidRuleParameterError);
    await expect(evaluations).rejects.toThrow('Invalid rule parameter eventBusArn: is in partition aws-cn, but the rule runs in aws (us-east-1)');
    expect(dependencies.calls).toEqual([]);
    // No region, no event can say where the certificates were evaluated.
    const noRegion = collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), WARNING, dependencies, { ...invocation, lambdaRegion: undefined }));
    await expect(noRegion).rejects.toMatchObject({ key: 'expiryEvents' });
  });
});
