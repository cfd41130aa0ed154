import { USAGE_SCAN_IAM_ACTIONS } from '../usage/required-actions';

/**
 * What `report` and `rotate` read to advise ACM first: the names of an
 * expired or expiring certificate in use (its body) and the issued ACM
 * certificates of its consumers' regions.
 */
export const ACM_ADVICE_IAM_ACTIONS = ['iam:GetServerCertificate', 'acm:ListCertificates', 'acm:DescribeCertificate'] as const;

/** What `report` calls: IAM's list, plus the usage scan and the ACM advice unless `--no-usage`. */
export const REPORT_IAM_ACTIONS = ['iam:ListServerCertificates', ...USAGE_SCAN_IAM_ACTIONS, ...ACM_ADVICE_IAM_ACTIONS] as const;

/**
 * What `retire` calls: the report's reads, `GetServerCertificate` for the
 * re-check before each delete, and the delete itself. The usage scan is not
 * optional here: without it nothing is ever deleted.
 */
export const RETIRE_IAM_ACTIONS = [...new Set([...REPORT_IAM_ACTIONS, 'iam:GetServerCertificate', 'iam:DeleteServerCertificate'])];

/**
 * What `report --aggregator` calls, in the aggregator's account (Config API
 * reference: the aggregator's description and its sources' status, to know
 * which accounts it should cover, and the three Aggregate* operations). No IAM
 * call: the certificates come from Config.
 */
export const AGGREGATE_REPORT_ACTIONS = [
  'config:DescribeConfigurationAggregators',
  'config:DescribeConfigurationAggregatorSourcesStatus',
  'config:DescribeAggregateComplianceByConfigRules',
  'config:GetAggregateComplianceDetailsByConfigRule',
  'config:ListAggregateDiscoveredResources',
] as const;
