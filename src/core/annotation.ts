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
  if (trimmed.length <= MAX_ANNOTATION_LENGTH) {
    return trimmed;
  }
  const room = MAX_ANNOTATION_LENGTH - ELLIPSIS.length;
  const head = trimmed.slice(0, room + 1);
  const lastSpace = head.lastIndexOf(' ');
  // One unbroken word longer than the limit (a very long name) is cut hard.
  const cut = lastSpace > 0 ? head.slice(0, lastSpace) : head.slice(0, room);
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/** ISO 8601 in UTC to the second, the precision IAM stores expiry dates with. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
