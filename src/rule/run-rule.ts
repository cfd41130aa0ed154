import type { RuleParameters } from '../core/rule-parameters';
import type { ConfigRuleEvent } from '../events/config-rule-event';
import type { RecordingCheck } from './evaluate-periodic';
import type { FindingsSummary } from './publish-findings';
import { evaluateRuleEvent, type Invocation } from './evaluate-rule-event';
import type { EvaluationSink, RuleDependencies } from './ports';
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

/**
 * One invocation's work: evaluate, deliver every evaluation as it is made,
 * summarize. Any failure propagates, so the invocation fails and Config
 * retries it; a Security Hub failure comes back in `deferredFailure` once
 * every evaluation is delivered, so Config's results never go stale for it.
 */
export async function runRule(
  event: ConfigRuleEvent,
  parameters: RuleParameters,
  dependencies: RuleDependencies & { readonly sink: EvaluationSink },
  invocation: Omit<Invocation, 'onRecordingCheck' | 'onFindings' | 'onFindingsFailure' | 'onTagReadFailure' | 'onTagReads'>,
): Promise<RuleRun> {
  let recording: RecordingCheck | undefined;
  let findings: FindingsSummary | undefined;
  let findingsFailure: { readonly error: unknown } | undefined;
  let tagsFailure: { readonly error: unknown } | undefined;
  let tagReads: number | undefined;
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
  });
  const delivery = await dependencies.sink.report(tally.count(evaluations), event.resultToken, invocation.budget);
  const summary = tally.summary({
    rule: event.configRuleName,
    accountId: event.accountId,
    messageType: event.invokingEvent.messageType,
    putEvaluationsCalls: delivery.calls,
    ...(recording === undefined ? {} : { recording }),
    ...(findings === undefined ? {} : { findings }),
    ...(tagReads === undefined ? {} : { tagReads }),
  });
  const deferredFailure = findingsFailure ?? tagsFailure;
  return { summary, ...(deferredFailure === undefined ? {} : { deferredFailure }) };
}
