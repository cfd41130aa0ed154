import type { RuleParameters } from '../core/rule-parameters';
import type { ConfigRuleEvent } from '../events/config-rule-event';
import type { RecordingCheck } from './evaluate-periodic';
import type { FindingsSummary } from './publish-findings';
import { evaluateRuleEvent, type Invocation } from './evaluate-rule-event';
import { MessageType } from '../events/invoking-event';
import { RuleError, TimeBudgetExceededError } from '../errors';
import { keepEvaluationSchedule, type ScheduleSummary } from './keep-evaluation-schedule';
import type { EvaluationScheduleStore, EvaluationSink, RuleDependencies } from './ports';
import { RunTally, type RunSummary } from './run-summary';

/** A run whose evaluations were all delivered, and the failure of a secondary destination, if any. */
export interface RuleRun {
  readonly summary: RunSummary;
  /**
   * Security Hub's failure, or unreadable tags, kept until every evaluation
   * was delivered: the caller records the run, then fails the invocation
   * with it.
   */
  readonly deferredFailure?: { readonly error: unknown };
}

/** What runRule takes besides the rule's reads: where evaluations go and, with evaluateAtExpiry, where the schedule is kept. */
export type RunDependencies = RuleDependencies & {
  readonly sink: EvaluationSink;
  /** Present when evaluateAtExpiry is on (src/rule/keep-evaluation-schedule.ts). */
  readonly schedules?: EvaluationScheduleStore;
};

/** The invocation as runRule takes it: its instant and budget, and a clock read when the schedule is set. */
export type RunInvocation = Omit<Invocation, 'onRecordingCheck' | 'onFindings' | 'onFindingsFailure' | 'onTagReadFailure' | 'onTagReads' | 'onNextCrossing'> & {
  /** The clock `now` was read from; read again when the schedule is set. Default: `now` stays the instant. */
  readonly clock?: () => Date;
};

/**
 * One invocation's work: evaluate, deliver every evaluation as it is made,
 * summarize. Any failure propagates, so the invocation fails and Config
 * retries it; a Security Hub failure comes back in `deferredFailure` once
 * every evaluation is delivered, so Config's results never go stale for it.
 */
export async function runRule(
  event: ConfigRuleEvent,
  parameters: RuleParameters,
  dependencies: RunDependencies,
  invocation: RunInvocation,
): Promise<RuleRun> {
  let recording: RecordingCheck | undefined;
  let findings: FindingsSummary | undefined;
  let findingsFailure: { readonly error: unknown } | undefined;
  let tagsFailure: { readonly error: unknown } | undefined;
  let tagReads: number | undefined;
  let crossing: { readonly instant: Date | undefined } | undefined;
  const tally = new RunTally();
  // Only a periodic run sees every certificate: a change run never touches the schedule (docs/parameters.md, evaluateAtExpiry).
  const keepsSchedule = parameters.evaluateAtExpiry && event.invokingEvent.messageType === MessageType.Scheduled;
  const evaluations = evaluateRuleEvent(event, parameters, dependencies, {
    ...invocation,
    onRecordingCheck: (check) => {
      recording = check;
    },
    onFindings: (summary) => {
      findings = summary;
    },
    onFindingsFailure: (error) => {
      findingsFailure = { error };
    },
    onTagReadFailure: (error) => {
      tagsFailure = { error };
    },
    onTagReads: (reads) => {
      tagReads = reads;
    },
    ...(keepsSchedule
      ? {
          onNextCrossing: (instant: Date | undefined) => {
            crossing = { instant };
          },
        }
      : {}),
  });
  const delivery = await dependencies.sink.report(tally.count(evaluations), event.resultToken, invocation.budget);
  // After every evaluation was delivered, as Security Hub's findings are: a Scheduler failure never costs Config a result.
  const schedule = keepsSchedule ? await keepSchedule(event, parameters, dependencies.schedules, crossing, invocation) : undefined;
  const summary = tally.summary({
    rule: event.configRuleName,
    accountId: event.accountId,
    messageType: event.invokingEvent.messageType,
    putEvaluationsCalls: delivery.calls,
    ...(recording === undefined ? {} : { recording }),
    ...(findings === undefined ? {} : { findings }),
    ...(tagReads === undefined ? {} : { tagReads }),
    ...(schedule?.kept === undefined ? {} : { schedule: schedule.kept }),
  });
  const deferredFailure = findingsFailure ?? tagsFailure ?? schedule?.failure;
  return { summary, ...(deferredFailure === undefined ? {} : { deferredFailure }) };
}

/**
 * Keeps the rule's schedule once the run is delivered; its failure is kept
 * for the caller to throw after the run is recorded. A listing that did not
 * complete never reaches here (the run failed), so the crossing is always the
 * whole account's.
 */
async function keepSchedule(
  event: ConfigRuleEvent,
  parameters: RuleParameters,
  store: EvaluationScheduleStore | undefined,
  crossing: { readonly instant: Date | undefined } | undefined,
  invocation: RunInvocation,
): Promise<{ readonly kept?: ScheduleSummary; readonly failure?: { readonly error: unknown } }> {
  try {
    if (store === undefined) throw new RuleError('evaluateAtExpiry is on but no schedule store is wired: the handler must pass one');
    if (crossing === undefined) throw new RuleError('the periodic run ended without its next verdict change');
    const kept = await keepEvaluationSchedule(store, {
      event,
      parameters,
      crossing: crossing.instant,
      clock: invocation.clock ?? (() => invocation.now),
      lambdaRegion: invocation.lambdaRegion,
      budget: invocation.budget,
    });
    return { kept };
  } catch (error) {
    // A spent budget fails the run at once, as everywhere else; the evaluations are delivered already.
    if (error instanceof TimeBudgetExceededError) throw error;
    return { failure: { error } };
  }
}
