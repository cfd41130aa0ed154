import type { ExpiryEvent } from '../core/expiry-event';
import type { RuleParameters } from '../core/rule-parameters';
import type { ConfigRuleEvent } from '../events/config-rule-event';
import type { RecordingCheck } from './evaluate-periodic';
import type { FindingsSummary } from './publish-findings';
import { evaluateRuleEvent, type Invocation } from './evaluate-rule-event';
import { RuleError } from '../errors';
import type { EvaluationSink, RuleDependencies } from './ports';
import { RunTally, type ExpiryEventsSummary, type RunSummary } from './run-summary';

/** A run whose evaluations were all delivered, and the failure of a secondary destination, if any. */
export interface RuleRun {
  readonly summary: RunSummary;
  /**
   * Security Hub's failure, unreadable tags, or expiry events not put, kept
   * until every evaluation was delivered: the caller records the run, then
   * fails the invocation with it.
   */
  readonly deferredFailure?: { readonly error: unknown };
}

/**
 * One invocation's work: evaluate, deliver every evaluation as it is made,
 * then, with `expiryEvents` on, put the periodic run's expiry events, and
 * summarize. Any failure to deliver an evaluation propagates, so the
 * invocation fails and Config retries it; a Security Hub or EventBridge
 * failure comes back in `deferredFailure` once every evaluation is
 * delivered, so Config's results never go stale for it.
 */
export async function runRule(
  event: ConfigRuleEvent,
  parameters: RuleParameters,
  dependencies: RuleDependencies & { readonly sink: EvaluationSink },
  invocation: Omit<Invocation, 'onRecordingCheck' | 'onFindings' | 'onFindingsFailure' | 'onTagReadFailure' | 'onTagReads' | 'onExpiryEvents'>,
): Promise<RuleRun> {
  let recording: RecordingCheck | undefined;
  let findings: FindingsSummary | undefined;
  let findingsFailure: { readonly error: unknown } | undefined;
  let tagsFailure: { readonly error: unknown } | undefined;
  let tagReads: number | undefined;
  let expiryEvents: readonly ExpiryEvent[] | undefined;
  const tally = new RunTally();
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
  });
  const delivery = await dependencies.sink.report(tally.count(evaluations), event.resultToken, invocation.budget);
  // Only now, with every evaluation in Config: an EventBridge failure can never cost a result.
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
  });
  const deferredFailure = findingsFailure ?? tagsFailure ?? events?.failure;
  return { summary, ...(deferredFailure === undefined ? {} : { deferredFailure }) };
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
