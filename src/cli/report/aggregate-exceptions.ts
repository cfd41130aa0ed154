import { ExceptionStatus } from '../../core/certificate-policy';
import { SECURITY_HUB_CONTROL } from '../../core/compliance-references';
import { AnnotatedStanding, exceptionFromAnnotation, REASON_IN_NOTE, STRICT_REASON_IN_NOTE, type AnnotatedException } from '../../core/exception-annotation';
import { OverrideTagKey } from '../../core/override-tags';
import type { KindedResult } from './aggregate-verdict';
import type { ExceptionEntry, ExceptionList } from './html-report-model';

/** A certificate's exception tag as the deployment's results word it: the organisation report's only view of it. */
export interface AggregateException {
  readonly standing: AnnotatedStanding;
  /** The rule's own status for it: active (honoured or named), ended, too-far, malformed, or unknown (cut). */
  readonly status: ExceptionStatus;
  /** The exception's last day (UTC), `YYYY-MM-DD`, when the annotation names it whole. */
  readonly lastDay: string | undefined;
  /** The reason as the annotation quotes it (shortened ones end with `…`); `undefined` when it does not. */
  readonly reason: string | undefined;
  /** Why the rule ignores it, for an ignored one. */
  readonly why: string | undefined;
  /** How it stands, in words: `honoured by the warning rule`, `ignored: ended`, … */
  readonly standingText: string;
  /** The deployed rule whose annotation says it. */
  readonly rule: string;
}

/** Where the organisation report's exceptions come from: the line the text output prints with them. */
export const AGGREGATE_EXCEPTIONS_SOURCE = "read from the rules' annotations; accounts whose rules run without tagOverrides show no exceptions";

/** Where the organisation report's exceptions come from, and what they cannot show. */
export const AGGREGATE_EXCEPTIONS_COVERAGE =
  `${AGGREGATE_EXCEPTIONS_SOURCE.charAt(0).toUpperCase()}${AGGREGATE_EXCEPTIONS_SOURCE.slice(1)}. ` +
  `An annotation quotes a reason shortened (at most ${REASON_IN_NOTE} characters from the warning rule, ${STRICT_REASON_IN_NOTE} from the strict rule; cut ones end with …), ` +
  `and a phrase cut from it is listed as cut, never guessed. An exception waives the warning rule only: the strict rule (${SECURITY_HUB_CONTROL}) keeps an expired certificate expired.`;

/** The reason column of an ignored exception: its annotation names the date or the problem, not the reason. */
const NO_REASON = `(the annotation does not quote the ${OverrideTagKey.Exception} tag's reason)`;

/** Said of a certificate whose exception phrase was cut. */
export const CUT_EXCEPTION = 'exception (details cut from the annotation)';

/** The more a reading tells an auditor, the lower: an honoured waiver first, a cut phrase last. */
const PRECEDENCE: Readonly<Record<AnnotatedStanding, number>> = {
  [AnnotatedStanding.Honoured]: 0,
  [AnnotatedStanding.NotWaived]: 1,
  [AnnotatedStanding.Ignored]: 2,
  [AnnotatedStanding.Cut]: 3,
};

/**
 * What the deployment's results for one certificate say of its exception:
 * the reading that tells most (a waiver the warning rule honours, then one
 * the strict rule names, then one ignored, then a cut phrase), the newest
 * result first among equals. Only the warning rule can honour one: the
 * strict rule's annotation is read as naming it at most, whatever it says.
 * `expired` says whether the certificate is expired in the report (the
 * strict rule's verdict wins, so a waiver never makes it pass).
 */
export function exceptionOfResults(results: readonly KindedResult[], expired: boolean): AggregateException | undefined {
  const readings = results.flatMap((result) => {
    const read = exceptionFromAnnotation(result.annotation);
    if (read === undefined) return [];
    return [{ result, read: result.kind === 'expired' && read.standing === AnnotatedStanding.Honoured ? { ...read, standing: AnnotatedStanding.NotWaived } : read }];
  });
  const [best] = readings.sort(
    (a, b) =>
      PRECEDENCE[a.read.standing] - PRECEDENCE[b.read.standing] ||
      (b.result.recordedAt?.getTime() ?? 0) - (a.result.recordedAt?.getTime() ?? 0) ||
      a.result.ruleName.localeCompare(b.result.ruleName),
  );
  if (best === undefined) return undefined;
  const { read, result } = best;
  return {
    standing: read.standing,
    status: statusOf(read),
    lastDay: 'lastDay' in read ? read.lastDay : undefined,
    reason: 'reason' in read ? read.reason : undefined,
    why: 'why' in read ? read.why : undefined,
    standingText: standingText(read, expired),
    rule: result.ruleName,
  };
}

function standingText(read: AnnotatedException, expired: boolean): string {
  switch (read.standing) {
    case AnnotatedStanding.Honoured:
      return expired ? `honoured by the warning rule only: still expired (the strict rule, ${SECURITY_HUB_CONTROL}, is not waived)` : 'honoured by the warning rule';
    case AnnotatedStanding.NotWaived:
      return `named by the strict rule, not waived (${SECURITY_HUB_CONTROL})`;
    case AnnotatedStanding.Ignored:
      return `ignored: ${read.why}`;
    default:
      return CUT_EXCEPTION;
  }
}

/** The rule's own status for a reading, for the list's `data-status`. */
function statusOf(read: AnnotatedException): ExceptionStatus {
  switch (read.standing) {
    case AnnotatedStanding.Honoured:
    case AnnotatedStanding.NotWaived:
      return ExceptionStatus.Active;
    case AnnotatedStanding.Ignored:
      return read.status;
    default:
      return ExceptionStatus.Unknown;
  }
}

/** The rows the exceptions list is built from. */
export interface RowWithException {
  readonly accountId: string;
  readonly name: string;
  readonly expiration: string | undefined;
  readonly state: string;
  readonly exception?: AggregateException | undefined;
}

/** Earliest last day first (none, as with a cut phrase, before any: it needs looking at), then by account and certificate. */
export function byLastDay(a: Pick<ExceptionEntry, 'lastDay' | 'accountId' | 'name'>, b: Pick<ExceptionEntry, 'lastDay' | 'accountId' | 'name'>): number {
  return (a.lastDay ?? '').localeCompare(b.lastDay ?? '') || a.accountId.localeCompare(b.accountId) || a.name.localeCompare(b.name);
}

/** Every exception the deployment's annotations name, for the auditor, in {@link byLastDay} order. */
export function aggregateExceptionList(rows: readonly RowWithException[]): ExceptionList {
  const entries = rows.flatMap((row): ExceptionEntry[] => {
    const exception = row.exception;
    if (exception === undefined) return [];
    return [
      {
        accountId: row.accountId,
        name: row.name,
        status: exception.status,
        lastDay: exception.lastDay,
        text: exception.reason ?? (exception.standing === AnnotatedStanding.Cut ? '' : NO_REASON),
        standing: exception.standingText,
        expiration: row.expiration ?? '?',
        state: row.state,
      },
    ];
  });
  entries.sort(byLastDay);
  return { entries, coverage: AGGREGATE_EXCEPTIONS_COVERAGE, empty: "No exception in the rules' annotations." };
}
