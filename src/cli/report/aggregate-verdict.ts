import { isoSeconds } from '../../core/annotation';
import { ComplianceType } from '../../core/compliance-type';
import { daysToExpiry } from '../../core/evaluate-certificate';
import { AnnotatedStanding, exceptionFromAnnotation } from '../../core/exception-annotation';
import type { AggregateEvaluation } from '../../adapters/config-aggregate-types';
import { certificateStatus } from '../certificate-status';
import type { RuleKind } from '../../core/deployed-rule-names';

/** Where a certificate stands in the organisation report; `unknown` when no result gave its expiry or state. */
export const AggregateState = {
  Expired: 'expired',
  Expiring: 'expiring',
  Valid: 'valid',
  Unknown: 'unknown',
} as const;

export type AggregateState = (typeof AggregateState)[keyof typeof AggregateState];

/** One result of one of the deployment's rules for one certificate, with the rule's kind. */
export interface KindedResult extends AggregateEvaluation {
  readonly kind: RuleKind;
}

/** What all the deployment's results for one certificate say together. */
export interface CombinedVerdict {
  /** The earliest expiry any result states: the worse one when they differ. */
  readonly expiration: Date | undefined;
  readonly state: AggregateState;
  readonly daysLeft: number | undefined;
  /** The result whose compliance and annotation are shown: the worst. */
  readonly shown: KindedResult | undefined;
  /** The newest `ResultRecordedTime` of all of them. */
  readonly lastEvaluated: Date | undefined;
  /** How the results disagree, in words; `undefined` when they agree. */
  readonly conflict: string | undefined;
}

/**
 * The Config schema of AWS::IAM::ServerCertificate has no expiry field (it
 * records Arn, Path, ServerCertificateName: awslabs/aws-config-resource-schema,
 * config/properties/resource-types/AWS::IAM::ServerCertificate.properties.json),
 * so the expiry comes from the rule's own annotation, which always starts with
 * it (src/core/evaluate-certificate.ts).
 */
const EXPIRY_IN_ANNOTATION = /^(?:Expired|Expires|Valid until) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)/;

/** The expiry an annotation of this rule states, if any. */
export function expiryFromAnnotation(annotation: string | undefined): Date | undefined {
  const match = annotation === undefined ? null : EXPIRY_IN_ANNOTATION.exec(annotation);
  if (match?.[1] === undefined) return undefined;
  const date = new Date(match[1]);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const COMPLIANCE_RANK: Readonly<Record<string, number>> = { [ComplianceType.NonCompliant]: 0, [ComplianceType.Compliant]: 1 };

/**
 * Combines every result the deployment's rules gave one certificate, in every
 * region, and takes the worse verdict wherever they differ: a certificate is
 * as bad as its worst result says, never as good as its best. Results of one
 * certificate should agree (its expiry never changes, and both rules judge
 * the same date), so a disagreement is shown:
 *
 * - results state different expiry dates: the earliest counts;
 * - a result says COMPLIANT although the rule was invoked at or after the
 *   (earliest) expiry, or the strict rule's NON_COMPLIANT was recorded
 *   before it;
 * - without a stated expiry, one rule kind says both COMPLIANT and NON_COMPLIANT.
 *
 * The state is computed from the earliest expiry at `now` with `days`; a
 * NON_COMPLIANT of the strict rule (`daysToExpiration` 0) makes it expired
 * whatever the dates say; without any expiry, a NON_COMPLIANT of the warning
 * rule makes it expiring.
 */
export function combineResults(name: string, results: readonly KindedResult[], now: Date, days: number): CombinedVerdict {
  const stated = results.map((result) => ({ result, expiry: expiryFromAnnotation(result.annotation) }));
  const expiries = stated.flatMap(({ expiry }) => (expiry === undefined ? [] : [expiry.getTime()]));
  const expiration = expiries.length === 0 ? undefined : new Date(Math.min(...expiries));

  let state: AggregateState = AggregateState.Unknown;
  let daysLeft: number | undefined;
  if (expiration !== undefined) {
    ({ status: state } = certificateStatus({ name, expiration }, now, days));
    // As `report` and the expiry event count them: an expired certificate is at most -1, so `< 0` means expired.
    daysLeft = daysToExpiry(expiration, now);
  }
  const says = (kind: RuleKind): boolean => results.some((result) => result.kind === kind && result.complianceType === ComplianceType.NonCompliant);
  if (says('expired')) state = AggregateState.Expired;
  else if (expiration === undefined && says('expiring')) state = AggregateState.Expiring;

  const recorded = results.flatMap((result) => (result.recordedAt === undefined ? [] : [result.recordedAt.getTime()]));
  return {
    expiration,
    state,
    daysLeft,
    shown: [...results].sort(byWorst(expiration))[0],
    lastEvaluated: recorded.length === 0 ? undefined : new Date(Math.max(...recorded)),
    conflict: conflictOf(stated, expiration),
  };
}

/** NON_COMPLIANT first, then the result stating the earliest expiry, the strict rule's first, the newest. */
function byWorst(expiration: Date | undefined): (a: KindedResult, b: KindedResult) => number {
  const rank = (result: KindedResult): number => COMPLIANCE_RANK[result.complianceType] ?? 2;
  const statesEarliest = (result: KindedResult): number => (expiration !== undefined && expiryFromAnnotation(result.annotation)?.getTime() === expiration.getTime() ? 0 : 1);
  // For a NON_COMPLIANT result the strict rule's says more (expired); for a COMPLIANT one the warning rule's (its window).
  const kindOrder = (result: KindedResult): number => ((result.kind === 'expired') === (result.complianceType === ComplianceType.NonCompliant) ? 0 : 1);
  return (a, b) =>
    rank(a) - rank(b) ||
    statesEarliest(a) - statesEarliest(b) ||
    kindOrder(a) - kindOrder(b) ||
    (b.recordedAt?.getTime() ?? 0) - (a.recordedAt?.getTime() ?? 0) ||
    a.ruleName.localeCompare(b.ruleName) ||
    a.region.localeCompare(b.region);
}

function conflictOf(stated: ReadonlyArray<{ readonly result: KindedResult; readonly expiry: Date | undefined }>, expiration: Date | undefined): string | undefined {
  const parts: string[] = [];
  const byExpiry = new Map<string, KindedResult[]>();
  for (const { result, expiry } of stated) if (expiry !== undefined) byExpiry.set(isoSeconds(expiry), [...(byExpiry.get(isoSeconds(expiry)) ?? []), result]);
  if (byExpiry.size > 1) {
    const dates = [...byExpiry].sort(([a], [b]) => a.localeCompare(b));
    parts.push(`expiry ${dates.map(([date, results]) => `${date} (${whoSaid(results)})`).join(' vs ')}`);
  }
  // Results that state the earliest expiry, or none, checked against it; those stating another date are covered above.
  // The rule judged between ConfigRuleInvokedTime and ResultRecordedTime: COMPLIANT is wrong when it was invoked at or
  // after the expiry, the strict rule's NON_COMPLIANT when it was recorded before it.
  const rest = stated.filter(({ expiry }) => expiry === undefined || expiry.getTime() === expiration?.getTime()).map(({ result }) => result);
  let timed: KindedResult[] = [];
  if (expiration !== undefined) {
    const at = expiration.getTime();
    timed = rest.filter((result) => result.invokedAt !== undefined && result.recordedAt !== undefined);
    const afterExpiry = timed.filter((result) => result.complianceType === ComplianceType.Compliant && (result.invokedAt?.getTime() ?? 0) >= at);
    const beforeExpiry = timed.filter((result) => result.kind === 'expired' && result.complianceType === ComplianceType.NonCompliant && (result.recordedAt?.getTime() ?? 0) < at);
    // Still a conflict (the worse verdict stands), but one the warning rule explains: its tagOverrides exception
    // waives the warning only, never the expired rule (docs/parameters.md).
    const excepted = afterExpiry.filter((result) => result.kind === 'expiring' && exceptionFromAnnotation(result.annotation)?.standing === AnnotatedStanding.Honoured);
    const unexplained = afterExpiry.filter((result) => !excepted.includes(result));
    if (unexplained.length > 0) parts.push(`COMPLIANT after the expiry ${isoSeconds(expiration)} (${whoSaid(unexplained)})`);
    if (excepted.length > 0) parts.push(`COMPLIANT after the expiry ${isoSeconds(expiration)} under an exception tag, which waives the warning rule only (${whoSaid(excepted)})`);
    if (beforeExpiry.length > 0) parts.push(`expired (NON_COMPLIANT) before the expiry ${isoSeconds(expiration)} (${whoSaid(beforeExpiry)})`);
  }
  const untimed = rest.filter((result) => !timed.includes(result));
  for (const kind of ['expired', 'expiring'] as const) {
    const ofKind = untimed.filter((result) => result.kind === kind);
    const compliant = ofKind.filter((result) => result.complianceType === ComplianceType.Compliant);
    const nonCompliant = ofKind.filter((result) => result.complianceType === ComplianceType.NonCompliant);
    if (compliant.length > 0 && nonCompliant.length > 0) parts.push(`NON_COMPLIANT (${whoSaid(nonCompliant)}) vs COMPLIANT (${whoSaid(compliant)})`);
  }
  return parts.length === 0 ? undefined : `the rules' results disagree: ${parts.join('; ')}; the worse verdict is shown`;
}

/** `rule-a, rule-b in us-east-1; rule-c in eu-west-1`. */
function whoSaid(results: readonly KindedResult[]): string {
  const byRegion = new Map<string, Set<string>>();
  for (const result of results) byRegion.set(result.region, (byRegion.get(result.region) ?? new Set()).add(result.ruleName));
  return [...byRegion]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, rules]) => `${[...rules].sort().join(', ')} in ${region}`)
    .join('; ');
}
