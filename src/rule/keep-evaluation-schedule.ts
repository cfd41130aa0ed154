import { isStrict } from '../core/certificate-policy';
import { evaluationSchedule, instantOfAt, scheduleNameFor } from '../core/evaluation-schedule';
import { partitionOfRule } from '../core/recording-region';
import type { RuleParameters } from '../core/rule-parameters';
import type { TimeBudget } from '../core/time-budget';
import type { ConfigRuleEvent } from '../events/config-rule-event';
import type { EvaluationScheduleStore, ScheduleChange } from './ports';

/** What a periodic run did with its schedule, for the run's log line. */
export interface ScheduleSummary {
  readonly change: ScheduleChange;
  /** The schedule's `at()` instant (ISO 8601, UTC); absent when there is none. */
  readonly at?: string;
}

/** What keeping the schedule needs besides the store. */
export interface ScheduleKeeping {
  readonly event: Pick<ConfigRuleEvent, 'configRuleName' | 'configRuleArn' | 'accountId'>;
  readonly parameters: Pick<RuleParameters, 'schedulerRole' | 'scheduleGroup' | 'daysToExpiration'>;
  /** The run's earliest next verdict change; `undefined`: no certificate's verdict changes again. */
  readonly crossing: Date | undefined;
  /** Read when the schedule is set (the call's own instant, not the run's). */
  readonly clock: () => Date;
  /** `AWS_REGION` of the Lambda: for the partition when the event has no rule ARN. */
  readonly lambdaRegion: string | undefined;
  readonly budget: TimeBudget;
}

/**
 * After a periodic run delivered every evaluation: the rule's one schedule,
 * at the next instant a certificate's verdict changes, or none when nothing
 * is ahead (a stale one deleted, a missing one fine). The schedule lives in
 * the evaluated account, where StartConfigRulesEvaluation can reach the rule,
 * and runs as the scheduler role of that account (`schedulerRole`).
 */
export async function keepEvaluationSchedule(store: EvaluationScheduleStore, keeping: ScheduleKeeping): Promise<ScheduleSummary> {
  const { event, parameters } = keeping;
  if (keeping.crossing === undefined) {
    return { change: await store.remove(scheduleNameFor(event.configRuleName), parameters.scheduleGroup, keeping.budget) };
  }
  const partition = partitionOfRule(event.configRuleArn, keeping.lambdaRegion ?? '');
  const schedule = evaluationSchedule({
    ruleName: event.configRuleName,
    group: parameters.scheduleGroup,
    partition,
    roleArn: `arn:${partition}:iam::${event.accountId}:role/${parameters.schedulerRole ?? ''}`,
    crossing: keeping.crossing,
    callTime: keeping.clock(),
    strict: isStrict(parameters),
  });
  const change = await store.put(schedule, keeping.budget);
  const at = instantOfAt(schedule.expression);
  return { change, ...(at === undefined ? {} : { at: at.toISOString() }) };
}
