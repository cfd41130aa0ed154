import { shorten } from './annotation';
import type { ExceptionStatus } from './certificate-policy';
import { SECURITY_HUB_CONTROL } from './compliance-references';

/**
 * How an annotation words a certificate's exception tag
 * (`iam-cert-expiry:exception`), and the reader that reads those words back.
 * The rule writes the phrases ({@link certificatePolicy}'s note); the
 * organisation report, which sees only Config results, reads them
 * (src/cli/report/aggregate-exceptions.ts). Both sides live here so that the
 * wording and its reader cannot drift apart.
 *
 * The exception's phrase is the first of the rule's notes after the verdict
 * sentence (`… but excepted. exception through 2027-01-31: CHG-1234; in use
 * by …`). Everything in it that came from the tag is quoted shortened, on one
 * line, and with `;`, `(` and `)` replaced, so that a reason can never end
 * its phrase early or be read as another one. (IAM tag values cannot hold
 * those characters anyway: `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`, IAM API reference,
 * `Tag` data type; the replacement guards against anything else.)
 */

/** How much of an exception's reason the warning rule's annotation quotes; findings and reports carry it whole. */
export const REASON_IN_NOTE = 60;
/** The strict rule's quote, beside "does not waive IAM.26". */
export const STRICT_REASON_IN_NOTE = REASON_IN_NOTE / 2;
/** How much of a malformed tag value an annotation quotes. */
export const VALUE_IN_NOTE = 30;
/** Cut near the end: a reason or value may be one long word. */
export const NOTE_NEAR_END = 0.8;

/** The warning rule's verdict sentence of an expired certificate it excepts (`…; excepted from this warning, not from IAM.26…`). */
export const EXCEPTED_EXPIRED_WORDS = 'excepted from this warning';
/** The warning rule's verdict sentence of an expiring certificate it excepts (`…, within the 30-day window, but excepted.`). */
export const EXCEPTED_EXPIRING_WORDS = 'but excepted';

/** Where an exception stands as an annotation says it. */
export const AnnotatedStanding = {
  /** The warning rule honours it: "exception through 2027-01-31: CHG-1234 …". */
  Honoured: 'honoured',
  /** The strict rule names it and does not waive the control: "exception through 2027-01-31 (CHG-1234) does not waive IAM.26". */
  NotWaived: 'not-waived',
  /** Ended, too far ahead, or malformed: "exception ignored: …", "exception tag ignored, …". */
  Ignored: 'ignored',
  /** The phrase is there but cut (or unreadable): nothing of it is guessed. */
  Cut: 'cut',
} as const;

export type AnnotatedStanding = (typeof AnnotatedStanding)[keyof typeof AnnotatedStanding];

/** What an annotation says of a certificate's exception. */
export type AnnotatedException =
  | {
      readonly standing: typeof AnnotatedStanding.Honoured | typeof AnnotatedStanding.NotWaived;
      /** `YYYY-MM-DD`, whole: the exception's last day (UTC). */
      readonly lastDay: string;
      /** As the annotation quotes it: at most {@link REASON_IN_NOTE} characters; one that ends with `…` was shortened, never completed. */
      readonly reason: string;
    }
  | {
      readonly standing: typeof AnnotatedStanding.Ignored;
      /** Why, as the rule's own exception status. */
      readonly status: typeof ExceptionStatus.Ended | typeof ExceptionStatus.TooFar | typeof ExceptionStatus.Malformed;
      /** The last day, when the annotation names it (ended, too far ahead). */
      readonly lastDay: string | undefined;
      /** Why the rule ignores it: `ended`, `ends more than 90 days ahead (maxExceptionDays)`, `not a date`… */
      readonly why: string;
    }
  | { readonly standing: typeof AnnotatedStanding.Cut };

/** `CHG-1234 vendor renewal` as an annotation quotes it: shortened, and with nothing that could end its phrase. */
export function reasonInNote(reason: string, length: number): string {
  return shorten(neutralised(reason), length, NOTE_NEAR_END);
}

/** `"31/01/2027 CHG-1"`: a tag value as an annotation quotes it. */
export function quotedInNote(value: string): string {
  return `"${shorten(neutralised(value), VALUE_IN_NOTE, NOTE_NEAR_END)}"`;
}

/** The warning rule's note on an active exception: `exception through 2027-01-31: CHG-1234 vendor renewal`. */
export function honouredPhrase(lastDay: string, reason: string): string {
  return `exception through ${lastDay}: ${reasonInNote(reason, REASON_IN_NOTE)}`;
}

/** The strict rule's note on an active exception it does not honour. */
export function notWaivedPhrase(lastDay: string, reason: string): string {
  return `exception through ${lastDay} (${reasonInNote(reason, STRICT_REASON_IN_NOTE)}) does not waive ${SECURITY_HUB_CONTROL}`;
}

/** `exception ignored: ended 2026-11-01`. */
export function endedPhrase(lastDay: string): string {
  return `exception ignored: ended ${lastDay}`;
}

/** `exception ignored: 2027-06-30 is over 90 days ahead (maxExceptionDays)`. */
export function tooFarPhrase(lastDay: string, maxExceptionDays: number): string {
  return `exception ignored: ${lastDay} is over ${maxExceptionDays} days ahead (maxExceptionDays)`;
}

/** `exception tag ignored, not "YYYY-MM-DD reason": "31/01/2027 CHG-1"`. */
export function malformedPhrase(problem: string, value: string): string {
  return `exception tag ignored, ${problem}: ${quotedInNote(value)}`;
}

const DATE = '(\\d{4}-\\d{2}-\\d{2})';
/** The reason runs to the next note (`; `) or the end; it holds no `;` (see {@link reasonInNote}). */
const HONOURED = new RegExp(`^exception through ${DATE}: ([^;]*)(?:;|$)`, 'u');
const NOT_WAIVED = new RegExp(`^exception through ${DATE} \\(([^)]*)\\) does not waive\\b`, 'u');
const ENDED = new RegExp(`^exception ignored: ended ${DATE}(?=;|$|…)`, 'u');
const TOO_FAR = new RegExp(`^exception ignored: ${DATE} is over (\\d+) days ahead \\(maxExceptionDays\\)`, 'u');
const MALFORMED = /^exception tag ignored, ([^:;"]*(?:"[^"]*"[^:;"]*)?): "/u;
/** Where a note can begin: the annotation's start, or after the verdict sentence (`.` or a cut's `…`) or another note (`;`). */
const NOTE_START = /(?:^|(?<=[.;…] ))e/gu;
const WORD = 'exception';

/**
 * Reads back what an annotation of either rule says of the certificate's
 * exception: the inverse of {@link honouredPhrase}, {@link notWaivedPhrase},
 * {@link endedPhrase}, {@link tooFarPhrase} and {@link malformedPhrase}.
 * `undefined` when it says nothing of one (no exception tag, tags not
 * considered, or `tagOverrides` off).
 *
 * Annotations are cut at 256 characters (fitAnnotation), and older notes at
 * 110: a phrase is read only when its date and its fixed words are whole. A
 * reason cut short keeps its `…` and is never completed; a phrase cut
 * anywhere else, or only the warning rule's "excepted" verdict left with its
 * phrase gone, is {@link AnnotatedStanding.Cut}: never a guessed date or
 * reason.
 *
 * @example
 * exceptionFromAnnotation('Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window, but excepted. exception through 2027-01-31: CHG-1234');
 * // { standing: 'honoured', lastDay: '2027-01-31', reason: 'CHG-1234' }
 */
export function exceptionFromAnnotation(annotation: string | undefined): AnnotatedException | undefined {
  if (annotation === undefined) return undefined;
  for (const start of annotation.matchAll(NOTE_START)) {
    const read = phraseAt(annotation.slice(start.index));
    if (read !== undefined) return read;
  }
  return verdictSaysExcepted(annotation) ? { standing: AnnotatedStanding.Cut } : undefined;
}

/** Whether the verdict sentence is the warning rule's for a certificate it excepts. */
export function verdictSaysExcepted(annotation: string): boolean {
  return annotation.includes(`; ${EXCEPTED_EXPIRED_WORDS}`) || annotation.includes(`, ${EXCEPTED_EXPIRING_WORDS}.`);
}

/** The exception phrase at the start of `text`, or `undefined` when `text` does not start with one. */
function phraseAt(text: string): AnnotatedException | undefined {
  const honoured = HONOURED.exec(text);
  if (honoured !== null) return dated(AnnotatedStanding.Honoured, honoured[1], honoured[2]);
  const notWaived = NOT_WAIVED.exec(text);
  if (notWaived !== null) return dated(AnnotatedStanding.NotWaived, notWaived[1], notWaived[2]);
  const ended = ENDED.exec(text);
  if (ended !== null) return ignored('ended', ended[1], 'ended');
  const tooFar = TOO_FAR.exec(text);
  if (tooFar !== null) return ignored('too-far', tooFar[1], `ends more than ${tooFar[2] ?? '?'} days ahead (maxExceptionDays)`);
  const malformed = MALFORMED.exec(text);
  if (malformed?.[1] !== undefined && malformed[1].trim() !== '') return { standing: AnnotatedStanding.Ignored, status: 'malformed', lastDay: undefined, why: malformed[1].trim() };
  return startsLikeException(text) ? { standing: AnnotatedStanding.Cut } : undefined;
}

/** `exception …` whose rest did not read, or a hard cut inside the word itself (`exc…`). */
function startsLikeException(text: string): boolean {
  if (/^exception\b/u.test(text)) return true;
  const cut = text.indexOf('…');
  return cut > 0 && WORD.startsWith(text.slice(0, cut));
}

function dated(standing: typeof AnnotatedStanding.Honoured | typeof AnnotatedStanding.NotWaived, lastDay: string | undefined, quote: string | undefined): AnnotatedException {
  const reason = (quote ?? '').trim();
  // A date not on the calendar was never written by the rule; a reason cut to nothing says nothing.
  if (lastDay === undefined || !isCalendarDay(lastDay) || reason === '' || reason === '…') return { standing: AnnotatedStanding.Cut };
  return { standing, lastDay, reason };
}

function ignored(status: typeof ExceptionStatus.Ended | typeof ExceptionStatus.TooFar, lastDay: string | undefined, why: string): AnnotatedException {
  if (lastDay === undefined || !isCalendarDay(lastDay)) return { standing: AnnotatedStanding.Cut };
  return { standing: AnnotatedStanding.Ignored, status, lastDay, why };
}

function isCalendarDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

/** Replaces what could end a phrase early (`;` ends a note, `)` the strict rule's quote). */
function neutralised(text: string): string {
  return text.replace(/;/g, ',').replace(/\(/g, '[').replace(/\)/g, ']');
}
