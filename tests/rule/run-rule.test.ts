/**
 * One invocation's steps after delivery (docs/architecture.md, "One invocation"),
 * with issue 21's two features on together.
 *
 * RR1 A periodic run delivers every evaluation, then keeps the evaluateAtExpiry
 *     schedule, then puts the expiry events; the summary holds both.
 * RR2 Every step runs whatever the one before it did: with the schedule and the
 *     events both failing, both are attempted, and one DeferredFailuresError names
 *     each failure in the order the steps ran.
 * RR3 A failure during delivery's own steps (unreadable tags) is named with them.
 * RR4 A time budget spent while keeping the schedule does not hide it or skip the
 *     events: the run is summarized and both steps are named.
 * RR5 A single failure stays itself, its type and message unchanged.
 */
import type { Evaluation } from '../../src/core/evaluation';
import type { EvaluationSchedule } from '../../src/core/evaluation-schedule';
import { DEFAULT_RULE_PARAMETERS, type RuleParameters } from '../../src/core/rule-parameters';
import { TimeBudget } from '../../src/core/time-budget';
import { DeferredFailuresError, EvaluationScheduleError, EventDeliveryError, TagReadError, TimeBudgetExceededError } from '../../src/errors';
import { parseConfigRuleEvent } from '../../src/events/config-rule-event';
import type { EvaluationScheduleStore, ExpiryEventSink, RuleDependencies } from '../../src/rule/ports';
import { runRule } from '../../src/rule/run-rule';
import { scheduledEvent } from '../fixtures/config-events';
import { certificate, fakeDependencies } from './fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const BOTH: RuleParameters = { ...DEFAULT_RULE_PARAMETERS, daysToExpiration: 30, expiryEvents: true, evaluateAtExpiry: true, schedulerRole: 'stack-SchedulerRole-1A2B' };
const certificates = [certificate('expired', '2026-11-13T12:00:00Z'), certificate('expiring', '2026-11-28T12:00:00Z'), certificate('valid', '2027-11-23T12:00:00Z')];

/** The sink, schedule store and event sink, each writing what it was asked into one timeline. */
function wired(timeline: string[], failures: { schedule?: (budget: TimeBudget) => void; events?: (budget: TimeBudget) => void } = {}) {
  const sink = {
    report: async (evaluations: AsyncIterable<Evaluation>) => {
      for await (const evaluation of evaluations) timeline.push(`deliver ${evaluation.resourceId}`);
      return { calls: 1 };
    },
  };
  const schedules: EvaluationScheduleStore = {
    put: async (schedule: EvaluationSchedule, budget) => {
      timeline.push(`schedule ${schedule.expression}`);
      failures.schedule?.(budget);
      return 'created';
    },
    remove: async (name, _group, budget) => {
      timeline.push(`remove ${name}`);
      failures.schedule?.(budget);
      return 'deleted';
    },
  };
  const expiryEvents: ExpiryEventSink = {
    put: async (events, budget) => {
      timeline.push(`events ${events.length}`);
      failures.events?.(budget);
      return { put: events.length, calls: 1 };
    },
  };
  return { sink, schedules, expiryEvents };
}

async function run(parameters: RuleParameters, dependencies: RuleDependencies, ports: ReturnType<typeof wired>, budget = TimeBudget.unlimited()) {
  return runRule(parseConfigRuleEvent(scheduledEvent()), parameters, { ...dependencies, ...ports }, { now: NOW, clock: () => NOW, budget, lambdaRegion: 'us-east-1' });
}

describe('runRule: the steps after delivery, expiry events and evaluateAtExpiry together', () => {
  it('RR1: delivers every evaluation, then keeps the schedule, then puts the events, and summarizes both', async () => {
    const timeline: string[] = [];
    const { summary, deferredFailure } = await run(BOTH, fakeDependencies({ certificates }), wired(timeline));
    // The expiring certificate enters nothing new: its next crossing is its expiry, 2026-11-28T12:00:00Z; the warning rule fires 3 minutes after (WARNING_RULE_SCHEDULE_OFFSET_MS).
    expect(timeline).toEqual(['deliver expired', 'deliver expiring', 'deliver valid', 'schedule at(2026-11-28T12:03:00)', 'events 2']);
    expect(summary).toMatchObject({ expiryEvents: { put: 2, putEventsCalls: 1 }, schedule: { change: 'created', at: '2026-11-28T12:03:00.000Z' } });
    expect(deferredFailure).toBeUndefined();
  });

  it('RR2: a Scheduler failure does not stop the events; both failures come back as one error naming each, in the order the steps ran', async () => {
    const timeline: string[] = [];
    const scheduleError = new EvaluationScheduleError('iam-server-certificate-expiring-0a1b2c3d', 'default', 'AccessDeniedException: not authorized');
    const eventsError = new EventDeliveryError('EventBridge refused 2 of 2 expiry events', ['a', 'b']);
    const ports = wired(timeline, {
      schedule: () => {
        throw scheduleError;
      },
      events: () => {
        throw eventsError;
      },
    });
    const { summary, deferredFailure } = await run(BOTH, fakeDependencies({ certificates }), ports);
    expect(timeline.slice(-2)).toEqual(['schedule at(2026-11-28T12:03:00)', 'events 2']);
    expect(summary).toMatchObject({ certificatesEvaluated: 3, putEvaluationsCalls: 1 });
    const error = deferredFailure?.error;
    expect(error).toBeInstanceOf(DeferredFailuresError);
    expect((error as DeferredFailuresError).failures).toEqual([
      { step: 'evaluateAtExpiry schedule', error: scheduleError },
      { step: 'expiry events', error: eventsError },
    ]);
    expect((error as Error).message).toBe(
      '2 steps failed after every evaluation of this run was delivered to AWS Config: ' +
        `(1) evaluateAtExpiry schedule: EvaluationScheduleError: ${scheduleError.message} (2) expiry events: EventDeliveryError: EventBridge refused 2 of 2 expiry events`,
    );
    expect(((error as Error).cause as AggregateError).errors).toEqual([scheduleError, eventsError]);
  });

  it('RR3: unreadable tags, found while delivering, are named first, before the schedule and the events', async () => {
    const timeline: string[] = [];
    const ports = wired(timeline, {
      events: () => {
        throw new EventDeliveryError('EventBridge refused 1 of 2 expiry events', ['a']);
      },
    });
    const dependencies = fakeDependencies({ certificates, tags: {}, tagFailures: { valid: Object.assign(new Error('denied'), { name: 'AccessDenied' }) } });
    const { deferredFailure } = await run({ ...BOTH, tagOverrides: true }, dependencies, ports);
    expect(timeline.slice(-2)).toEqual(['schedule at(2026-11-28T12:03:00)', 'events 2']);
    const failures = (deferredFailure?.error as DeferredFailuresError).failures;
    expect(failures.map(({ step, error }) => [step, (error as Error).name])).toEqual([
      ['certificate tags', TagReadError.name],
      ['expiry events', 'EventDeliveryError'],
    ]);
  });

  it('RR4: a time budget spent while keeping the schedule is named, and the events still get their turn', async () => {
    const timeline: string[] = [];
    let spent = false;
    const budget = new TimeBudget(NOW.getTime() + 60_000, () => (spent ? NOW.getTime() + 120_000 : NOW.getTime()));
    const ports = wired(timeline, {
      schedule: (runBudget) => {
        spent = true;
        runBudget.ensure('CreateSchedule');
      },
      events: (runBudget) => runBudget.ensure('PutEvents (0 events delivered so far)'),
    });
    const { summary, deferredFailure } = await run(BOTH, fakeDependencies({ certificates }), ports, budget);
    expect(timeline.slice(-2)).toEqual(['schedule at(2026-11-28T12:03:00)', 'events 2']);
    expect(summary.certificatesEvaluated).toBe(3);
    const failures = (deferredFailure?.error as DeferredFailuresError).failures;
    expect(failures.map(({ step, error }) => [step, error instanceof TimeBudgetExceededError])).toEqual([
      ['evaluateAtExpiry schedule', true],
      ['expiry events', true],
    ]);
  });

  it('RR5: one failure alone is handed back as itself', async () => {
    const eventsError = new EventDeliveryError('EventBridge refused 1 of 2 expiry events', ['a']);
    const ports = wired([], {
      events: () => {
        throw eventsError;
      },
    });
    const { summary, deferredFailure } = await run(BOTH, fakeDependencies({ certificates }), ports);
    expect(deferredFailure?.error).toBe(eventsError);
    expect(summary.schedule).toEqual({ change: 'created', at: '2026-11-28T12:03:00.000Z' });
  });
});
