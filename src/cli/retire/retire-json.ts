import { isoSeconds } from '../../core/annotation';
import type { ServerCertificate } from '../../core/server-certificate';
import type { UsageScopeSummary } from '../usage-scope-summary';
import type { RetireDecision } from './retire-decision';

/** What `retire` decided, or did, for one certificate. */
export interface RetireOutcome {
  readonly certificate: ServerCertificate;
  readonly decision: RetireDecision;
  readonly reason: string;
}

/** `retire --json`: stable field names, for scripts. */
export interface RetireJson {
  readonly generatedAt: string;
  readonly command: 'retire';
  readonly dryRun: boolean;
  /** The account of the credentials (STS GetCallerIdentity, as `report --json` gives it). */
  readonly account: string;
  /** Which regions the usage scan checked; `null` when nothing had expired, so nothing was scanned. */
  readonly usageScope: UsageScopeSummary | null;
  /** False when the run stopped before deciding on every certificate (then the exit code is 1 and stderr says why). */
  readonly complete: boolean;
  readonly certificates: readonly {
    readonly name: string;
    readonly id: string;
    readonly arn: string;
    readonly expiration: string;
    /** `would-delete`, `deleted`, `kept` or `failed`. */
    readonly decision: RetireDecision;
    /** Why: kept ones say why they were kept (not expired, in use, usage unknown, regions left out, replaced, DeleteConflict…). */
    readonly reason: string;
  }[];
}

/** Every outcome as one pretty-printed JSON document. */
export function formatRetireJson(
  run: { readonly now: Date; readonly dryRun: boolean; readonly account: string; readonly usageScope: UsageScopeSummary | undefined; readonly complete: boolean },
  outcomes: readonly RetireOutcome[],
): string {
  const document: RetireJson = {
    generatedAt: isoSeconds(run.now),
    command: 'retire',
    dryRun: run.dryRun,
    account: run.account,
    usageScope: run.usageScope ?? null,
    complete: run.complete,
    certificates: outcomes.map(({ certificate, decision, reason }) => ({
      name: certificate.name,
      id: certificate.id,
      arn: certificate.arn,
      expiration: isoSeconds(certificate.expiration),
      decision,
      reason,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
