import { ComplianceType } from '../core/compliance-type';
import { ExpiryState } from '../core/evaluate-certificate';
import type { Evaluation } from '../core/evaluation';
import { NotApplicableReason } from '../core/not-applicable';
import type { RecordingCheck } from './evaluate-periodic';
import type { FindingsSummary } from './publish-findings';
import type { ScheduleSummary } from './keep-evaluation-schedule';

/** What one invocation did: logged, published as metrics, and returned. */
export interface RunSummary {
  readonly rule: string;
  readonly accountId: string;
  readonly messageType: string;
  /** Certificates judged on their expiry (not counting NOT_APPLICABLE ones). */
  readonly certificatesEvaluated: number;
  readonly expired: number;
  readonly expiring: number;
  readonly valid: number;
  /**
   * Runs that read tags: evaluations expired or expiring, yet COMPLIANT
   * under an exception tag (warning rule with tagOverrides). NON_COMPLIANT
   * ones are `expired + expiring - excepted`.
   */
  readonly excepted?: number;
  /** NOT_APPLICABLE for deleted, unrecorded or out-of-scope resources. */
  readonly notApplicable: number;
  /** Earlier results cleared because the certificate is gone. */
  readonly staleCleared: number;
  /**
   * 1 when a periodic run found no server certificate in IAM and reported the
   * account itself (`AWS::::Account`) NOT_APPLICABLE, else 0.
   */
  readonly accountNotApplicable: number;
  readonly putEvaluationsCalls: number;
  /** Periodic runs: how much of IAM's listing AWS Config's recorder knows. */
  readonly recording?: RecordingCheck;
  /** Periodic runs with Security Hub findings on: what was imported and archived. */
  readonly findings?: FindingsSummary;
  /** Runs that read tags: certificates whose tags were read (one `ListServerCertificateTags` call each, in practice). */
  readonly tagReads?: number;
  /** Periodic runs with `expiryEvents` on that put their events: how many, in how many calls. */
  readonly expiryEvents?: ExpiryEventsSummary;
  /** Periodic runs with evaluateAtExpiry: what was done with the rule's schedule, and its instant. */
  readonly schedule?: ScheduleSummary;
}

/** What a periodic run put on the event bus. */
export interface ExpiryEventsSummary {
  /** Expiry events put: one per expired or expiring certificate. */
  readonly put: number;
  /** `PutEvents` calls, resends included (none when no certificate needed an event). */
  readonly putEventsCalls: number;
}

/** Counts evaluations by state as they stream past, so the summary needs no list of them. */
export class RunTally {
  private readonly counts = new Map<Evaluation['state'], number>();
  private total = 0;
  private excepted = 0;

  /** Passes every evaluation through unchanged, counting it. */
  public async *count(evaluations: AsyncIterable<Evaluation>): AsyncGenerator<Evaluation> {
    for await (const evaluation of evaluations) {
      this.counts.set(evaluation.state, (this.counts.get(evaluation.state) ?? 0) + 1);
      this.total += 1;
      // Only an exception makes an expired or expiring certificate COMPLIANT (src/core/certificate-policy.ts).
      if (evaluation.complianceType === ComplianceType.Compliant && (evaluation.state === ExpiryState.Expired || evaluation.state === ExpiryState.Expiring)) this.excepted += 1;
      yield evaluation;
    }
  }

  /** The summary of everything counted so far. */
  public summary(run: Pick<RunSummary, 'rule' | 'accountId' | 'messageType' | 'putEvaluationsCalls' | 'recording' | 'findings' | 'tagReads' | 'expiryEvents' | 'schedule'>): RunSummary {
    const count = (state: Evaluation['state']): number => this.counts.get(state) ?? 0;
    const expired = count(ExpiryState.Expired);
    const expiring = count(ExpiryState.Expiring);
    const valid = count(ExpiryState.Valid);
    const staleCleared = count(NotApplicableReason.NoLongerPresent);
    const accountNotApplicable = count(NotApplicableReason.NoCertificatesInAccount);
    return {
      ...run,
      certificatesEvaluated: expired + expiring + valid,
      expired,
      expiring,
      valid,
      ...(run.tagReads === undefined ? {} : { excepted: this.excepted }),
      notApplicable: this.total - expired - expiring - valid - staleCleared - accountNotApplicable,
      staleCleared,
      accountNotApplicable,
    };
  }
}
