import { fitAnnotation, isoSeconds, shorten } from './annotation';
import { ComplianceType } from './compliance-type';
import { SECURITY_HUB_CONTROL } from './compliance-references';
import {
  describeAgo,
  describeLeft,
  evaluateAgainstWindow,
  ExpiryState,
  MS_PER_DAY,
  wholeDaysLeft,
  windowPhrase,
  type CertificateVerdict,
  type WarningWindow,
} from './evaluate-certificate';
import {
  endedPhrase,
  EXCEPTED_EXPIRED_WORDS,
  EXCEPTED_EXPIRING_WORDS,
  honouredPhrase,
  malformedPhrase,
  NOTE_NEAR_END,
  notWaivedPhrase,
  quotedInNote,
  tooFarPhrase,
} from './exception-annotation';
import { OverrideTagKey, parseExceptionTag, parseWindowTag, WINDOW_TAG_MAX_DAYS, type ExceptionTag } from './override-tags';
import type { RuleParameters } from './rule-parameters';
import type { ServerCertificate } from './server-certificate';

/** The rule parameters a certificate's policy depends on. */
export type PolicyParameters = Pick<RuleParameters, 'daysToExpiration' | 'tagOverrides' | 'maxExceptionDays'>;

/** What the rule learnt of a certificate's tags: read, or why they could not be. */
export type CertificateTags =
  | { readonly kind: 'read'; readonly tags: ReadonlyMap<string, string> }
  | {
      readonly kind: 'unreadable';
      /** Short and printable: the error's name, e.g. `AccessDenied`. */
      readonly reason: string;
    };

/** Where a certificate's exception stands at an instant. */
export const ExceptionStatus = {
  /** No exception tag (or tags not considered). */
  None: 'none',
  /** Ends later than now, and no more than `maxExceptionDays` ahead. */
  Active: 'active',
  /** Its last day is over. */
  Ended: 'ended',
  /** Ends more than `maxExceptionDays` ahead: ignored until it comes within reach. */
  TooFar: 'too-far',
  /** The tag's value is not `YYYY-MM-DD reason`. */
  Malformed: 'malformed',
  /** The tags could not be read: whether there is one is unknown. */
  Unknown: 'unknown',
} as const;

export type ExceptionStatus = (typeof ExceptionStatus)[keyof typeof ExceptionStatus];

/** A certificate's exception at an instant. */
export type CertificateException =
  | { readonly status: typeof ExceptionStatus.None }
  | {
      readonly status: typeof ExceptionStatus.Active | typeof ExceptionStatus.Ended | typeof ExceptionStatus.TooFar;
      /** The tag's date, `YYYY-MM-DD`: the exception's last day (UTC). */
      readonly lastDay: string;
      /** 00:00:00Z after `lastDay`, when it stops. */
      readonly ends: Date;
      readonly reason: string;
    }
  | { readonly status: typeof ExceptionStatus.Malformed; readonly value: string; readonly problem: string }
  | { readonly status: typeof ExceptionStatus.Unknown; readonly reason: string };

/** The warning window a certificate is judged with, and where it comes from. */
export interface EffectiveWindow extends WarningWindow {
  /** A window tag ignored because it is not 1 to 365 days, quoted on one line. */
  readonly malformedTag?: string;
}

/**
 * How the rule judges one certificate at one instant: its window and its
 * exception. The pure answer the rule, the CLI, and anything that schedules
 * work at the next change share.
 */
export interface CertificatePolicy {
  /** `daysToExpiration` 0: the strict check (IAM.26 / CIS). Window tags do not apply; an exception never waives it. */
  readonly strict: boolean;
  /** Whether tags were taken into account: overrides on and the certificate within their reach ({@link tagsCanMatter}). */
  readonly tagsConsidered: boolean;
  readonly window: EffectiveWindow;
  readonly exception: CertificateException;
  /** Why the tags could not be read; then neither tag applies. */
  readonly tagsUnreadable: string | undefined;
}

/** A certificate judged with its policy. */
export interface JudgedCertificate {
  readonly verdict: CertificateVerdict;
  readonly policy: CertificatePolicy;
  /**
   * What the tags did or why they did not, for the annotation after the
   * verdict sentence (at most {@link OVERRIDE_NOTE_LENGTH} characters);
   * `undefined` when there is nothing to say, as with no such tags.
   */
  readonly note: string | undefined;
}

/** Room for the tags' note in a 256-character annotation, beside the verdict, usage and owner. */
export const OVERRIDE_NOTE_LENGTH = 110;

const NO_EXCEPTION: CertificateException = { status: ExceptionStatus.None };

/** Whether the rule is the strict check: `daysToExpiration` 0, what Security Hub IAM.26 and CIS audit. */
export function isStrict(parameters: Pick<RuleParameters, 'daysToExpiration'>): boolean {
  return parameters.daysToExpiration === 0;
}

/**
 * How far ahead of expiry tags can change a warning rule's verdict: a window
 * tag reaches at most 365 days, and an exception can clear a verdict the
 * rule's own window (up to 3,650 days) gives.
 */
export function tagHorizonDays(parameters: Pick<RuleParameters, 'daysToExpiration'>): number {
  return Math.max(WINDOW_TAG_MAX_DAYS, parameters.daysToExpiration);
}

/**
 * Whether the certificate's tags can change what the rule says of it at
 * `now`, so whether they are worth a `ListServerCertificateTags` call: in the
 * warning rule, expired or within {@link tagHorizonDays}; in the strict rule,
 * expired (where the annotation names an exception it does not honour).
 * Always false with `tagOverrides` off.
 */
export function tagsCanMatter(certificate: Pick<ServerCertificate, 'expiration'>, now: Date, parameters: PolicyParameters): boolean {
  if (!parameters.tagOverrides) return false;
  const remainingMs = certificate.expiration.getTime() - now.getTime();
  return remainingMs <= (isStrict(parameters) ? 0 : tagHorizonDays(parameters) * MS_PER_DAY);
}

/**
 * The certificate's window and exception at `now`. Tags are considered only
 * when {@link tagsCanMatter}; otherwise, with tags unread, or with no such
 * tags, the policy is the rule's own window and no exception, so verdicts are
 * exactly those of {@link evaluateCertificate}.
 *
 * @param tags `undefined` when they were not read.
 */
export function certificatePolicy(
  certificate: Pick<ServerCertificate, 'expiration'>,
  now: Date,
  parameters: PolicyParameters,
  tags: CertificateTags | undefined,
): CertificatePolicy {
  const strict = isStrict(parameters);
  const ruleWindow: EffectiveWindow = { days: parameters.daysToExpiration, fromTag: false };
  const plain: CertificatePolicy = { strict, tagsConsidered: false, window: ruleWindow, exception: NO_EXCEPTION, tagsUnreadable: undefined };
  if (tags === undefined || !tagsCanMatter(certificate, now, parameters)) return plain;
  if (tags.kind === 'unreadable') {
    // Fail closed: no exception and no window of its own, and the annotation says so.
    return { ...plain, tagsConsidered: true, exception: { status: ExceptionStatus.Unknown, reason: tags.reason }, tagsUnreadable: tags.reason };
  }
  const windowValue = tags.tags.get(OverrideTagKey.WindowDays);
  const exceptionValue = tags.tags.get(OverrideTagKey.Exception);
  return {
    ...plain,
    tagsConsidered: true,
    window: strict || windowValue === undefined ? ruleWindow : windowOf(windowValue, ruleWindow),
    exception: exceptionValue === undefined ? NO_EXCEPTION : exceptionAt(parseExceptionTag(exceptionValue), now, parameters.maxExceptionDays),
  };
}

/**
 * Judges one certificate at `now` with its own window and exception: the
 * verdict of {@link evaluateAgainstWindow}, except that in the warning rule an
 * active exception makes a failing certificate COMPLIANT (its state stays
 * expired or expiring). The strict rule's verdict never moves: an owner
 * cannot waive the control. The annotation still starts with the expiry
 * sentence ("Expired …", "Expires …", "Valid until …"), which reports read
 * back.
 *
 * @example
 * judgeCertificate(cert, now, { daysToExpiration: 30, tagOverrides: true, maxExceptionDays: 90 }, { kind: 'read', tags });
 */
export function judgeCertificate(
  certificate: Pick<ServerCertificate, 'name' | 'expiration'>,
  now: Date,
  parameters: PolicyParameters,
  tags: CertificateTags | undefined,
): JudgedCertificate {
  const policy = certificatePolicy(certificate, now, parameters, tags);
  const expiry = evaluateAgainstWindow(certificate, now, policy.window);
  const waived = !policy.strict && policy.exception.status === ExceptionStatus.Active && expiry.complianceType === ComplianceType.NonCompliant;
  return { verdict: waived ? excepted(certificate, now, expiry, policy.window) : expiry, policy, note: overrideNote(policy, parameters) };
}

/**
 * The next instant after `now` at which the certificate's verdict (compliance
 * or state) changes, with the same tags: entering its window, expiring, an
 * exception starting to count (within `maxExceptionDays` of its end) or
 * ending. With overrides on and tags unread, the instant tags start to matter
 * comes too, if sooner: the verdict may change there, and only a read can
 * tell. `undefined`: it never changes again (already expired, no exception to
 * end).
 */
export function nextVerdictChange(
  certificate: Pick<ServerCertificate, 'name' | 'expiration'>,
  now: Date,
  parameters: PolicyParameters,
  tags: CertificateTags | undefined,
): Date | undefined {
  const expiry = certificate.expiration.getTime();
  const candidates = new Set<number>([expiry, expiry - parameters.daysToExpiration * MS_PER_DAY]);
  const reach = expiry - (isStrict(parameters) ? 0 : tagHorizonDays(parameters) * MS_PER_DAY);
  if (parameters.tagOverrides) candidates.add(reach);
  if (parameters.tagOverrides && tags?.kind === 'read') {
    const window = parseWindowTag(tags.tags.get(OverrideTagKey.WindowDays) ?? '');
    if (window.kind === 'days') candidates.add(expiry - window.days * MS_PER_DAY);
    const exception = parseExceptionTag(tags.tags.get(OverrideTagKey.Exception) ?? '');
    if (exception.kind === 'dated') {
      candidates.add(exception.ends.getTime());
      candidates.add(exception.ends.getTime() - parameters.maxExceptionDays * MS_PER_DAY);
    }
  }
  const verdictAt = (instant: number): string => {
    const { verdict } = judgeCertificate(certificate, new Date(instant), parameters, tags);
    return `${verdict.complianceType}/${verdict.state}`;
  };
  const current = verdictAt(now.getTime());
  // Every part of the verdict is constant between these instants and takes its new value at them.
  let change = [...candidates].filter((instant) => instant > now.getTime()).sort((a, b) => a - b).find((instant) => verdictAt(instant) !== current);
  if (parameters.tagOverrides && tags === undefined && reach > now.getTime()) change = Math.min(change ?? reach, reach);
  return change === undefined ? undefined : new Date(change);
}

function windowOf(value: string, ruleWindow: EffectiveWindow): EffectiveWindow {
  const tag = parseWindowTag(value);
  return tag.kind === 'days' ? { days: tag.days, fromTag: true } : { ...ruleWindow, malformedTag: tag.value };
}

function exceptionAt(tag: ExceptionTag, now: Date, maxExceptionDays: number): CertificateException {
  if (tag.kind === 'malformed') return { status: ExceptionStatus.Malformed, value: tag.value, problem: tag.problem };
  const { lastDay, ends, reason } = tag;
  const leftMs = ends.getTime() - now.getTime();
  if (leftMs <= 0) return { status: ExceptionStatus.Ended, lastDay, ends, reason };
  if (leftMs > maxExceptionDays * MS_PER_DAY) return { status: ExceptionStatus.TooFar, lastDay, ends, reason };
  return { status: ExceptionStatus.Active, lastDay, ends, reason };
}

/** The COMPLIANT verdict of a failing certificate under an active exception, in the warning rule. */
function excepted(certificate: Pick<ServerCertificate, 'expiration'>, now: Date, expiry: CertificateVerdict, window: WarningWindow): CertificateVerdict {
  const iso = isoSeconds(certificate.expiration);
  const days = wholeDaysLeft(certificate.expiration, now);
  const annotation =
    expiry.state === ExpiryState.Expired
      ? `Expired ${iso} (${describeAgo(-days)}) and still stored in IAM; ${EXCEPTED_EXPIRED_WORDS}, not from ${SECURITY_HUB_CONTROL}: the expired rule still fails it.`
      : `Expires ${iso} (${describeLeft(days)}), within ${windowPhrase(window)}, ${EXCEPTED_EXPIRING_WORDS}.`;
  return { complianceType: ComplianceType.Compliant, state: expiry.state, annotation: fitAnnotation(annotation) };
}

/**
 * The annotation's account of the tags: applied, ignored and why, or unread.
 * The exception's phrase comes first, so that cutting the note never drops
 * it (each phrase fits in {@link OVERRIDE_NOTE_LENGTH} alone), and is worded
 * by src/core/exception-annotation.ts, whose reader the organisation report
 * uses.
 */
function overrideNote(policy: CertificatePolicy, parameters: PolicyParameters): string | undefined {
  if (!policy.tagsConsidered) return undefined;
  const notes: string[] = [];
  if (policy.tagsUnreadable !== undefined) {
    notes.push(`tags unread (${policy.tagsUnreadable}): ${policy.strict ? 'exception unknown' : 'judged without exception or window tags'}`);
  }
  const exception = policy.exception;
  switch (exception.status) {
    case ExceptionStatus.Active:
      notes.push(policy.strict ? notWaivedPhrase(exception.lastDay, exception.reason) : honouredPhrase(exception.lastDay, exception.reason));
      break;
    case ExceptionStatus.Ended:
      notes.push(endedPhrase(exception.lastDay));
      break;
    case ExceptionStatus.TooFar:
      notes.push(tooFarPhrase(exception.lastDay, parameters.maxExceptionDays));
      break;
    case ExceptionStatus.Malformed:
      notes.push(malformedPhrase(exception.problem, exception.value));
      break;
    default:
      break;
  }
  if (policy.window.malformedTag !== undefined) notes.push(`window tag ignored, not 1 to ${WINDOW_TAG_MAX_DAYS} days: ${quotedInNote(policy.window.malformedTag)}`);
  return notes.length === 0 ? undefined : shorten(notes.join('; '), OVERRIDE_NOTE_LENGTH, NOTE_NEAR_END);
}
