import { isoSeconds } from '../../core/annotation';
import { certificateStatus } from '../certificate-status';
import { ruleKindOf, type RuleKind } from './aggregate-plan';
import type { AggregateCertificate, AggregateEvaluation } from '../../adapters/config-aggregate-types';

/** Where a certificate stands in the organisation report; `unknown` when no annotation gave its expiry. */
export const AggregateState = {
  Expired: 'expired',
  Expiring: 'expiring',
  Valid: 'valid',
  Unknown: 'unknown',
} as const;

export type AggregateState = (typeof AggregateState)[keyof typeof AggregateState];

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
  /** NON_COMPLIANT when either rule says so, else the results' compliance, else {@link NOT_EVALUATED}. */
  readonly compliance: string;
  /** The deployed rule whose result is shown. */
  readonly rule: string | undefined;
  readonly annotation: string;
  /** ISO 8601: the newest `ResultRecordedTime` of the results shown. */
  readonly lastEvaluated: string | undefined;
}

/** An account the report could not read completely, and why. */
export interface MissingAccount {
  readonly accountId: string;
  readonly reason: string;
}

/**
 * The Config schema of AWS::IAM::ServerCertificate has no expiry field (it
 * records Arn, Path, ServerCertificateName: awslabs/aws-config-resource-schema,
 * config/properties/resource-types/AWS::IAM::ServerCertificate.properties.json),
 * so the expiry comes from the rule's own annotation, which always starts with
 * it (src/core/evaluate-certificate.ts).
 */
const EXPIRY_IN_ANNOTATION = /^(?:Expired|Expires|Valid until) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)/;
const WINDOW_IN_ANNOTATION = /(?:within|outside) the (\d+)-day window/;

/** The expiry an annotation of this rule states, if any. */
export function expiryFromAnnotation(annotation: string | undefined): Date | undefined {
  const match = annotation === undefined ? null : EXPIRY_IN_ANNOTATION.exec(annotation);
  if (match?.[1] === undefined) return undefined;
  const date = new Date(match[1]);
  return Number.isNaN(date.getTime()) ? undefined : date;
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
    const match = evaluation.annotation === undefined ? null : WINDOW_IN_ANNOTATION.exec(evaluation.annotation);
    if (match?.[1] !== undefined) stated.add(Number(match[1]));
  }
  return new Map([...windows].map(([rule, stated]) => [rule, [...stated].sort((a, b) => a - b)]));
}

interface Entry {
  readonly accountId: string;
  region: string;
  name: string | undefined;
  readonly resourceId: string;
  readonly byKind: Map<RuleKind, AggregateEvaluation>;
}

/**
 * Joins the rules' results with the recorded inventory: one row per
 * certificate per account, soonest expiry first. A result whose resource id
 * is a recorded certificate's id or name joins that certificate (the rule
 * reports the name when the recorder does not record certificates); a
 * certificate no rule evaluated still gets a row, {@link NOT_EVALUATED}.
 */
export function aggregateRows(
  evaluations: readonly AggregateEvaluation[],
  inventory: readonly AggregateCertificate[],
  now: Date,
  days: number,
): AggregateRow[] {
  const entries = new Map<string, Entry>();
  const aliases = new Map<string, string>();
  for (const certificate of inventory) {
    const key = `${certificate.accountId}/${certificate.resourceId}`;
    entries.set(key, { accountId: certificate.accountId, region: certificate.region, name: certificate.resourceName, resourceId: certificate.resourceId, byKind: new Map() });
    if (certificate.resourceName !== undefined) aliases.set(`${certificate.accountId}/${certificate.resourceName}`, key);
  }
  for (const evaluation of evaluations) {
    const kind = ruleKindOf(evaluation.ruleName);
    if (kind === undefined) continue;
    const direct = `${evaluation.accountId}/${evaluation.resourceId}`;
    const key = entries.has(direct) ? direct : (aliases.get(direct) ?? direct);
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { accountId: evaluation.accountId, region: evaluation.region, name: undefined, resourceId: evaluation.resourceId, byKind: new Map() };
      entries.set(key, entry);
    }
    const previous = entry.byKind.get(kind);
    // The same rule deployed in several regions evaluates the one global certificate each time: keep the newest.
    if (previous === undefined || (evaluation.recordedAt?.getTime() ?? 0) > (previous.recordedAt?.getTime() ?? 0)) {
      entry.byKind.set(kind, evaluation);
      entry.region = evaluation.region;
    }
  }
  return [...entries.values()].map((entry) => rowOf(entry, now, days)).sort(byUrgency);
}

function rowOf(entry: Entry, now: Date, days: number): AggregateRow {
  const expired = entry.byKind.get('expired');
  const expiring = entry.byKind.get('expiring');
  const shown =
    [expired, expiring].find((evaluation) => evaluation?.complianceType === 'NON_COMPLIANT') ?? expiring ?? expired;
  const name = entry.name ?? entry.resourceId;
  const expiration = expiryFromAnnotation(expiring?.annotation) ?? expiryFromAnnotation(expired?.annotation);
  const recorded = [expired, expiring].flatMap((evaluation) => (evaluation?.recordedAt === undefined ? [] : [evaluation.recordedAt.getTime()]));
  let state: AggregateState = AggregateState.Unknown;
  let daysLeft: number | undefined;
  if (expiration !== undefined) {
    ({ status: state, daysLeft } = certificateStatus({ name, expiration }, now, days));
  } else if (expired?.complianceType === 'NON_COMPLIANT') {
    state = AggregateState.Expired;
  } else if (expiring?.complianceType === 'NON_COMPLIANT') {
    state = AggregateState.Expiring;
  }
  return {
    accountId: entry.accountId,
    region: entry.region,
    name,
    resourceId: entry.resourceId,
    expiration: expiration === undefined ? undefined : isoSeconds(expiration),
    daysLeft,
    state,
    compliance: shown?.complianceType ?? NOT_EVALUATED,
    rule: shown?.ruleName,
    annotation: shown?.annotation ?? '',
    lastEvaluated: recorded.length === 0 ? undefined : isoSeconds(new Date(Math.max(...recorded))),
  };
}

function byUrgency(a: AggregateRow, b: AggregateRow): number {
  const left = (row: AggregateRow): number => row.daysLeft ?? Number.POSITIVE_INFINITY;
  return left(a) - left(b) || a.accountId.localeCompare(b.accountId) || a.name.localeCompare(b.name);
}
