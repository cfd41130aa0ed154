/**
 * The IAM actions the usage scan calls, and nothing else: grant them only
 * where the feature is on. All are read-only. ELB and ELBv2 share the
 * `elasticloadbalancing` prefix, so `DescribeLoadBalancers` covers both APIs;
 * `account:ListRegions` gives the regions enabled for the account, which the
 * scan covers by default and must all cover before anything is unreferenced.
 */
export const USAGE_SCAN_IAM_ACTIONS = [
  'account:ListRegions',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeListenerCertificates',
  'cloudfront:ListDistributions',
] as const;

export type UsageScanIamAction = (typeof USAGE_SCAN_IAM_ACTIONS)[number];
