/**
 * The services whose resources can point at an IAM server certificate. Kept
 * in the core, with no imports, because errors of every layer name them
 * (`UsageLookupError`), and the core and `src/errors.ts` must never import
 * from the layers above them.
 */
export const UsageService = {
  /** Classic Load Balancer listeners (`elasticloadbalancing` 2012-06-01). */
  Elb: 'elb',
  /** Application and Network Load Balancer listeners (`elasticloadbalancing` 2015-12-01). */
  Elbv2: 'elbv2',
  /** CloudFront distributions' viewer certificate. */
  CloudFront: 'cloudfront',
} as const;

export type UsageService = (typeof UsageService)[keyof typeof UsageService];
