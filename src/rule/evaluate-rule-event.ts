import type { Evaluation } from '../core/evaluation';
import type { RuleParameters } from '../core/rule-parameters';
import type { TimeBudget } from '../core/time-budget';
import type { ConfigRuleEvent } from '../events/config-rule-event';
import { MessageType } from '../events/invoking-event';
import { evaluateChange } from './evaluate-change';
import { evaluatePeriodic } from './evaluate-periodic';
import type { RuleDependencies } from './ports';

/**
 * Routes a validated Config event to the periodic or the change-triggered
 * check and returns the evaluations to report. Knows nothing of
 * `PutEvaluations`: delivering them is the handler's job.
 *
 * @example
 * const evaluations = await evaluateRuleEvent(event, parameters, dependencies, new Date(), budget);
 */
export async function evaluateRuleEvent(
  event: ConfigRuleEvent,
  parameters: RuleParameters,
  dependencies: RuleDependencies,
  now: Date,
  budget: TimeBudget,
): Promise<Evaluation[]> {
  const invoking = event.invokingEvent;
  if (invoking.messageType === MessageType.Scheduled) {
    return evaluatePeriodic(dependencies, {
      ruleName: event.configRuleName,
      parameters,
      now,
      orderingTimestamp: invoking.notificationCreationTime,
      budget,
    });
  }
  const itemPath =
    invoking.messageType === MessageType.ConfigurationItemChange
      ? 'invokingEvent.configurationItem'
      : 'invokingEvent.configurationItemSummary';
  return evaluateChange(dependencies.certificates, {
    resource: invoking.resource,
    itemPath,
    eventLeftScope: event.eventLeftScope,
    parameters,
    now,
    budget,
  });
}
