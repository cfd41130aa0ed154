import { evaluateCertificate } from '../core/evaluate-certificate';
import { SERVER_CERTIFICATE_RESOURCE_TYPE, type Evaluation } from '../core/evaluation';
import { reportingIds } from '../core/reporting-ids';
import type { RuleParameters } from '../core/rule-parameters';
import type { ServerCertificate } from '../core/server-certificate';
import { clearStaleResults, resultKey, type RecordedResult } from '../core/stale-results';
import type { TimeBudget } from '../core/time-budget';
import type { UsageInventory } from '../usage/certificate-usage';
import { annotateUsage } from './annotate-usage';
import type { RecordedCertificates, RuleDependencies } from './ports';

/** How much of IAM's listing AWS Config's recorder knows, for the log and metrics. */
export interface RecordingCheck {
  /** False when the region has no configuration recorder at all. */
  readonly recorderAvailable: boolean;
  readonly certificatesInIam: number;
  /** Certificates in IAM that Config's recorder does not list. */
  readonly certificatesNotRecorded: number;
}

export interface PeriodicRun {
  readonly ruleName: string;
  readonly parameters: Pick<RuleParameters, 'daysToExpiration'>;
  /** The instant expiry is judged against. */
  readonly now: Date;
  /** The notification's creation time, which Config orders results by. */
  readonly orderingTimestamp: Date;
  /** Stops new reads once the invocation's time is nearly spent. */
  readonly budget: TimeBudget;
  /** Regions to scan for consumers when the usage check is on; absent: off. */
  readonly usageRegions?: readonly string[];
  /** Told once the listing is complete how much of it Config's recorder knows. */
  readonly onRecordingCheck?: (check: RecordingCheck) => void;
}

/**
 * The periodic check: every certificate in IAM gets a verdict, under the ids
 * of {@link reportingIds}, and every earlier result the run did not report
 * becomes NOT_APPLICABLE. Evaluations are yielded one IAM page at a time, so
 * a large account is delivered while it is read, never held whole; stale
 * results come last, only after the listing completed.
 */
export async function* evaluatePeriodic(dependencies: RuleDependencies, run: PeriodicRun): AsyncGenerator<Evaluation> {
  const pages = prefetching(dependencies.certificates.pages(run.budget));
  // Independent reads, in parallel with IAM's first page: wall time is the longest, not the sum.
  const [recording, recorded, inventory] = await Promise.all([
    dependencies.resourceIds.serverCertificates(run.budget),
    dependencies.recordedResults.compliantOrNonCompliant(run.ruleName, run.budget),
    run.usageRegions !== undefined && dependencies.usage !== undefined
      ? dependencies.usage.scan(run.usageRegions, run.budget)
      : undefined,
    pages.started,
  ]);
  const earlierIds = serverCertificateIds(recorded);
  const reported = new Set<string>();
  let inIam = 0;
  let notRecorded = 0;
  for await (const page of pages) {
    inIam += page.length;
    notRecorded += page.filter((certificate) => !recording.idsByName.has(certificate.name)).length;
    for (const evaluation of judgePage(page, recording, earlierIds, inventory, run)) {
      reported.add(resultKey(evaluation));
      yield evaluation;
    }
  }
  run.onRecordingCheck?.({ recorderAvailable: recording.recorderAvailable, certificatesInIam: inIam, certificatesNotRecorded: notRecorded });
  yield* clearStaleResults(recorded, reported, run.orderingTimestamp);
}

function judgePage(
  page: readonly ServerCertificate[],
  recording: RecordedCertificates,
  earlierIds: ReadonlySet<string>,
  inventory: UsageInventory | undefined,
  run: PeriodicRun,
): Evaluation[] {
  const judged = page.flatMap((certificate) => {
    const verdict = evaluateCertificate(certificate, run.now, run.parameters);
    return reportingIds(certificate, recording.idsByName.get(certificate.name), earlierIds).map((resourceId) => ({
      certificate,
      evaluation: { resourceType: SERVER_CERTIFICATE_RESOURCE_TYPE, resourceId, ...verdict, orderingTimestamp: run.orderingTimestamp },
    }));
  });
  return inventory === undefined ? judged.map((j) => j.evaluation) : annotateUsage(judged, inventory);
}

function serverCertificateIds(recorded: readonly RecordedResult[]): Set<string> {
  return new Set(recorded.filter((r) => r.resourceType === SERVER_CERTIFICATE_RESOURCE_TYPE).map((r) => r.resourceId));
}

/**
 * Iterates `source` one page ahead: the next page is requested as soon as the
 * current one arrives, so IAM reads overlap the delivery of the page before.
 * At most two pages are held. `started` settles with the first page.
 */
function prefetching<T>(source: AsyncIterable<T>): AsyncIterable<T> & { readonly started: Promise<unknown> } {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  // Handled here so a failure while the caller is busy is not "unhandled"; it is rethrown when awaited below.
  next.catch(() => undefined);
  return {
    started: next,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const current = await next;
        if (current.done === true) return;
        next = iterator.next();
        next.catch(() => undefined);
        yield current.value;
      }
    },
  };
}
