import type { AggregateRow, MissingAccount } from './aggregate-rows';

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
  readonly accounts: readonly string[];
  readonly missing: readonly MissingAccount[];
  readonly rows: readonly AggregateRow[];
}
