import type { Evaluation } from '../core/evaluation';
import type { RuleParameters } from '../core/rule-parameters';
import type { TimeBudget } from '../core/time-budget';
import type { ConfigRuleEvent } from '../events/config-rule-event';
import { evaluateRuleEvent, type Invocation } from './evaluate-rule-event';
import type { RuleDependencies } from './ports';
import { summarize, type RunSummary } from './run-summary';

/** Where evaluations go (AWS Config's PutEvaluations in production). */
export interface EvaluationSink {
  report(evaluations: readonly Evaluation[], resultToken: string, budget: TimeBudget): Promise<{ calls: number }>;
}

/**
 * One invocation's work: evaluate, deliver every evaluation, summarize. Any
 * failure propagates, so the invocation fails and Config retries it.
 */
export async function runRule(
  event: ConfigRuleEvent,
  parameters: RuleParameters,
  dependencies: RuleDependencies & { readonly sink: EvaluationSink },
  invocation: Invocation,
): Promise<RunSummary> {
  const evaluations = await evaluateRuleEvent(event, parameters, dependencies, invocation);
  const delivery = await dependencies.sink.report(evaluations, event.resultToken, invocation.budget);
  return summarize(evaluations, {
    rule: event.configRuleName,
    accountId: event.accountId,
    messageType: event.invokingEvent.messageType,
    putEvaluationsCalls: delivery.calls,
  });
}
