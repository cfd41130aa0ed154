import type { ServerCertificate } from '../core/server-certificate';
import type { RecordedResult } from '../core/stale-results';
import type { TimeBudget } from '../core/time-budget';
import type { UsageInventory } from '../usage/certificate-usage';

/** Where the rule reads certificates from (IAM in production). */
export interface CertificateSource {
  listAll(budget: TimeBudget): Promise<ServerCertificate[]>;
  /** `undefined` when the certificate no longer exists. */
  get(name: string, budget: TimeBudget): Promise<ServerCertificate | undefined>;
}

/** Where the rule learns the resource ids AWS Config recorded. */
export interface ResourceIdSource {
  serverCertificateIdsByName(budget: TimeBudget): Promise<Map<string, string>>;
}

/** Where the rule reads the results it reported before. */
export interface RecordedResultSource {
  compliantOrNonCompliant(ruleName: string, budget: TimeBudget): Promise<RecordedResult[]>;
}

/** Where the rule learns what uses each certificate (load balancers, CloudFront). */
export interface UsageSource {
  /** Never throws for a failed look-up: failures come back in the inventory. */
  scan(regions: readonly string[], budget: TimeBudget): Promise<UsageInventory>;
}

/** Everything the rule reads; the handler wires the AWS adapters in. */
export interface RuleDependencies {
  readonly certificates: CertificateSource;
  readonly resourceIds: ResourceIdSource;
  readonly recordedResults: RecordedResultSource;
  /** Present when the usage check is on. */
  readonly usage?: UsageSource;
}
