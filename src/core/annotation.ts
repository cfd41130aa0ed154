/**
 * AWS Config's limit on `Evaluation.Annotation`: 1 to 256 characters
 * (Config API reference, Evaluation data type).
 */
export const MAX_ANNOTATION_LENGTH = 256;

const ELLIPSIS = '…';

/**
 * Makes a text fit AWS Config's annotation limit. A longer text is cut at the
 * last word boundary that leaves room for a visible `…` marker, so a reader
 * can tell it was shortened; a text that is empty after trimming is a bug in
 * the caller and throws rather than being sent.
 *
 * @example
 * fitAnnotation('a'.repeat(300)).length; // 256, ends with '…'
 */
export function fitAnnotation(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw new RangeError('An annotation must have at least one character');
  }
  return shorten(trimmed, MAX_ANNOTATION_LENGTH);
}

/**
 * What an annotation always keeps of its verdict sentence, however long the
 * notes after it: the verdict and its date ("Expired 2026-11-27T10:46:09Z
 * (10 days ago) and still stored in IAM." is 67 characters, the expiring and
 * valid sentences' openings no longer), so Config's dashboard and the
 * organization report can always read what was judged.
 */
export const MIN_VERDICT_LENGTH = 96;

/**
 * Adds `suffix` after `base` within the annotation limit. The suffix (short,
 * already-bounded notes such as where a certificate is used) is kept whole
 * and the base cut at a word boundary if both do not fit, but never below
 * {@link MIN_VERDICT_LENGTH}: notes too long for that are cut at their end
 * instead, so the verdict is never pushed out by what follows it.
 */
export function appendToAnnotation(base: string, suffix: string): string {
  const verdict = base.trim();
  const notes = suffix.trim();
  if (notes === '') return fitAnnotation(verdict);
  const tail = shorten(notes, MAX_ANNOTATION_LENGTH - Math.min(verdict.length, MIN_VERDICT_LENGTH) - 1);
  const head = shorten(verdict, MAX_ANNOTATION_LENGTH - tail.length - 1);
  return fitAnnotation(`${head} ${tail}`);
}

/** ISO 8601 in UTC to the second, the precision IAM stores expiry dates with. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `text` if it fits in `length`, else cut at a word boundary and marked with `…`.
 *
 * @param nearEnd cut at a word only when that keeps at least this share of
 * the room (0 to 1), else exactly: for text that may be one long word (an
 * owner tag, a name) which a word cut would drop whole. Default 0: any word.
 */
export function shorten(text: string, length: number, nearEnd = 0): string {
  if (text.length <= length) return text;
  const room = length - ELLIPSIS.length;
  if (room <= 0) return '';
  const head = text.slice(0, room + 1);
  const lastSpace = head.lastIndexOf(' ');
  // One unbroken word longer than the limit (a very long name) is cut hard.
  const cut = lastSpace > 0 && lastSpace >= room * nearEnd ? head.slice(0, lastSpace) : head.slice(0, room);
  return `${cut.trimEnd()}${ELLIPSIS}`;
}
