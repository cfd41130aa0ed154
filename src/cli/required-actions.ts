import { USAGE_SCAN_IAM_ACTIONS } from '../usage/required-actions';

/**
 * What `report` and `retire` both call: IAM's list of server certificates and
 * the usage scan (ELB, ELBv2, CloudFront reads).
 */
export const CERTIFICATES_AND_USAGE_IAM_ACTIONS = ['iam:ListServerCertificates', ...USAGE_SCAN_IAM_ACTIONS] as const;

/**
 * What `report` and `rotate` read to advise ACM first: the issued ACM
 * certificates of an expired or expiring certificate's consumer regions
 * (`DescribeCertificate` for one with more than 100 names) and, when ACM has
 * one that could serve them, the certificate's names (its body).
 */
export const ACM_ADVICE_IAM_ACTIONS = ['iam:GetServerCertificate', 'acm:ListCertificates', 'acm:DescribeCertificate'] as const;

/**
 * What `report` calls: the certificates, their window and exception tags
 * (not with `--no-tags`), their usage, and the ACM advice; `--no-usage
 * --no-tags` needs only `iam:ListServerCertificates`.
 */
export const REPORT_IAM_ACTIONS = [...CERTIFICATES_AND_USAGE_IAM_ACTIONS, 'iam:ListServerCertificateTags', ...ACM_ADVICE_IAM_ACTIONS] as const;

/**
 * What `retire` calls: the certificates, their usage, `GetServerCertificate`
 * for the re-check before each delete, and the delete itself. No ACM advice. The
 * usage scan is not optional here: without it nothing is ever deleted.
 */
export const RETIRE_IAM_ACTIONS = [...CERTIFICATES_AND_USAGE_IAM_ACTIONS, 'iam:GetServerCertificate', 'iam:DeleteServerCertificate'] as const;

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

/**
 * What `report --aggregator` also calls for an organization aggregator, and
 * may be refused: AWS Organizations' account list, to count the accounts that
 * sent nothing (Organizations API reference, ListAccounts: management account
 * or delegated administrator only). Refused, the report says its coverage is
 * unverified and exits 1. And, unless `--expired-rule`/`--expiring-rule`
 * name the rules, where the organization's rules and conformance packs were
 * deployed, which proves which member-account rules are the deployment's
 * (Config API reference: the three operations are for the management account
 * or Config's delegated administrator; src/cli/report/aggregate-proof.ts):
 * every organization rule's status, each of ours' members, and the named
 * conformance pack's members. Not every pack's status
 * (DescribeOrganizationConformancePackStatuses): only doctor reads that.
 * Refused, no rule counts and the report exits 1.
 */
export const AGGREGATE_REPORT_OPTIONAL_ACTIONS = [
  'organizations:ListAccounts',
  'config:DescribeOrganizationConfigRuleStatuses',
  'config:GetOrganizationConfigRuleDetailedStatus',
  'config:GetOrganizationConformancePackDetailedStatus',
] as const;

/**
 * What `rotate` calls, derived from the SDK commands its code imports
 * (tests/cli/required-actions.test.ts keeps the two equal):
 * - IAM: GetServerCertificate (the old and the new certificate),
 *   ListServerCertificateTags (the old one's tags), UploadServerCertificate,
 *   and TagServerCertificate, which IAM checks when the upload carries tags
 *   (the old certificate's; IAM User Guide, "Tagging server certificates":
 *   "You must configure permissions to allow an IAM entity to tag server
 *   certificates"); DeleteServerCertificate for `--retire-old` only;
 * - the usage scan (USAGE_SCAN_IAM_ACTIONS) and the ACM advice reads
 *   (ACM_ADVICE_IAM_ACTIONS);
 * - the repoints: Classic ELB SetLoadBalancerListenerSSLCertificate, ELBv2
 *   ModifyListener, AddListenerCertificates, RemoveListenerCertificates
 *   (after DescribeLoadBalancers / DescribeListeners /
 *   DescribeListenerCertificates, already in the scan's list), CloudFront
 *   GetDistributionConfig and UpdateDistribution, and GetDistribution for a
 *   distribution whose aliases are all wildcards (its own domain name is
 *   where it is checked).
 * STS GetCallerIdentity (who acts, for the audit log) needs no permission.
 */
export const ROTATE_IAM_ACTIONS = [
  // iam:GetServerCertificate, which rotate's own reads of the old and new certificate need too, and ACM's two reads.
  ...ACM_ADVICE_IAM_ACTIONS,
  'iam:ListServerCertificateTags',
  'iam:UploadServerCertificate',
  'iam:TagServerCertificate',
  'iam:DeleteServerCertificate',
  ...USAGE_SCAN_IAM_ACTIONS,
  'elasticloadbalancing:SetLoadBalancerListenerSSLCertificate',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:AddListenerCertificates',
  'elasticloadbalancing:RemoveListenerCertificates',
  'cloudfront:GetDistributionConfig',
  'cloudfront:GetDistribution',
  'cloudfront:UpdateDistribution',
] as const;
