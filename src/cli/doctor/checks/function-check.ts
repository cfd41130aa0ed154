import type { RuleEvaluationStatus } from '../../../adapters/config-deployment';
import type { NewestResult } from '../../../adapters/config-rule-results';
import { FAILURE_FILTER_PATTERN, RUN_COMPLETE_FILTER_PATTERN, type ErrorLogLine } from '../../../adapters/lambda-error-log';
import { check, CheckStatus, type Check } from '../check';
import { valueOf, type Read } from '../read-outcome';
import type { FunctionLog } from '../read-deployment';
import type { MatchedRule } from '../rule-match';
import { isoSeconds } from '../../../core/annotation';
import { unreadCheck } from './unread';

/** Failure lines printed in full; the count says how many more there were. */
export const SHOWN_FAILURES = 3;

/**
 * The rule's function logged no failure in the last day (its log group,
 * searched for {@link FAILURE_FILTER_PATTERN}) and shows that it ran: no
 * failure line is not enough, since a function that never runs logs none.
 * The evidence is its "rule run complete" line ({@link RUN_COMPLETE_FILTER_PATTERN})
 * in that day, or a successful evaluation (LastSuccessfulEvaluationTime) or
 * result (`newestResults`) of a rule it serves in that day; without any, it
 * fails. Failures all older than every rule's last successful evaluation
 * only warn: the function has recovered. A log that cannot be searched from
 * here is skipped with the reason, never passed.
 */
export function functionErrorsCheck(
  log: FunctionLog,
  matched: readonly MatchedRule[],
  statuses: Read<RuleEvaluationStatus[]> | undefined,
  newestResults?: ReadonlyMap<string, Read<NewestResult>>,
): Check {
  const { function: address } = log;
  const id = `function-errors:${address.name}`;
  const title = `Function ${address.name} logged no failure since ${isoSeconds(log.since)}`;
  const groupArn = `arn:${address.partition}:logs:${address.region}:${address.accountId}:log-group:${log.logGroup}`;
  if (log.search === undefined) {
    return check(
      id,
      CheckStatus.Skipped,
      title,
      [`not searched: the function is in account ${address.accountId}, region ${address.region}, which these credentials and region do not reach (a central deployment's function is in the central account).`],
      `Run doctor there: with credentials of account ${address.accountId} and --region ${address.region}.`,
    );
  }
  if (log.search.kind !== 'read') return unreadCheck(id, title, { ...log.search, action: `${log.search.action} on ${groupArn}:*` }, false);
  const search = log.search.value;
  if (search.kind === 'no-log-group') {
    return check(
      id,
      CheckStatus.Skipped,
      title,
      [`not searched: log group ${log.logGroup} (${log.logGroupSource ?? "Lambda's default"}) does not exist here. The function never ran, or it logs to another group.`],
      'If the rule has run (its status check), name the function\'s log group with --log-group: the one-account stack gives it in its LogGroupName output, and the function\'s Lambda logging configuration shows it.',
    );
  }
  if (search.lines.length === 0) {
    if (!search.complete) {
      return check(id, CheckStatus.Skipped, title, [`not answered: the search of ${log.logGroup} stopped at its page limit before CloudWatch Logs had searched the whole day.`], 'Run doctor again, or search the log group for "ERROR" in the CloudWatch console.');
    }
    const clean = `${log.logGroup} (${log.logGroupSource ?? "Lambda's default"}): no line matching ${FAILURE_FILTER_PATTERN}.`;
    const evidence = runEvidence(log, matched, statuses, newestResults);
    if (evidence !== undefined) return check(id, CheckStatus.Ok, title, [clean, evidence]);
    const runs = log.runs;
    const known = runs?.kind === 'read' && runs.value.kind === 'searched' && runs.value.complete;
    return check(
      id,
      known ? CheckStatus.Fail : CheckStatus.Warn,
      title,
      [
        clean,
        known
          ? `But nothing shows that it ran: no "rule run complete" line since ${isoSeconds(log.since)}, and no successful evaluation or result of its rules since then. A function that is never invoked logs no failure.`
          : `Nothing shows that it ran: no successful evaluation or result of its rules since ${isoSeconds(log.since)}, and its "rule run complete" lines could not be searched${runs?.kind === 'read' ? ' to the end' : ''}.`,
      ],
      'Check the rule status checks above (the rule must run at least once a day), that Config may invoke the function (its resource policy names config.amazonaws.com), then start the rules: aws configservice start-config-rules-evaluation --config-rule-names <rule>',
    );
  }
  const latest = search.lines[0] as ErrorLogLine;
  const count = search.complete ? `${search.lines.length}` : `at least ${search.lines.length}`;
  const recovered = recoveredSince(latest.at, matched, statuses, address.arn);
  const shown = search.lines.slice(0, SHOWN_FAILURES).map((line) => `${isoSeconds(line.at)} ${summariseLine(line.message)}`);
  const detail = [
    `${log.logGroup}: ${count} failure line(s); the latest at ${isoSeconds(latest.at)}${recovered ? ', before every rule’s last successful evaluation: the function has recovered' : ''}.`,
    ...shown,
  ];
  const remedy = 'Fix the cause the lines name (docs/operations.md, "When a run fails", lists each error and what to do); the next run, or aws configservice start-config-rules-evaluation, confirms it.';
  return check(id, recovered ? CheckStatus.Warn : CheckStatus.Fail, title, detail, remedy);
}

/** What shows the function ran since the log's window began, in words; `undefined` when nothing does. */
function runEvidence(
  log: FunctionLog,
  matched: readonly MatchedRule[],
  statuses: Read<RuleEvaluationStatus[]> | undefined,
  newestResults: ReadonlyMap<string, Read<NewestResult>> | undefined,
): string | undefined {
  const runs = log.runs;
  if (runs?.kind === 'read' && runs.value.kind === 'searched' && runs.value.latest !== undefined) return `Its latest "rule run complete" line: ${isoSeconds(runs.value.latest)}.`;
  const since = log.since.getTime();
  for (const match of matched.filter((candidate) => candidate.rule.functionArn === log.function.arn)) {
    const success = (valueOf(statuses) ?? []).find((status) => status.ruleName === match.rule.name)?.lastSuccessfulEvaluation;
    if (success !== undefined && success.getTime() >= since) return `${match.rule.name} last evaluated successfully at ${isoSeconds(success)}.`;
    const newest = valueOf(newestResults?.get(match.rule.name))?.at;
    if (newest !== undefined && newest.getTime() >= since) return `${match.rule.name} recorded a result at ${isoSeconds(newest)}.`;
  }
  return undefined;
}

/** True when every rule that runs this function has a successful evaluation after `at`. */
function recoveredSince(at: Date, matched: readonly MatchedRule[], statuses: Read<RuleEvaluationStatus[]> | undefined, functionArn: string): boolean {
  const rules = matched.filter((match) => match.rule.functionArn === functionArn);
  const known = valueOf(statuses) ?? [];
  return (
    rules.length > 0 &&
    rules.every((match) => {
      const success = known.find((status) => status.ruleName === match.rule.name)?.lastSuccessfulEvaluation;
      return success !== undefined && success.getTime() > at.getTime();
    })
  );
}

/**
 * What a failure line says. The handler's own failure line is a Powertools
 * JSON object (`{"level":"ERROR","message":…,"rule":…,"error":{"name":…,"message":…}}`),
 * shortened to its rule, error name and message, in full; any other line
 * (the runtime's, Lambda's timeout line) is given as it is.
 */
export function summariseLine(line: string): string {
  const start = line.indexOf('{');
  if (start >= 0) {
    try {
      const parsed: unknown = JSON.parse(line.slice(start));
      if (typeof parsed === 'object' && parsed !== null) {
        const record = parsed as Record<string, unknown>;
        const error = typeof record['error'] === 'object' && record['error'] !== null ? (record['error'] as Record<string, unknown>) : undefined;
        const rule = typeof record['rule'] === 'string' ? `${record['rule']}: ` : '';
        if (error !== undefined) return `${rule}${String(error['name'] ?? 'Error')}: ${String(error['message'] ?? '')}`;
        if (typeof record['message'] === 'string') return `${rule}${record['message']}`;
      }
    } catch {
      // Not JSON after all: the line as it is.
    }
  }
  return line;
}
