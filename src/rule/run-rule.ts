import type { RuleParameters } from '../core/rule-parameters';
import type { ConfigRuleEvent } from '../events/config-rule-event';
import type { RecordingCheck } from './evaluate-periodic';
import { evaluateRuleEvent, type Invocation } from './evaluate-rule-event';
import type { EvaluationSink, RuleDependencies } from './ports';
import { RunTally, type RunSummary } from './run-summary';

/**
 * One invocation's work: evaluate, deliver every evaluation as it is made,
 * summarize. Any failure propagates, so the invocation fails and Config
 * retries it.
 */
export async function runRule(
  event: ConfigRuleEvent,
  parameters: RuleParameters,
  dependencies: RuleDependencies & { readonly sink: EvaluationSink },
  invocation: Omit<Invocation, 'onRecordingCheck'>,
): Promise<RunSummary> {
  let recording: RecordingCheck | undefined;
  const tally = new RunTally();
  const evaluations = evaluateRuleEvent(event, parameters, dependencies, {
    ...invocation,
    onRecordingCheck: (check) => {
      recording = check;
    },
  });
  const delivery = await dependencies.sink.report(tally.count(evaluations), event.resultToken, invocation.budget);
  return tally.summary({
    rule: event.configRuleName,
    accountId: event.accountId,
    messageType: event.invokingEvent.messageType,
    putEvaluationsCalls: delivery.calls,
    ...(recording === undefined ? {} : { recording }),
  });
}
