import type { Evaluation } from '../core/evaluation';
import type { EvaluationSchedule } from '../core/evaluation-schedule';
import type { ExpiryEvent } from '../core/expiry-event';
import type { SecurityHubFinding } from '../core/security-hub-finding';
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

/** Where the rule reads a certificate's tags (IAM's `ListServerCertificateTags`). */
export interface CertificateTagSource {
  tagsOf(name: string, budget: TimeBudget): Promise<ReadonlyMap<string, string>>;
}

/** Which findings are this rule's: its generator, in the account's own product. */
export interface ActiveFindingsFilter {
  readonly productArn: string;
  readonly generatorId: string;
  readonly accountId: string;
}

/** Security Hub findings this rule imported before that are still active. */
export interface FindingStore {
  /** The active findings of the rule (`generatorId`) in the account's default product. */
  activeFindings(filter: ActiveFindingsFilter, budget: TimeBudget): Promise<SecurityHubFinding[]>;
  /** Imports (creates or updates) findings; fails if any is not accepted. */
  importFindings(findings: readonly SecurityHubFinding[], budget: TimeBudget): Promise<{ calls: number }>;
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
  /**
   * Scans `regions`, or every region enabled for the account when
   * `undefined`. Never throws for a failed look-up: failures, and the regions
   * left out, come back in the inventory.
   */
  scan(regions: readonly string[] | undefined, budget: TimeBudget): Promise<UsageInventory>;
}

/** The usage check asked for: the regions to scan, `undefined` for every region enabled for the account. */
export interface UsageRequest {
  readonly regions: readonly string[] | undefined;
}

/** Everything the rule reads; the handler wires the AWS adapters in. */
export interface RuleDependencies {
  readonly certificates: CertificateSource;
  readonly resourceIds: ResourceIdSource;
  readonly recordedResults: RecordedResultSource;
  /** Present when the usage check is on. */
  readonly usage?: UsageSource;
  /** Present when owners are named (an owner tag key in effect). */
  readonly tags?: CertificateTagSource;
  /** Present when Security Hub findings are on. */
  readonly findings?: FindingStore;
  /** Present when expiry events are on (`expiryEvents`). */
  readonly expiryEvents?: ExpiryEventSink;
}

/** Where expiry events go (EventBridge `PutEvents` in production). */
export interface ExpiryEventSink {
  /** Puts every event; fails, after resending what a resend can fix, if any is not accepted. */
  put(events: readonly ExpiryEvent[], budget: TimeBudget): Promise<{ readonly put: number; readonly calls: number }>;
}

/** Where evaluations go (AWS Config's PutEvaluations in production). */
export interface EvaluationSink {
  /**
   * Delivers every evaluation as it comes, so a large run never holds all of
   * them at once; fails if any is not delivered.
   */
  report(evaluations: Iterable<Evaluation> | AsyncIterable<Evaluation>, resultToken: string, budget: TimeBudget): Promise<{ calls: number }>;
}

// --- evaluateAtExpiry (issue 21 part 3) ---
/** What keeping the schedule did: the write it made, if any. */
export type ScheduleChange = 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent';

/** Where a rule keeps its one-time evaluation schedule (EventBridge Scheduler in production). */
export interface EvaluationScheduleStore {
  /** Makes the schedule exactly `schedule`, creating it or updating the one of that name and group. */
  put(schedule: EvaluationSchedule, budget: TimeBudget): Promise<ScheduleChange>;
  /** Deletes the schedule `name` of `group`; one that is not there is fine. */
  remove(name: string, group: string, budget: TimeBudget): Promise<ScheduleChange>;
}
// --- end evaluateAtExpiry ---
