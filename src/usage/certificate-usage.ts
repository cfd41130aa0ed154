import { UsageService } from '../core/usage-service';

export { UsageService };

/** The region label of a global service's usages and failures (CloudFront). */
export const GLOBAL_REGION = 'global';

/** One resource that serves a certificate. */
export interface Usage {
  readonly service: UsageService;
  /** Load balancer name, or CloudFront distribution id. */
  readonly resource: string;
  /** Where on the resource: the listener port (`443`, `443 additional`), or a distribution's first alias. */
  readonly detail: string;
  /** The resource's region, or {@link GLOBAL_REGION}. */
  readonly region: string;
}

/**
 * How a reference names the certificate: load balancers store its ARN,
 * CloudFront stores its `ServerCertificateId` (`IAMCertificateId`), never the ARN.
 */
export type CertificateKey =
  | { readonly by: 'arn'; readonly value: string }
  | { readonly by: 'id'; readonly value: string };

/** A resource found pointing at some certificate. */
export interface CertificateReference {
  readonly certificate: CertificateKey;
  readonly usage: Usage;
}

/**
 * A look-up that failed: what it would have found is unknown, so no
 * certificate may be called unreferenced while this stands.
 */
export interface UsageFailure {
  readonly service: UsageService;
  readonly region: string;
  /** The IAM action of the call that failed, e.g. `elasticloadbalancing:DescribeLoadBalancers`. */
  readonly action: string;
  /** The error's name and message, e.g. `AccessDenied: User … is not authorized`. */
  readonly reason: string;
}

/** Everything one scan found, across services and regions. */
export interface UsageInventory {
  readonly references: readonly CertificateReference[];
  readonly failures: readonly UsageFailure[];
}

/** What is known about one certificate's consumers. */
export const UsageState = {
  /** At least one resource serves it (whatever else failed). */
  InUse: 'in-use',
  /** Every look-up succeeded and none found it. */
  NotReferenced: 'not-referenced',
  /** Nothing found, but some look-up failed: it may still be in use. */
  Unknown: 'unknown',
} as const;

export type UsageState = (typeof UsageState)[keyof typeof UsageState];

/** The usage verdict for one certificate. */
export interface CertificateUsage {
  readonly state: UsageState;
  readonly usages: readonly Usage[];
  /** The failed look-ups; non-empty whenever `state` is `unknown`. */
  readonly failures: readonly UsageFailure[];
}
