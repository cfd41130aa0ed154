import type { CertificateTags } from '../core/certificate-policy';
import { expiryEvent, type EventUsage, type ExpiryEvent, type ExpiryEventContext } from '../core/expiry-event';
import type { ServerCertificate } from '../core/server-certificate';
import type { UsageInventory } from '../usage/certificate-usage';
import { describeUsage } from '../usage/format-usage';
import { usageOf } from '../usage/usage-of';

/** One certificate as a periodic run judged it: what its event may say. */
export interface CertificateForEvent {
  readonly certificate: ServerCertificate;
  /** Its tags, when the run read them. */
  readonly tags: CertificateTags | undefined;
  /** Its owner, when owners are named and it has one. */
  readonly owner: string | undefined;
}

/**
 * The expiry events of one periodic run, gathered page by page while the
 * evaluations are delivered and put on the bus only once AWS Config has them
 * all (src/rule/run-rule.ts). Only expired and expiring certificates have one,
 * so the list is as long as the account's problem, not its size.
 */
export class ExpiryEventCollector {
  private readonly gathered: ExpiryEvent[] = [];

  public constructor(
    private readonly context: ExpiryEventContext,
    private readonly now: Date,
  ) {}

  /** Adds the events of a page's certificates; `inventory` when the usage check is on. */
  public add(page: readonly CertificateForEvent[], inventory: UsageInventory | undefined): void {
    for (const { certificate, tags, owner } of page) {
      const event = expiryEvent(certificate, this.now, this.context, {
        ...(tags === undefined ? {} : { tags }),
        ...(owner === undefined ? {} : { owner }),
        ...(inventory === undefined ? {} : { usage: eventUsageOf(certificate, inventory) }),
      });
      if (event !== undefined) this.gathered.push(event);
    }
  }

  /** Every event gathered so far, in listing order. */
  public get events(): readonly ExpiryEvent[] {
    return this.gathered;
  }
}

/**
 * What the usage check found for the certificate, as its event says it:
 * `in-use` with each consumer and its region, `not-referenced` only when every
 * region enabled for the account was scanned, else `unknown`.
 */
export function eventUsageOf(certificate: ServerCertificate, inventory: UsageInventory): EventUsage {
  const usage = usageOf(certificate, inventory);
  return { state: usage.state, consumers: usage.usages.map((consumer) => `${describeUsage(consumer)} (${consumer.region})`) };
}
