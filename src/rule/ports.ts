import type { Evaluation } from '../core/evaluation';
import type { ServerCertificate } from '../core/server-certificate';
import type { RecordedResult } from '../core/stale-results';
import type { TimeBudget } from '../core/time-budget';
import type { UsageInventory } from '../usage/certificate-usage';

/** Where the rule reads certificates from (IAM in production). */
export interface CertificateSource {
  /**
   * Every certificate, one listing page at a time, so a large account is
   * judged and delivered page by page instead of held whole in memory. A
   * listing that cannot complete throws rather than ending early.
   */
  pages(budget: TimeBudget): AsyncIterable<readonly ServerCertificate[]>;
  /** `undefined` when the certificate no longer exists. */
  get(name: string, budget: TimeBudget): Promise<ServerCertificate | undefined>;
}

/** What AWS Config's recorder knows of the account's server certificates. */
export interface RecordedCertificates {
  /**
   * False when the region has no configuration recorder at all
   * (`NoAvailableConfigurationRecorderException`).
   */
  readonly recorderAvailable: boolean;
  /** Certificate name → the resource id Config recorded it under. */
  readonly idsByName: ReadonlyMap<string, string>;
}

/** Where the rule learns the resource ids AWS Config recorded. */
export interface ResourceIdSource {
  serverCertificates(budget: TimeBudget): Promise<RecordedCertificates>;
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

/** Where evaluations go (AWS Config's PutEvaluations in production). */
export interface EvaluationSink {
  /**
   * Delivers every evaluation as it comes, so a large run never holds all of
   * them at once; fails if any is not delivered.
   */
  report(evaluations: Iterable<Evaluation> | AsyncIterable<Evaluation>, resultToken: string, budget: TimeBudget): Promise<{ calls: number }>;
}
