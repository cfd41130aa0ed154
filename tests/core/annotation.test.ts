import { appendToAnnotation, fitAnnotation, isoSeconds, MAX_ANNOTATION_LENGTH } from '../../src/core/annotation';

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

  it('returns the base alone for an empty suffix', () => {
    expect(appendToAnnotation('Valid.', '  ')).toBe('Valid.');
  });
});
