/**
 * Issue 21 part 3: verdicts within minutes of the crossing (evaluateAtExpiry).
 *
 * Scenarios (numbers as in the test names):
 * EX1 A periodic run with evaluateAtExpiry keeps one schedule at the earliest verdict change,
 *     set after every evaluation was delivered, at the scheduler role of the evaluated account.
 * EX2 Nothing ahead (no certificate, or all expired in the strict rule): the schedule is deleted.
 * EX3 A Scheduler failure never costs a result: everything is delivered, the run is summarized,
 *     then the failure comes back to fail the invocation.
 * EX4 Change runs never touch the schedule; with evaluateAtExpiry off nothing is computed or called.
 * EX5 A crossing due before the schedule is set is scheduled a minute after the call.
 * EX6 The listing failing leaves the schedule as it was.
 * EX7 Central mode (an assumed role) refuses evaluateAtExpiry before anything is read.
 */
import type { EvaluationSchedule } from '../../src/core/evaluation-schedule';
import type { Evaluation } from '../../src/core/evaluation';
import { DEFAULT_RULE_PARAMETERS, type RuleParameters } from '../../src/core/rule-parameters';
import { TimeBudget } from '../../src/core/time-budget';
import { EvaluationScheduleError, InvalidRuleParameterError } from '../../src/errors';
import { parseConfigRuleEvent } from '../../src/events/config-rule-event';
import { refuseCentralSchedules, resolveAccountAccess } from '../../src/rule/account-access';
import type { EvaluationScheduleStore, ScheduleChange } from '../../src/rule/ports';
import { runRule } from '../../src/rule/run-rule';
import { changeEvent, scheduledEvent } from '../fixtures/config-events';
import { certificate, fakeDependencies } from './fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const STRICT: RuleParameters = { ...DEFAULT_RULE_PARAMETERS, evaluateAtExpiry: true, schedulerRole: 'stack-SchedulerRole-1A2B' };
const WARNING: RuleParameters = { ...STRICT, daysToExpiration: 30 };
const invocation = { now: NOW, clock: () => NOW, budget: TimeBudget.unlimited(), lambdaRegion: 'us-east-1' };
const certificates = [
  certificate('expired', '2026-11-01T00:00:00Z'),
  certificate('expires-in-an-hour', '2026-11-23T13:00:00.400Z'),
  certificate('expires-in-40-days', '2027-01-02T12:00:00Z'),
];

/** A schedule store that records, in one timeline with the deliveries, what it was asked. */
function fakeStore(timeline: string[], failWith?: Error): EvaluationScheduleStore & { puts: EvaluationSchedule[]; removes: string[] } {
  const puts: EvaluationSchedule[] = [];
  const removes: string[] = [];
  return {
    puts,
    removes,
    put: async (schedule): Promise<ScheduleChange> => {
      timeline.push(`put ${schedule.expression}`);
      if (failWith !== undefined) throw failWith;
      puts.push(schedule);
      return 'created';
    },
    remove: async (name, group): Promise<ScheduleChange> => {
      timeline.push(`remove ${group}/${name}`);
      if (failWith !== undefined) throw failWith;
      removes.push(name);
      return 'absent';
    },
  };
}

function sink(timeline: string[], delivered: Evaluation[] = []) {
  return {
    report: async (evaluations: AsyncIterable<Evaluation>) => {
      for await (const evaluation of evaluations) {
        delivered.push(evaluation);
        timeline.push(`deliver ${evaluation.resourceId}`);
      }
      return { calls: 1 };
    },
  };
}

describe('evaluateAtExpiry on periodic runs', () => {
  it('EX1: keeps one schedule at the earliest crossing (the strict rule: the next expiry), after every evaluation was delivered', async () => {
    const timeline: string[] = [];
    const schedules = fakeStore(timeline);
    const dependencies = { ...fakeDependencies({ certificates }), sink: sink(timeline), schedules };
    const { summary, deferredFailure } = await runRule(parseConfigRuleEvent(scheduledEvent(undefined, { configRuleName: 'iam-server-certificate-expired' })), STRICT, dependencies, invocation);
    expect(timeline).toEqual(['deliver expired', 'deliver expires-in-an-hour', 'deliver expires-in-40-days', 'put at(2026-11-23T13:00:01)']);
    expect(schedules.puts[0]).toMatchObject({
      group: 'default',
      roleArn: 'arn:aws:iam::123456789012:role/stack-SchedulerRole-1A2B',
      input: '{"ConfigRuleNames":["iam-server-certificate-expired"]}',
      targetArn: 'arn:aws:scheduler:::aws-sdk:config:startConfigRulesEvaluation',
    });
    expect(summary.schedule).toEqual({ change: 'created', at: '2026-11-23T13:00:01.000Z' });
    expect(deferredFailure).toBeUndefined();
  });

  it('EX1b: the warning rule schedules the window\'s edge, three minutes after it, in the schedule group the rule names', async () => {
    const timeline: string[] = [];
    const schedules = fakeStore(timeline);
    const later = [certificate('expired', '2026-11-01T00:00:00Z'), certificate('expires-in-40-days', '2027-01-02T12:00:00Z')];
    const dependencies = { ...fakeDependencies({ certificates: later }), sink: sink(timeline), schedules };
    await runRule(parseConfigRuleEvent(scheduledEvent()), { ...WARNING, scheduleGroup: 'cert-expiry' }, dependencies, invocation);
    // Expires 2027-01-02T12:00Z: inside the 30-day window from 2026-12-03T12:00Z; the warning rule fires 3 minutes after (WARNING_RULE_SCHEDULE_OFFSET_MS).
    expect(schedules.puts.map((schedule) => [schedule.group, schedule.expression])).toEqual([['cert-expiry', 'at(2026-12-03T12:03:00)']]);
  });

  it('EX2: deletes the schedule when no verdict changes again: no certificate at all, or only expired ones in the strict rule', async () => {
    for (const listed of [[], [certificate('expired', '2026-11-01T00:00:00Z')]]) {
      const timeline: string[] = [];
      const schedules = fakeStore(timeline);
      const dependencies = { ...fakeDependencies({ certificates: listed }), sink: sink(timeline), schedules };
      const { summary } = await runRule(parseConfigRuleEvent(scheduledEvent(undefined, { configRuleName: 'iam-server-certificate-expired' })), STRICT, dependencies, invocation);
      expect(schedules.puts).toEqual([]);
      expect(timeline.at(-1)).toMatch(/^remove default\/iam-server-certificate-expired-[0-9a-f]{12}$/);
      expect(summary.schedule).toEqual({ change: 'absent' });
    }
  });

  it('EX3: a Scheduler failure comes after every evaluation was delivered, and fails the invocation through deferredFailure', async () => {
    const timeline: string[] = [];
    const failure = new EvaluationScheduleError('s', 'default', 'CreateSchedule failed (ThrottlingException)');
    const dependencies = { ...fakeDependencies({ certificates }), sink: sink(timeline), schedules: fakeStore(timeline, failure) };
    const { summary, deferredFailure } = await runRule(parseConfigRuleEvent(scheduledEvent()), WARNING, dependencies, invocation);
    expect(timeline.filter((step) => step.startsWith('deliver'))).toHaveLength(3);
    expect(timeline.at(-1)).toMatch(/^put /);
    expect(deferredFailure?.error).toBe(failure);
    expect(summary).toMatchObject({ certificatesEvaluated: 3, putEvaluationsCalls: 1 });
    expect(summary.schedule).toBeUndefined();
    // Unwired, it is a failure after delivery too, never a silent "no schedule".
    const unwired = await runRule(parseConfigRuleEvent(scheduledEvent()), WARNING, { ...fakeDependencies({ certificates }), sink: sink([]) }, invocation);
    expect((unwired.deferredFailure?.error as Error).message).toMatch(/no schedule store is wired/);
  });

  it('EX4: change runs never touch the schedule, and with evaluateAtExpiry off no schedule call is made', async () => {
    const timeline: string[] = [];
    const schedules = fakeStore(timeline);
    const change = parseConfigRuleEvent(changeEvent({ resourceName: 'expires-in-an-hour', resourceId: 'expires-in-an-hour' }));
    const { summary } = await runRule(change, WARNING, { ...fakeDependencies({ certificates }), sink: sink(timeline), schedules }, invocation);
    expect(timeline).toEqual(['deliver expires-in-an-hour']);
    expect(summary.schedule).toBeUndefined();
    const off = await runRule(parseConfigRuleEvent(scheduledEvent()), { ...WARNING, evaluateAtExpiry: false }, { ...fakeDependencies({ certificates }), sink: sink([]), schedules }, invocation);
    expect(off.summary.schedule).toBeUndefined();
    expect(timeline.filter((step) => !step.startsWith('deliver'))).toEqual([]);
  });

  it('EX5: a crossing already due when the schedule is set (a long run) is scheduled a minute after the call, read from the clock', async () => {
    const timeline: string[] = [];
    const schedules = fakeStore(timeline);
    const late = { ...invocation, clock: () => new Date('2026-11-23T13:00:30.250Z') };
    await runRule(parseConfigRuleEvent(scheduledEvent()), STRICT, { ...fakeDependencies({ certificates }), sink: sink(timeline), schedules }, late);
    expect(schedules.puts.map((schedule) => schedule.expression)).toEqual(['at(2026-11-23T13:01:31)']);
  });

  it('EX6: a listing that fails leaves the schedule as it was', async () => {
    const timeline: string[] = [];
    const schedules = fakeStore(timeline);
    const failing = fakeDependencies({ certificates });
    const broken = {
      ...failing,
      certificates: {
        ...failing.certificates,
        pages: async function* () {
          yield certificates.slice(0, 1);
          throw new Error('ServiceFailure');
        },
      },
    };
    await expect(runRule(parseConfigRuleEvent(scheduledEvent()), STRICT, { ...broken, sink: sink(timeline), schedules }, invocation)).rejects.toThrow('ServiceFailure');
    expect(schedules.puts).toEqual([]);
    expect(schedules.removes).toEqual([]);
  });
});

describe('evaluateAtExpiry in central mode', () => {
  it('EX7: refuses an assumed-role account naming evaluateAtExpiry, and lets the function\'s own account through', () => {
    const event = parseConfigRuleEvent(scheduledEvent());
    const own = resolveAccountAccess(event, { executionRoleName: 'IamServerCertificateExpiryRule', assumeRoleMode: true }, '123456789012');
    expect(() => refuseCentralSchedules(own, STRICT)).not.toThrow();
    const member = resolveAccountAccess(event, { executionRoleName: 'IamServerCertificateExpiryRule', assumeRoleMode: true }, '999999999999');
    let refused: unknown;
    try {
      refuseCentralSchedules(member, STRICT);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(InvalidRuleParameterError);
    expect(refused).toMatchObject({ key: 'evaluateAtExpiry' });
    expect((refused as Error).message).toMatch(/^Invalid rule parameter evaluateAtExpiry: is true, but this function evaluates account 123456789012 through arn:aws:iam::123456789012:role\/IamServerCertificateExpiryRule \(central mode\)/);
    expect(() => refuseCentralSchedules(member, { evaluateAtExpiry: false })).not.toThrow();
  });
});
