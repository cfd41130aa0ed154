import type { Evaluation } from '../core/evaluation';
import type { RuleParameters } from '../core/rule-parameters';
import type { TimeBudget } from '../core/time-budget';
import type { ConfigRuleEvent } from '../events/config-rule-event';
import { InvalidRuleParameterError } from '../errors';
import { MessageType } from '../events/invoking-event';
import { evaluateChange } from './evaluate-change';
import { evaluatePeriodic, type RecordingCheck } from './evaluate-periodic';
import type { RuleDependencies } from './ports';

/** What an invocation brings besides the event: its clock reading, time budget and region. */
export interface Invocation {
  readonly now: Date;
  readonly budget: TimeBudget;
  /** `AWS_REGION` of the Lambda; the usage check's default region. */
  readonly lambdaRegion: string | undefined;
  /** Told, on periodic runs, how much of IAM's listing Config's recorder knows. */
  readonly onRecordingCheck?: (check: RecordingCheck) => void;
}

/**
 * Routes a validated Config event to the periodic or the change-triggered
 * check and yields the evaluations to report, as they are made. Knows
 * nothing of `PutEvaluations`: delivering them is the sink's job.
 *
 * @example
 * for await (const evaluation of evaluateRuleEvent(event, parameters, dependencies, invocation)) send(evaluation);
 */
export async function* evaluateRuleEvent(
  event: ConfigRuleEvent,
  parameters: RuleParameters,
  dependencies: RuleDependencies,
  invocation: Invocation,
): AsyncGenerator<Evaluation> {
  const { now, budget } = invocation;
  const invoking = event.invokingEvent;
  const usageRegions = parameters.checkUsage ? (parameters.usageRegions ?? regionOf(invocation)) : undefined;
  if (invoking.messageType === MessageType.Scheduled) {
    yield* evaluatePeriodic(dependencies, {
      ruleName: event.configRuleName,
      parameters,
      now,
      orderingTimestamp: invoking.notificationCreationTime,
      budget,
      usageRegions,
      onRecordingCheck: invocation.onRecordingCheck,
    });
    return;
  }
  yield* await evaluateChange(dependencies, {
    resource: invoking.resource,
    eventLeftScope: event.eventLeftScope,
    parameters,
    now,
    budget,
    usageRegions,
  });
}

/** The usage check's default: the load balancers of the Lambda's own region. */
function regionOf(invocation: Invocation): readonly string[] {
  if (invocation.lambdaRegion === undefined) {
    throw new InvalidRuleParameterError('usageRegions', 'must be set: the Lambda region (AWS_REGION) to default to is unknown');
  }
  return [invocation.lambdaRegion];
}
