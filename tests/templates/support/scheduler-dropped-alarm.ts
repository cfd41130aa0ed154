/**
 * What both deployments' `SchedulerDroppedAlarm` watches (serverless.yml,
 * templates/member-account-stack.yml): EventBridge Scheduler's
 * `InvocationDroppedCount` in namespace `AWS/Scheduler`, dimension
 * `ScheduleGroup` (Scheduler User Guide, "Monitoring EventBridge Scheduler
 * with Amazon CloudWatch"), any drop in five minutes.
 */
export function schedulerDroppedAlarm(group: string): Record<string, unknown> {
  return {
    Namespace: 'AWS/Scheduler',
    MetricName: 'InvocationDroppedCount',
    Dimensions: [{ Name: 'ScheduleGroup', Value: group }],
    Statistic: 'Sum',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  };
}
