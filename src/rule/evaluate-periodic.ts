import { accountWithoutCertificates } from '../core/account-evaluation';
import { judgeCertificate, type CertificatePolicy, type CertificateTags } from '../core/certificate-policy';
import type { CertificateVerdict } from '../core/evaluate-certificate';
import { EarliestCrossing } from '../core/evaluation-schedule';
import { SERVER_CERTIFICATE_RESOURCE_TYPE, type Evaluation } from '../core/evaluation';
import { reportingIds } from '../core/reporting-ids';
import { policyParameters, type RuleParameters } from '../core/rule-parameters';
import type { FindingContext, JudgedForFinding } from '../core/security-hub-finding';
import type { ExpiryEvent, ExpiryEventContext } from '../core/expiry-event';
import type { ServerCertificate } from '../core/server-certificate';
import { clearStaleResults, resultKey, type RecordedResult } from '../core/stale-results';
import type { TimeBudget } from '../core/time-budget';
import { TimeBudgetExceededError } from '../errors';
import { usageNotes, withNotes } from './annotation-notes';
import type { RecordedCertificates, RuleDependencies, UsageRequest } from './ports';
import { ExpiryEventCollector } from './expiry-events';
import { FindingsPublisher, type FindingsSummary } from './publish-findings';
import { ownerNoteOf, ownerOf, tagReaderFor } from './read-tags';

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
  /** The account listed (the event's `accountId`): an account with no certificate is reported under it. */
  readonly accountId: string;
  /** The window, and whether certificates' tags may override it (off when absent). */
  readonly parameters: Pick<RuleParameters, 'daysToExpiration'> & Partial<Pick<RuleParameters, 'tagOverrides' | 'maxExceptionDays'>>;
  /** The instant expiry is judged against. */
  readonly now: Date;
  /** The notification's creation time, which Config orders results by. */
  readonly orderingTimestamp: Date;
  /** Stops new reads once the invocation's time is nearly spent. */
  readonly budget: TimeBudget;
  /** Present when the usage check is on: which regions to scan for consumers. */
  readonly usage?: UsageRequest;
  /** Present: each certificate's owner (this tag's value) in its annotation and finding. */
  readonly ownerTagKey?: string;
  /** Present: one Security Hub finding per certificate, for this context. */
  readonly findings?: FindingContext;
  /** Told once the listing is complete how much of it Config's recorder knows. */
  readonly onRecordingCheck?: (check: RecordingCheck) => void;
  /** Told, with Security Hub on, what the run did there. */
  readonly onFindings?: (summary: FindingsSummary) => void;
  /**
   * Told, once every evaluation has been yielded, why Security Hub failed
   * this run; the caller fails the invocation after delivering them. Absent:
   * the failure is thrown when the evaluations are done instead.
   */
  readonly onFindingsFailure?: (error: unknown) => void;
  /**
   * Told, once every evaluation has been yielded, that some certificates'
   * tags could not be read (a {@link TagReadError}); absent: thrown then.
   */
  readonly onTagReadFailure?: (error: unknown) => void;
  /** Told, at the end, how many certificates' tags were read (`ListServerCertificateTags` calls, one page each in practice). */
  readonly onTagReads?: (reads: number) => void;
  /** Present: one expiry event per expired or expiring certificate, for this context (src/core/expiry-event.ts). */
  readonly expiryEvents?: ExpiryEventContext;
  /**
   * Told, once every evaluation has been yielded and the listing was
   * complete, the run's expiry events: the caller puts them on the bus after
   * AWS Config has every evaluation.
   */
  readonly onExpiryEvents?: (events: readonly ExpiryEvent[]) => void;
  // --- evaluateAtExpiry (issue 21 part 3) ---
  /**
   * Present: told, once the listing is complete, the earliest instant after
   * `now` at which a certificate's verdict changes (`undefined`: none ever
   * will). Absent, nothing is computed for it.
   */
  readonly onNextCrossing?: (instant: Date | undefined) => void;
  // --- end evaluateAtExpiry ---
}

/** One certificate of a page, judged, with the notes its annotation and finding carry. */
interface Judged {
  readonly certificate: ServerCertificate;
  readonly verdict: CertificateVerdict;
  /** Its window and exception, from its tags when overrides are on. */
  readonly policy: CertificatePolicy;
  /** What the tags did, for the annotation. */
  readonly overrideNote: string | undefined;
  /** The annotation's owner note; `undefined` when owners are off. */
  readonly ownerNote: string | undefined;
  /** The annotation's usage note. */
  readonly usage: string | undefined;
  /** The finding's longer account of the same. */
  readonly findingUsage: string | undefined;
  readonly owner: string | undefined;
  /** Why its tags could not be read, when they could not. */
  readonly tagsUnread: string | undefined;
  /** Its tags, when the run read them. */
  readonly tags: CertificateTags | undefined;
}

/**
 * The periodic check: every certificate in IAM gets a verdict, under the ids
 * of {@link reportingIds}, and every earlier result the run did not report
 * becomes NOT_APPLICABLE. Evaluations are yielded one IAM page at a time, so
 * a large account is delivered while it is read, never held whole; stale
 * results come last, only after the listing completed. A complete listing
 * with no certificate at all ends with the account's own NOT_APPLICABLE
 * ({@link accountWithoutCertificates}), so a run always reports something,
 * even with no earlier results to clear. With an owner tag,
 * annotations name each certificate's owner; with Security Hub findings on,
 * each page's findings are imported before its evaluations are handed on,
 * and findings of certificates that are gone are archived at the end.
 * Config's results come first: when a Security Hub step fails (not enabled,
 * refused, denied), the run stops using Security Hub, still yields every
 * evaluation, and hands that failure to `onFindingsFailure` at the end, so
 * the invocation can fail loudly without leaving Config's results stale.
 * With expiry events on, each expired or expiring certificate's event is
 * gathered as its page is judged and handed to `onExpiryEvents` at the end,
 * for the caller to put once Config has every evaluation.
 */
export async function* evaluatePeriodic(dependencies: RuleDependencies, run: PeriodicRun): AsyncGenerator<Evaluation> {
  const publisher = run.findings !== undefined && dependencies.findings !== undefined ? new FindingsPublisher(dependencies.findings, run.findings) : undefined;
  const findings = new DeferredFailure();
  const parameters = policyParameters(run.parameters);
  const tagReader = tagReaderFor(dependencies, run.ownerTagKey, parameters, run.now);
  const expiryEvents = run.expiryEvents === undefined ? undefined : new ExpiryEventCollector(run.expiryEvents, run.now);
  // Independent reads, in parallel with IAM's first page: wall time is the longest, not the sum.
  // When one fails the run is over: the others are cancelled, not left to retry after it.
  const reads = run.budget.linked();
  const pages = prefetching(dependencies.certificates.pages(reads.budget));
  const [recording, recorded, inventory] = await Promise.all([
    dependencies.resourceIds.serverCertificates(reads.budget),
    dependencies.recordedResults.compliantOrNonCompliant(run.ruleName, reads.budget),
    run.usage !== undefined && dependencies.usage !== undefined
      ? dependencies.usage.scan(run.usage.regions, reads.budget)
      : undefined,
    pages.started,
    publisher === undefined ? undefined : findings.attempt(() => publisher.start(reads.budget)),
  ]).catch((error: unknown) => {
    reads.cancel(error);
    throw error;
  });
  const earlierIds = serverCertificateIds(recorded);
  const crossing = run.onNextCrossing === undefined ? undefined : new EarliestCrossing(run.now, parameters);
  const reported = new Set<string>();
  let inIam = 0;
  let notRecorded = 0;
  for await (const page of pages) {
    inIam += page.length;
    notRecorded += page.filter((certificate) => !recording.idsByName.has(certificate.name)).length;
    const tagsOfPage = tagReader === undefined ? undefined : await tagReader.read(page, run.budget);
    const judged = page.map((certificate, index): Judged => {
      const tags = tagsOfPage?.[index];
      const { verdict, policy, note } = judgeCertificate(certificate, run.now, parameters, tags);
      crossing?.add(certificate, tags);
      const notes = inventory === undefined ? undefined : usageNotes(certificate, inventory, verdict, publisher !== undefined);
      return {
        certificate,
        verdict,
        policy,
        overrideNote: note,
        ownerNote: run.ownerTagKey === undefined ? undefined : ownerNoteOf(tags, run.ownerTagKey),
        usage: notes?.annotation,
        findingUsage: notes?.finding,
        owner: run.ownerTagKey === undefined ? undefined : ownerOf(tags, run.ownerTagKey),
        tagsUnread: tags?.kind === 'unreadable' ? tags.reason : undefined,
        tags,
      };
    });
    expiryEvents?.add(judged, inventory);
    if (publisher !== undefined) {
      await findings.attempt(() =>
        publisher.publish(
          judged.map(
            ({ certificate, verdict, policy, owner, findingUsage, tagsUnread }): JudgedForFinding => ({
              certificate,
              verdict,
              owner,
              usage: findingUsage,
              policy,
              ...(tagsUnread === undefined ? {} : { tagsUnread }),
            }),
          ),
          run.budget,
        ),
      );
    }
    for (const evaluation of evaluationsOf(judged, recording, earlierIds, run)) {
      reported.add(resultKey(evaluation));
      yield evaluation;
    }
  }
  run.onRecordingCheck?.({ recorderAvailable: recording.recorderAvailable, certificatesInIam: inIam, certificatesNotRecorded: notRecorded });
  run.onNextCrossing?.(crossing?.instant);
  if (publisher !== undefined) await findings.attempt(async () => run.onFindings?.(await publisher.finish(run.budget)));
  const account = inIam === 0 ? accountWithoutCertificates(run.accountId, run.orderingTimestamp) : undefined;
  // Reported by this run, so an earlier result under the account's id (another tool's) is not cleared twice.
  if (account !== undefined) reported.add(resultKey(account));
  yield* clearStaleResults(recorded, reported, run.orderingTimestamp);
  if (account !== undefined) yield account;
  if (tagReader !== undefined) run.onTagReads?.(tagReader.reads);
  if (expiryEvents !== undefined) run.onExpiryEvents?.(expiryEvents.events);
  findings.report(run.onFindingsFailure);
  tagReader?.report(run.onTagReadFailure);
}

/**
 * Runs the steps of a secondary destination until one fails, then skips the
 * rest; the first failure is kept for {@link report}. An exhausted time
 * budget is never deferred: it stops the whole run at once.
 */
class DeferredFailure {
  private failure: { readonly error: unknown } | undefined;

  public async attempt(step: () => Promise<void>): Promise<void> {
    if (this.failure !== undefined) return;
    try {
      await step();
    } catch (error) {
      if (error instanceof TimeBudgetExceededError) throw error;
      this.failure = { error };
    }
  }

  /** Hands the kept failure, if any, to `to`; throws it when there is no `to`. */
  public report(to: ((error: unknown) => void) | undefined): void {
    if (this.failure === undefined) return;
    if (to === undefined) throw this.failure.error;
    to(this.failure.error);
  }
}

function evaluationsOf(
  judged: readonly Judged[],
  recording: RecordedCertificates,
  earlierIds: ReadonlySet<string>,
  run: PeriodicRun,
): Evaluation[] {
  return judged.flatMap(({ certificate, verdict, overrideNote, usage, ownerNote }) =>
    reportingIds(certificate, recording.idsByName.get(certificate.name), earlierIds).map((resourceId) =>
      withNotes(
        { resourceType: SERVER_CERTIFICATE_RESOURCE_TYPE, resourceId, ...verdict, orderingTimestamp: run.orderingTimestamp },
        [overrideNote, usage, ownerNote],
      ),
    ),
  );
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
