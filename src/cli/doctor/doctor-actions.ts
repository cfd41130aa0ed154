/**
 * The read-only actions `doctor` calls in the account it checks
 * (tests/cli/doctor/doctor-actions.test.ts keeps this equal to the SDK
 * commands its code imports, and to docs/cli.md). STS GetCallerIdentity
 * needs no permission. `sts:AssumeRole` is called only to try the member
 * role (`--account`, `--aggregator`), and its credentials are never used;
 * `logs:FilterLogEvents` can be limited to the function's log group.
 * `config:GetComplianceDetailsByConfigRule` reads a rule's newest result when
 * Config gives no evaluation status for it (custom Lambda rules);
 * `lambda:GetFunctionConfiguration` where the function logs (its
 * `LoggingConfig.LogGroup`), when `--log-group` does not say.
 */
export const DOCTOR_IAM_ACTIONS = [
  'config:DescribeConfigRules',
  'config:DescribeConfigRuleEvaluationStatus',
  'config:GetComplianceDetailsByConfigRule',
  'config:DescribeConfigurationRecorders',
  'config:DescribeConfigurationRecorderStatus',
  'logs:FilterLogEvents',
  'lambda:GetFunctionConfiguration',
  'securityhub:DescribeHub',
  'sts:AssumeRole',
] as const;

/**
 * What `doctor --aggregator` calls besides, in the aggregator's account: the
 * aggregator's sources, their status, the rules' results per account and the
 * recorded certificates, and (from the management account or Config's
 * delegated administrator) the organization rules' and conformance packs'
 * deployment in each member account; for an organization aggregator, AWS
 * Organizations' account list (ListAccounts, management account or delegated
 * administrator only), without which its coverage is unverified and the
 * accounts check fails.
 */
export const DOCTOR_AGGREGATOR_IAM_ACTIONS = [
  'config:DescribeConfigurationAggregators',
  'config:DescribeConfigurationAggregatorSourcesStatus',
  'config:DescribeAggregateComplianceByConfigRules',
  'config:ListAggregateDiscoveredResources',
  'config:DescribeOrganizationConfigRuleStatuses',
  'config:GetOrganizationConfigRuleDetailedStatus',
  'config:DescribeOrganizationConformancePackStatuses',
  'config:GetOrganizationConformancePackDetailedStatus',
  'organizations:ListAccounts',
] as const;
