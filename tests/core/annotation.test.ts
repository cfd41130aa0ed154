import fc from 'fast-check';
import { appendToAnnotation, fitAnnotation, isoSeconds, MAX_ANNOTATION_LENGTH, MIN_VERDICT_LENGTH } from '../../src/core/annotation';

describe('fitAnnotation', () => {
  it('returns a short text unchanged but trimmed', () => {
    expect(fitAnnotation('  Valid until tomorrow.  ')).toBe('Valid until tomorrow.');
  });

  it('keeps a text of exactly 256 characters whole', () => {
    const text = 'a'.repeat(MAX_ANNOTATION_LENGTH);
    expect(fitAnnotation(text)).toBe(text);
  });

  it('cuts a longer text at a word boundary and marks the cut', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const fitted = fitAnnotation(words);
    expect(fitted.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    expect(fitted.endsWith('…')).toBe(true);
    const body = fitted.slice(0, -1);
    expect(words.startsWith(body)).toBe(true);
    // The character after the kept text in the original is a space: no word was split.
    expect(words[body.length]).toBe(' ');
  });

  it('cuts one unbroken word hard when there is no space to cut at', () => {
    const fitted = fitAnnotation('x'.repeat(1000));
    expect(fitted).toBe(`${'x'.repeat(MAX_ANNOTATION_LENGTH - 1)}…`);
  });

  it('refuses an empty or blank text', () => {
    expect(() => fitAnnotation('   ')).toThrow(RangeError);
  });
});

describe('isoSeconds', () => {
  it('renders UTC to the second without milliseconds', () => {
    expect(isoSeconds(new Date('2024-02-29T23:59:59.999Z'))).toBe('2024-02-29T23:59:59Z');
  });
});

describe('appendToAnnotation', () => {
  it('joins base and suffix when both fit', () => {
    expect(appendToAnnotation('Expired yesterday.', 'not referenced: safe to delete')).toBe('Expired yesterday. not referenced: safe to delete');
  });

  it('keeps the suffix whole and cuts the base at a word when both do not fit', () => {
    const base = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const suffix = 'in use by elb my-app-elb:443';
    const joined = appendToAnnotation(base, suffix);
    expect(joined.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    expect(joined.endsWith(`… ${suffix}`)).toBe(true);
    const kept = joined.slice(0, joined.indexOf('…'));
    expect(base.startsWith(kept)).toBe(true);
    expect(base[kept.length]).toBe(' ');
  });

  it('keeps the verdict and its date when the notes alone would fill the annotation, cutting the notes instead', () => {
    const verdict = 'Expired 2026-11-27T10:46:09Z (10 days ago) and still stored in IAM. Rotate, repoint consumers, then delete shop-2025.';
    const notes = `exception through 2027-01-06 (${'r'.repeat(100)}); in use by elb ${'e'.repeat(100)}:443; owner ${'o'.repeat(50)}`;
    const joined = appendToAnnotation(verdict, notes);
    expect(joined.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    expect(joined.startsWith('Expired 2026-11-27T10:46:09Z (10 days ago) and still stored in IAM.')).toBe(true);
    expect(joined).toContain('exception through 2027-01-06');
    expect(joined.endsWith('…')).toBe(true);
  });

  it('never keeps less than MIN_VERDICT_LENGTH of the verdict (less the word a cut may drop), whatever the notes', () => {
    const words = (max: number) => fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { minLength: 1, maxLength: max }).map((list) => list.join(' '));
    fc.assert(
      fc.property(words(60), fc.string({ maxLength: 400, size: 'max' }), (verdict, notes) => {
        const joined = appendToAnnotation(verdict, notes);
        expect(joined.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
        if (verdict.length <= MIN_VERDICT_LENGTH) expect(joined.startsWith(verdict)).toBe(true);
        else {
          // A word cut drops at most one word of 12 letters and its space, and adds the "…" marker.
          const kept = MIN_VERDICT_LENGTH - 14;
          expect(joined.slice(0, kept)).toBe(verdict.slice(0, kept));
        }
      }),
    );
  });

  it('returns the base alone for an empty suffix', () => {
    expect(appendToAnnotation('Valid.', '  ')).toBe('Valid.');
  });
});
