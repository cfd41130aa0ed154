import { ExpiryState } from '../core/evaluate-certificate';
import type { Evaluation } from '../core/evaluation';
import { NotApplicableReason } from '../core/not-applicable';

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
  /** NOT_APPLICABLE for deleted, unrecorded or out-of-scope resources. */
  readonly notApplicable: number;
  /** Earlier results cleared because the certificate is gone. */
  readonly staleCleared: number;
  readonly putEvaluationsCalls: number;
}

/** Counts evaluations by state. */
export function summarize(
  evaluations: readonly Evaluation[],
  run: Pick<RunSummary, 'rule' | 'accountId' | 'messageType' | 'putEvaluationsCalls'>,
): RunSummary {
  const count = (state: Evaluation['state']): number => evaluations.filter((e) => e.state === state).length;
  const expired = count(ExpiryState.Expired);
  const expiring = count(ExpiryState.Expiring);
  const valid = count(ExpiryState.Valid);
  const staleCleared = count(NotApplicableReason.NoLongerPresent);
  return {
    ...run,
    certificatesEvaluated: expired + expiring + valid,
    expired,
    expiring,
    valid,
    notApplicable: evaluations.length - expired - expiring - valid - staleCleared,
    staleCleared,
  };
}
