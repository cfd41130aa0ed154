import { MS_PER_DAY } from './evaluate-certificate';

/**
 * The IAM tags by which a certificate's owner sets its own warning window and
 * a time-boxed exception (docs/parameters.md, "Per-certificate windows and
 * exceptions"). Tag values are untrusted text: anyone allowed
 * `iam:TagServerCertificate` writes them, so everything here parses, never
 * throws, and keeps what it quotes short and on one line.
 */
export const OverrideTagKey = {
  /** An integer from 1 to 365: the certificate's warning window in the warning rule. */
  WindowDays: 'iam-cert-expiry:window-days',
  /** `YYYY-MM-DD <reason or ticket>`: the warning rule reports it COMPLIANT until the end of that UTC day. */
  Exception: 'iam-cert-expiry:exception',
} as const;

export type OverrideTagKey = (typeof OverrideTagKey)[keyof typeof OverrideTagKey];

/** What `iam-cert-expiry:window-days` may say: a day to a year. */
export const WINDOW_TAG_MIN_DAYS = 1;
export const WINDOW_TAG_MAX_DAYS = 365;

/**
 * IAM tag values: 0 to 256 characters of `[\p{L}\p{Z}\p{N}_.:/=+\-@]`
 * (IAM API reference, Tag data type, `Value`). `\p{Z}` admits the line and
 * paragraph separators U+2028 / U+2029, so a value can still break a line.
 */
export const MAX_TAG_VALUE_LENGTH = 256;


/** A window tag, read. */
export type WindowTag = { readonly kind: 'days'; readonly days: number } | { readonly kind: 'malformed'; readonly value: string };

/** An exception tag, read: its last day (UTC), the instant it ends, and why. */
export type ExceptionTag =
  | {
      readonly kind: 'dated';
      /** The date the tag names, `YYYY-MM-DD`: the exception's last day. */
      readonly lastDay: string;
      /** 00:00:00Z of the day after `lastDay`: the exception holds while `now` is earlier. */
      readonly ends: Date;
      /** The reason or ticket, on one line, at most {@link MAX_TAG_VALUE_LENGTH} characters. */
      readonly reason: string;
    }
  | { readonly kind: 'malformed'; readonly value: string; readonly problem: string };

/**
 * Reads `iam-cert-expiry:window-days`: a whole number of days from
 * {@link WINDOW_TAG_MIN_DAYS} to {@link WINDOW_TAG_MAX_DAYS}, spaces around it
 * allowed. Anything else (`30d`, `0`, `1e2`, `+7`) is malformed, kept (on one
 * line) so the annotation can name it.
 */
export function parseWindowTag(value: string): WindowTag {
  const text = value.trim();
  const days = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isInteger(days) && days >= WINDOW_TAG_MIN_DAYS && days <= WINDOW_TAG_MAX_DAYS) return { kind: 'days', days };
  return { kind: 'malformed', value: oneLine(value) };
}

const EXCEPTION = /^(\d{4})-(\d{2})-(\d{2})(?:\s+([\s\S]*))?$/u;

/**
 * Reads `iam-cert-expiry:exception`: a date `YYYY-MM-DD` (the last day of
 * the exception, UTC), then whitespace and a reason or ticket. A date that is
 * not on the calendar (`2027-02-30`), or no reason, makes it malformed.
 *
 * @example
 * parseExceptionTag('2027-01-31 CHG-1234 vendor renewal');
 * // { kind: 'dated', lastDay: '2027-01-31', ends: 2027-02-01T00:00:00Z, reason: 'CHG-1234 vendor renewal' }
 */
export function parseExceptionTag(value: string): ExceptionTag {
  const match = EXCEPTION.exec(value.trim());
  if (match === null) return { kind: 'malformed', value: oneLine(value), problem: 'not "YYYY-MM-DD reason"' };
  const [, year, month, day, rest] = match;
  const start = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const lastDay = `${year}-${month}-${day}`;
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== lastDay) {
    return { kind: 'malformed', value: oneLine(value), problem: `${lastDay} is not a date` };
  }
  const reason = oneLine(rest ?? '');
  if (reason === '') return { kind: 'malformed', value: oneLine(value), problem: 'no reason or ticket after the date' };
  return { kind: 'dated', lastDay, ends: new Date(start + MS_PER_DAY), reason };
}

/**
 * Text of a tag on one line: control, format (bidi overrides), lone surrogate and line or
 * paragraph separator characters become spaces, runs of spaces one, and it is
 * cut to the length IAM allows a value, so no tag can break a log line, an
 * annotation or a table cell, or grow one past its limit.
 */
export function oneLine(text: string): string {
  const flat = text
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  // By code point, so a cut never splits a surrogate pair.
  return [...flat].slice(0, MAX_TAG_VALUE_LENGTH).join('').trimEnd();
}
