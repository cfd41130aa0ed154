import { isoSeconds } from '../../core/annotation';
import { windowFromAnnotation } from '../../core/evaluate-certificate';
import { SERVER_CERTIFICATE_RESOURCE_TYPE } from '../../core/evaluation';
import type { AggregateCertificate, AggregateEvaluation } from '../../adapters/config-aggregate-types';
import type { DeploymentRules } from './aggregate-plan';
import { exceptionOfResults, type AggregateException } from './aggregate-exceptions';
import { AggregateState, combineResults, type KindedResult } from './aggregate-verdict';

export { AggregateState, expiryFromAnnotation } from './aggregate-verdict';

/** Compliance shown for a recorded certificate neither rule has a result for. */
export const NOT_EVALUATED = 'NOT_EVALUATED';

/** One certificate of one account in the organisation report. */
export interface AggregateRow {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly resourceId: string;
  /** ISO 8601 to the second; `undefined` when no annotation carried it. */
  readonly expiration: string | undefined;
  readonly daysLeft: number | undefined;
  readonly state: AggregateState;
  /** NON_COMPLIANT when any result says so, else the results' compliance, else {@link NOT_EVALUATED}. */
  readonly compliance: string;
  /** The deployed rule whose result is shown. */
  readonly rule: string | undefined;
  readonly annotation: string;
  /** ISO 8601: the newest `ResultRecordedTime` of the results shown. */
  readonly lastEvaluated: string | undefined;
  /** How the deployment's results for this certificate disagree, when they do (the worse verdict is shown). */
  readonly conflict?: string | undefined;
  /** Its exception tag, as the results' annotations word it; absent when none names one. */
  readonly exception?: AggregateException | undefined;
  /** Its own warning window (`iam-cert-expiry:window-days`), as an annotation states it ("its tagged 60-day window"); the state is judged with it. */
  readonly taggedWindowDays?: number | undefined;
}

/** An account the report could not read completely, and why. */
export interface MissingAccount {
  readonly accountId: string;
  readonly reason: string;
}

/** The warning windows (`daysToExpiration`) the annotations mention, ascending: what the rules state of their parameter. */
export function windowsInAnnotations(evaluations: readonly AggregateEvaluation[]): number[] {
  return allWindows(windowsByRule(evaluations));
}

/** Every window of a {@link windowsByRule} map, once each, ascending. */
export function allWindows(byRule: ReadonlyMap<string, readonly number[]>): number[] {
  return [...new Set([...byRule.values()].flat())].sort((a, b) => a - b);
}

/** Per rule name, the warning windows its annotations mention, ascending; a rule whose annotations state none maps to `[]`. */
export function windowsByRule(evaluations: readonly AggregateEvaluation[]): Map<string, number[]> {
  const windows = new Map<string, Set<number>>();
  for (const evaluation of evaluations) {
    const stated = windows.get(evaluation.ruleName) ?? new Set<number>();
    windows.set(evaluation.ruleName, stated);
    // A certificate's own window ("its tagged 60-day window") is not the rule's daysToExpiration.
    const window = windowFromAnnotation(evaluation.annotation);
    if (window !== undefined && !window.fromTag) stated.add(window.days);
  }
  return new Map([...windows].map(([rule, stated]) => [rule, [...stated].sort((a, b) => a - b)]));
}

interface Entry {
  readonly accountId: string;
  readonly region: string;
  readonly name: string | undefined;
  readonly resourceId: string;
  readonly results: KindedResult[];
}

/** Whether a result is about a certificate (the rule's account-level results are about the account: `AWS::::Account`). */
export function isCertificateResult(evaluation: AggregateEvaluation): boolean {
  return evaluation.resourceType === undefined || evaluation.resourceType === SERVER_CERTIFICATE_RESOURCE_TYPE;
}

/**
 * Joins the deployment's results with the recorded inventory: one row per
 * certificate per account, soonest expiry first. A result whose resource id
 * is a recorded certificate's id or name joins that certificate (the rule
 * reports the name when the recorder does not record certificates); a
 * certificate no rule evaluated still gets a row, {@link NOT_EVALUATED}.
 * Results of rules that are not the deployment's, and results about anything
 * but a certificate, are left out. Every result of a certificate counts, in
 * every region, and the worst wins ({@link combineResults}).
 */
export function aggregateRows(
  evaluations: readonly AggregateEvaluation[],
  inventory: readonly AggregateCertificate[],
  rules: Pick<DeploymentRules, 'kindOf'>,
  now: Date,
  days: number,
): AggregateRow[] {
  const entries = new Map<string, Entry>();
  const aliases = new Map<string, string>();
  for (const certificate of inventory) {
    const key = `${certificate.accountId}/${certificate.resourceId}`;
    entries.set(key, { accountId: certificate.accountId, region: certificate.region, name: certificate.resourceName, resourceId: certificate.resourceId, results: [] });
    if (certificate.resourceName !== undefined) aliases.set(`${certificate.accountId}/${certificate.resourceName}`, key);
  }
  for (const evaluation of evaluations) {
    const kind = rules.kindOf(evaluation.ruleName);
    if (kind === undefined || !isCertificateResult(evaluation)) continue;
    const direct = `${evaluation.accountId}/${evaluation.resourceId}`;
    const key = entries.has(direct) ? direct : (aliases.get(direct) ?? direct);
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { accountId: evaluation.accountId, region: evaluation.region, name: undefined, resourceId: evaluation.resourceId, results: [] };
      entries.set(key, entry);
    }
    entry.results.push({ ...evaluation, kind });
  }
  return [...entries.values()].map((entry) => rowOf(entry, now, days)).sort(byUrgency);
}

function rowOf(entry: Entry, now: Date, days: number): AggregateRow {
  const name = entry.name ?? entry.resourceId;
  const taggedWindowDays = taggedWindow(entry.results);
  const verdict = combineResults(name, entry.results, now, taggedWindowDays ?? days);
  const exception = exceptionOfResults(entry.results, verdict.state === AggregateState.Expired);
  return {
    accountId: entry.accountId,
    region: verdict.shown?.region ?? entry.region,
    name,
    resourceId: entry.resourceId,
    expiration: verdict.expiration === undefined ? undefined : isoSeconds(verdict.expiration),
    daysLeft: verdict.daysLeft,
    state: verdict.state,
    compliance: verdict.shown?.complianceType ?? NOT_EVALUATED,
    rule: verdict.shown?.ruleName,
    annotation: verdict.shown?.annotation ?? '',
    lastEvaluated: verdict.lastEvaluated === undefined ? undefined : isoSeconds(verdict.lastEvaluated),
    ...(verdict.conflict === undefined ? {} : { conflict: verdict.conflict }),
    ...(exception === undefined ? {} : { exception }),
    ...(taggedWindowDays === undefined ? {} : { taggedWindowDays }),
  };
}

/**
 * The certificate's own window, as the warning rule's annotations state it
 * (the strict rule has none): the widest when results differ, so the report
 * flags it no later than any of them does. The single-account report judges
 * with a window tag too (report-rows.ts).
 */
function taggedWindow(results: readonly KindedResult[]): number | undefined {
  const windows = results.flatMap((result) => {
    const window = windowFromAnnotation(result.annotation);
    return window?.fromTag === true ? [window.days] : [];
  });
  return windows.length === 0 ? undefined : Math.max(...windows);
}

function byUrgency(a: AggregateRow, b: AggregateRow): number {
  const left = (row: AggregateRow): number => row.daysLeft ?? Number.POSITIVE_INFINITY;
  return left(a) - left(b) || a.accountId.localeCompare(b.accountId) || a.name.localeCompare(b.name);
}
