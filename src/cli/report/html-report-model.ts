import type { ExceptionStatus } from '../../core/certificate-policy';
import type { AggregateRow, MissingAccount } from './aggregate-rows';

/** What the report knows of one deployed rule's `daysToExpiration`. */
export interface RuleParameterNote {
  readonly rule: string;
  /** The windows this rule's annotations state (`… within the 30-day window`); empty when none does. */
  readonly statedWindows: readonly number[];
}

/**
 * Whether the report's account list is known to be every account there is:
 * checked against a list (`basis`: the aggregator's accounts, AWS
 * Organizations', the one account read directly), or unverified, and why.
 */
export type CoverageVerdict = { readonly verified: true; readonly basis: string } | { readonly verified: false; readonly reason: string };

/** Everything the HTML report shows: rows plus what an auditor needs to trust them. */
export interface HtmlReport {
  /** What was read: `Config aggregator org-agg` or `IAM in account 123456789012`. */
  readonly source: string;
  readonly generatedAt: Date;
  /** The warning window the states were judged with (`--days`). */
  readonly days: number;
  /** Deployed rule names the results came from, and the windows their annotations state. */
  readonly rules: readonly string[];
  readonly ruleWindows: readonly number[];
  /** Per deployed rule, the parameters as far as known, and where they come from (`parametersSource`). */
  readonly ruleParameters: readonly RuleParameterNote[];
  readonly parametersSource: string;
  /** Every account the source should cover; `missing` are those not (fully) read, with the reason. */
  readonly accounts: readonly string[];
  readonly missing: readonly MissingAccount[];
  /** Whether `accounts` is every account there is; an unverified report gives no "N of M". */
  readonly coverage: CoverageVerdict;
  /** What the coverage rests on and what it cannot see (kind of aggregator, regions, stale sources). */
  readonly coverageNotes: readonly string[];
  readonly rows: readonly AggregateRow[];
  /** Every exception the report knows of, for the auditor: the tags read (one account), or the rules' annotations (aggregator); absent with none to give. */
  readonly exceptions?: ExceptionList;
}

/** The certificates' exception tags (`iam-cert-expiry:exception`), and what the list covers. */
export interface ExceptionList {
  readonly entries: readonly ExceptionEntry[];
  /** What was read and what could not be: which certificates, tags unread, `--no-tags`; or that the annotations are the source. */
  readonly coverage: string;
  /** What the list says when it has no entry. */
  readonly empty: string;
}

/** One certificate's exception tag, whether it counts, and until when. */
export interface ExceptionEntry {
  readonly accountId: string;
  readonly name: string;
  readonly status: ExceptionStatus;
  /** The exception's last day (UTC), `YYYY-MM-DD`, when the tag names one. */
  readonly lastDay: string | undefined;
  /** The reason or ticket, whole (as an annotation quotes it, from an aggregator); for a malformed tag its value; for unread tags why. */
  readonly text: string;
  /** Why it does not count, in words, or that it does. */
  readonly standing: string;
  readonly expiration: string;
  readonly state: string;
}
