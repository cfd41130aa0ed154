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

/** Why a region that may hold consumers was not scanned. */
export const RegionGapReason = {
  /** Enabled for the account, but left out by the caller's list (`--regions`, `usageRegions`). */
  NotRequested: 'not-requested',
  /**
   * Being enabled or disabled (Account Management `RegionOptStatus` ENABLING
   * or DISABLING): resources there may exist, and cannot be relied on to be read.
   */
  Changing: 'changing',
  /** Asked for, but not a region enabled for the account: a typo, or a region opted out of. */
  NotEnabled: 'not-enabled',
} as const;

export type RegionGapReason = (typeof RegionGapReason)[keyof typeof RegionGapReason];

/** A region the scan did not look at, and why. */
export interface RegionGap {
  readonly region: string;
  readonly reason: RegionGapReason;
  /** For a changing region, its status (`ENABLING`, `DISABLING`, or one AWS adds later). */
  readonly status?: string;
}

/**
 * Which regions a scan covers, against every region enabled for the account.
 * Usage is complete, and a certificate may be called unreferenced, only when
 * the account's regions are known and every enabled one was scanned (a region
 * whose scan failed shows in the inventory's failures).
 */
export interface RegionCoverage {
  /** Every region enabled for the account, sorted; `undefined` when the list could not be read. */
  readonly enabled: readonly string[] | undefined;
  /** Why the account's regions are unknown (`account:ListRegions` failed: `AccessDenied: …`). */
  readonly listFailure: string | undefined;
  /** Regions whose load balancers are scanned, sorted. */
  readonly scanned: readonly string[];
  /** Regions that may hold consumers and are not scanned, each with why. */
  readonly gaps: readonly RegionGap[];
}

/** Everything one scan found, across services and regions, and which regions it covered. */
export interface UsageInventory {
  readonly references: readonly CertificateReference[];
  readonly failures: readonly UsageFailure[];
  readonly coverage: RegionCoverage;
}

/** What is known about one certificate's consumers. */
export const UsageState = {
  /** At least one resource serves it (whatever else failed). */
  InUse: 'in-use',
  /** Every look-up succeeded, in every region enabled for the account, and none found it. */
  NotReferenced: 'not-referenced',
  /** Nothing found, but some look-up failed or some enabled region was not scanned: it may still be in use. */
  Unknown: 'unknown',
} as const;

export type UsageState = (typeof UsageState)[keyof typeof UsageState];

/** The usage verdict for one certificate. */
export interface CertificateUsage {
  readonly state: UsageState;
  readonly usages: readonly Usage[];
  /** The failed look-ups; with {@link RegionCoverage}'s gaps, why `state` is `unknown`. */
  readonly failures: readonly UsageFailure[];
  /** The regions the scan covered. */
  readonly coverage: RegionCoverage;
}
