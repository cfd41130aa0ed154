import type { ExpiryEvent } from '../core/expiry-event';
import type { RuleParameters } from '../core/rule-parameters';
import type { ConfigRuleEvent } from '../events/config-rule-event';
import type { RecordingCheck } from './evaluate-periodic';
import type { FindingsSummary } from './publish-findings';
import { evaluateRuleEvent, type Invocation } from './evaluate-rule-event';
import { MessageType } from '../events/invoking-event';
import { DeferredFailuresError, RuleError } from '../errors';
import { keepEvaluationSchedule, type ScheduleSummary } from './keep-evaluation-schedule';
import type { EvaluationScheduleStore, EvaluationSink, RuleDependencies } from './ports';
import { RunTally, type ExpiryEventsSummary, type RunSummary } from './run-summary';

/** A run whose evaluations were all delivered, and the failure of a secondary destination, if any. */
export interface RuleRun {
  readonly summary: RunSummary;
  /**
   * Security Hub's failure, unreadable tags, the schedule not kept, or expiry
   * events not put, kept until every evaluation was delivered and every
   * later step had its turn: the caller records the run, then fails the
   * invocation with it. One failure is itself; several are one
   * {@link DeferredFailuresError} naming each.
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
export type RunInvocation = Omit<Invocation, 'onRecordingCheck' | 'onFindings' | 'onFindingsFailure' | 'onTagReadFailure' | 'onTagReads' | 'onExpiryEvents' | 'onNextCrossing'> & {
  /** The clock `now` was read from; read again when the schedule is set. Default: `now` stays the instant. */
  readonly clock?: () => Date;
};

/**
 * One invocation's work (docs/architecture.md, "One invocation"): evaluate
 * and deliver every evaluation as it is made (a periodic run imports each
 * page's Security Hub findings just before handing its evaluations on); then,
 * on a periodic run, keep the evaluateAtExpiry schedule, then put the expiry
 * events; and summarize. Any failure to deliver an evaluation propagates, so
 * the invocation fails and Config retries it. A Security Hub, tag, Scheduler
 * or EventBridge failure never stops the steps after it: each comes back in
 * `deferredFailure` once every evaluation is delivered and every step had
 * its turn, so Config's results never go stale for it and no failure hides
 * another.
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
  let expiryEvents: readonly ExpiryEvent[] | undefined;
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
    onExpiryEvents: (events) => {
      expiryEvents = events;
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
  // Only now, with every evaluation in Config: a Scheduler or EventBridge failure can never cost a result.
  // The schedule first: at most three calls, and it is what keeps Config's own verdicts on time;
  // the events may take many calls, and the next periodic run sends them again.
  const schedule = keepsSchedule ? await keepSchedule(event, parameters, dependencies.schedules, crossing, invocation) : undefined;
  const events = expiryEvents === undefined ? undefined : await putExpiryEvents(dependencies, expiryEvents, invocation);
  const summary = tally.summary({
    rule: event.configRuleName,
    accountId: event.accountId,
    messageType: event.invokingEvent.messageType,
    putEvaluationsCalls: delivery.calls,
    ...(recording === undefined ? {} : { recording }),
    ...(findings === undefined ? {} : { findings }),
    ...(tagReads === undefined ? {} : { tagReads }),
    ...(events?.summary === undefined ? {} : { expiryEvents: events.summary }),
    ...(schedule?.kept === undefined ? {} : { schedule: schedule.kept }),
  });
  const deferredFailure = deferredFailureOf([
    { step: 'Security Hub findings', failure: findingsFailure },
    { step: 'certificate tags', failure: tagsFailure },
    { step: 'evaluateAtExpiry schedule', failure: schedule?.failure },
    { step: 'expiry events', failure: events?.failure },
  ]);
  return { summary, ...(deferredFailure === undefined ? {} : { deferredFailure }) };
}

/**
 * The run's deferred failures as one: none, the only one itself (its type
 * and message unchanged), or a {@link DeferredFailuresError} naming every
 * step that failed, in the order they ran.
 */
function deferredFailureOf(steps: ReadonlyArray<{ readonly step: string; readonly failure: { readonly error: unknown } | undefined }>): { readonly error: unknown } | undefined {
  const failed = steps.flatMap(({ step, failure }) => (failure === undefined ? [] : [{ step, error: failure.error }]));
  if (failed.length <= 1) return failed[0] === undefined ? undefined : { error: failed[0].error };
  return { error: new DeferredFailuresError(failed) };
}

/**
 * Puts the run's expiry events: none is a call saved, not an error. A
 * failure (refused entries, `PutEvents` failing, a missing permission, the
 * time budget spent) is handed back, never thrown: the evaluations are
 * delivered already, and the caller fails the invocation after recording the run.
 */
async function putExpiryEvents(
  dependencies: Pick<RuleDependencies, 'expiryEvents'>,
  events: readonly ExpiryEvent[],
  invocation: Pick<Invocation, 'budget'>,
): Promise<{ readonly summary?: ExpiryEventsSummary; readonly failure?: { readonly error: unknown } }> {
  if (events.length === 0) return { summary: { put: 0, putEventsCalls: 0 } };
  if (dependencies.expiryEvents === undefined) return { failure: { error: new RuleError('expiryEvents is on but no event sink is wired: the handler must pass one') } };
  try {
    const outcome = await dependencies.expiryEvents.put(events, invocation.budget);
    return { summary: { put: outcome.put, putEventsCalls: outcome.calls } };
  } catch (error) {
    return { failure: { error } };
  }
}

/**
 * Keeps the rule's schedule once the run is delivered. A failure (Scheduler
 * refusing or failing, a missing permission, the time budget spent) is
 * handed back, never thrown, as for the expiry events: the evaluations are
 * delivered already, and the steps after this one still get their turn. A
 * listing that did not complete never reaches here (the run failed), so the
 * crossing is always the whole account's.
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
    return { failure: { error } };
  }
}
