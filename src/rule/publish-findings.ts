import {
  archivedFinding,
  certificateFinding,
  defaultProductArn,
  findingId,
  type FindingContext,
  type JudgedForFinding,
  type SecurityHubFinding,
} from '../core/security-hub-finding';
import type { TimeBudget } from '../core/time-budget';
import type { FindingStore } from './ports';

/** What a periodic run did in Security Hub. */
export interface FindingsSummary {
  /** Findings created or refreshed, one per certificate in IAM. */
  readonly imported: number;
  /** Findings of certificates no longer in IAM, archived. */
  readonly archived: number;
  readonly batchImportCalls: number;
}

/**
 * Keeps the account's Security Hub findings in step with IAM over one
 * periodic run: every certificate's finding is created or refreshed (so none
 * reaches Security Hub's 90-day age-out while the certificate is stored), keeping
 * when it was first seen; at the end, the active findings of certificates
 * that are gone are archived. A certificate with an active finding gets an
 * update (no top-level severity or types); one without gets a new finding.
 */
export class FindingsPublisher {
  private readonly previous = new Map<string, SecurityHubFinding>();
  private readonly published = new Set<string>();
  private imported = 0;
  private calls = 0;

  public constructor(
    private readonly store: FindingStore,
    private readonly context: FindingContext,
  ) {}

  /** Reads the rule's active findings: what to keep the first-seen times of, and what may need archiving. */
  public async start(budget: TimeBudget): Promise<void> {
    const filter = {
      productArn: defaultProductArn(this.context.partition, this.context.region, this.context.accountId),
      generatorId: this.context.ruleName,
      accountId: this.context.accountId,
    };
    for (const finding of await this.store.activeFindings(filter, budget)) this.previous.set(finding.Id, finding);
  }

  /** Creates or refreshes the findings of one page of judged certificates. */
  public async publish(judged: readonly JudgedForFinding[], budget: TimeBudget): Promise<void> {
    if (judged.length === 0) return;
    const findings = judged.map((item) => {
      const previous = this.previous.get(findingId(this.context, item.certificate.name));
      const earlier = previous === undefined ? undefined : { createdAt: previous.CreatedAt, firstObservedAt: previous.FirstObservedAt, updatedAt: previous.UpdatedAt };
      return certificateFinding(item, this.context, earlier);
    });
    this.calls += (await this.store.importFindings(findings, budget)).calls;
    for (const finding of findings) this.published.add(finding.Id);
    this.imported += findings.length;
  }

  /** After the complete listing: archives the findings of certificates this run did not see. */
  public async finish(budget: TimeBudget): Promise<FindingsSummary> {
    const gone = [...this.previous.values()].filter((finding) => !this.published.has(finding.Id)).map((finding) => archivedFinding(finding, this.context.now));
    if (gone.length > 0) this.calls += (await this.store.importFindings(gone, budget)).calls;
    return { imported: this.imported, archived: gone.length, batchImportCalls: this.calls };
  }
}
