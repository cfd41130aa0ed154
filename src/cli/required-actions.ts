import { USAGE_SCAN_IAM_ACTIONS } from '../usage/required-actions';

/** What `report` calls: IAM's list, plus the usage scan unless `--no-usage`. */
export const REPORT_IAM_ACTIONS = ['iam:ListServerCertificates', ...USAGE_SCAN_IAM_ACTIONS] as const;

/**
 * What `retire` calls: the report's reads, `GetServerCertificate` for the
 * re-check before each delete, and the delete itself. The usage scan is not
 * optional here: without it nothing is ever deleted.
 */
export const RETIRE_IAM_ACTIONS = [...REPORT_IAM_ACTIONS, 'iam:GetServerCertificate', 'iam:DeleteServerCertificate'] as const;

/**
 * What `report --aggregator` calls, in the aggregator's account (Config API
 * reference: the three Aggregate* operations). No IAM call: the certificates
 * come from Config.
 */
export const AGGREGATE_REPORT_ACTIONS = [
  'config:DescribeAggregateComplianceByConfigRules',
  'config:GetAggregateComplianceDetailsByConfigRule',
  'config:ListAggregateDiscoveredResources',
] as const;
