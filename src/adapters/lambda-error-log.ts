import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';

/** One log line that reports a failure. */
export interface ErrorLogLine {
  readonly at: Date;
  readonly message: string;
}

/** What a search of a function's log group found. */
export type ErrorLogSearch =
  | {
      readonly kind: 'searched';
      /** Matching lines, latest first, at most the cap asked for. */
      readonly lines: readonly ErrorLogLine[];
      /** False when the search stopped at its cap with more pages to go: `lines` is then a floor, not a count. */
      readonly complete: boolean;
    }
  /** The log group does not exist here (ResourceNotFoundException): nothing could be searched. */
  | { readonly kind: 'no-log-group' };

/**
 * The lines that mean a failed invocation of the rule's function, as a
 * CloudWatch Logs filter pattern: `?a ?b` matches events with any of the
 * terms, and a term with spaces is quoted (CloudWatch Logs User Guide,
 * "Filter pattern syntax for metric filters, subscription filters, filter log
 * events, and Live Tail": matching terms in unstructured log events). `ERROR`
 * is in the handler's own failure line (Powertools Logger, `"level":"ERROR"`)
 * and in the Node.js runtime's line for an uncaught error; a timeout or a
 * crash of the runtime leaves only Lambda's own `Task timed out after …` or
 * `Runtime exited …` line.
 */
export const FAILURE_FILTER_PATTERN = '?ERROR ?"Task timed out" ?"Runtime exited"';

/**
 * The line the handler logs at the end of every run that delivered its
 * results (src/handler.ts, `logger.info('rule run complete', …)`): positive
 * evidence that the function ran, as a phrase term (CloudWatch Logs filter
 * pattern syntax, as above).
 */
export const RUN_COMPLETE_FILTER_PATTERN = '"rule run complete"';

/** What a search for the latest "rule run complete" line found. */
export type RunLineSearch =
  | {
      readonly kind: 'searched';
      /** The latest such line's time; `undefined` when none was found. */
      readonly latest: Date | undefined;
      /** False when the search stopped at its page cap before finding one or reaching the end. */
      readonly complete: boolean;
    }
  | { readonly kind: 'no-log-group' };

/** How far a search goes before it says "at least": pages can be empty yet carry a token (FilterLogEvents, startTime). */
export interface SearchLimits {
  readonly maxLines: number;
  readonly maxPages: number;
}

/**
 * Searches a Lambda function's log group for failure lines with
 * FilterLogEvents, latest first (`startFromHead: false`, allowed for start
 * times from 2024 on). One read-only action, `logs:FilterLogEvents`, which
 * IAM lets a policy limit to the one log group (Service Authorization
 * Reference, CloudWatch Logs: FilterLogEvents, resource type log-group), and
 * it returns the failures' own messages, where the function's `Errors` metric
 * (`cloudwatch:GetMetricStatistics`, which takes no resource ARN) only counts
 * them.
 */
export class LambdaErrorLog {
  public constructor(private readonly logs: CloudWatchLogsClient) {}

  public async failures(logGroupName: string, since: Date, until: Date, limits: SearchLimits): Promise<ErrorLogSearch> {
    return this.failuresMatching(FAILURE_FILTER_PATTERN, logGroupName, since, until, limits);
  }

  /** Lines matching `filterPattern`, latest first, within `limits`. */
  private async failuresMatching(filterPattern: string, logGroupName: string, since: Date, until: Date, limits: SearchLimits): Promise<ErrorLogSearch> {
    const lines: ErrorLogLine[] = [];
    let token: string | undefined;
    try {
      for (let page = 1; page <= limits.maxPages; page += 1) {
        const answer = await this.logs.send(
          new FilterLogEventsCommand({
            logGroupName,
            startTime: since.getTime(),
            endTime: until.getTime(),
            filterPattern,
            startFromHead: false,
            limit: limits.maxLines - lines.length,
            ...(token === undefined ? {} : { nextToken: token }),
          }),
        );
        for (const event of answer.events ?? []) lines.push({ at: new Date(event.timestamp ?? 0), message: event.message ?? '' });
        token = answer.nextToken === '' ? undefined : answer.nextToken;
        if (token === undefined) return { kind: 'searched', lines: latestFirst(lines), complete: true };
        if (lines.length >= limits.maxLines) break;
      }
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return { kind: 'no-log-group' };
      throw error;
    }
    return { kind: 'searched', lines: latestFirst(lines), complete: false };
  }

  /** The latest "rule run complete" line ({@link RUN_COMPLETE_FILTER_PATTERN}) between two instants, searching at most `maxPages` pages. */
  public async lastRun(logGroupName: string, since: Date, until: Date, maxPages: number): Promise<RunLineSearch> {
    const search = await this.failuresMatching(RUN_COMPLETE_FILTER_PATTERN, logGroupName, since, until, { maxLines: 1, maxPages });
    if (search.kind === 'no-log-group') return search;
    return { kind: 'searched', latest: search.lines[0]?.at, complete: search.complete || search.lines.length > 0 };
  }
}

function latestFirst(lines: readonly ErrorLogLine[]): ErrorLogLine[] {
  return [...lines].sort((a, b) => b.at.getTime() - a.at.getTime());
}
