/** CloudFormation API reference, StackInstanceFilter Name: the only filter names ListStackInstances takes. */
export const STACK_INSTANCE_FILTER_NAMES = ['DETAILED_STATUS', 'LAST_OPERATION_ID', 'DRIFT_STATUS'];

/** CloudFormation API reference, StackInstanceComprehensiveStatus DetailedStatus values. */
export const DETAILED_STATUSES = ['CANCELLED', 'FAILED', 'FAILED_IMPORT', 'INOPERABLE', 'PENDING', 'RUNNING', 'SKIPPED_SUSPENDED_ACCOUNT', 'SUCCEEDED'];

/** CloudFormation API reference, DeploymentTargets AccountFilterType values. */
export const ACCOUNT_FILTER_TYPES = ['NONE', 'INTERSECTION', 'DIFFERENCE', 'UNION'];
