import fc from 'fast-check';
import { MAX_TAG_VALUE_LENGTH, oneLine, parseExceptionTag, parseWindowTag } from '../../src/core/override-tags';

describe('override tags', () => {
  it.each([
    ['60', 60],
    [' 7 ', 7],
    ['1', 1],
    ['365', 365],
    ['007', 7],
  ])('T1: reads the window tag %p as %d days', (value, days) => {
    expect(parseWindowTag(value)).toEqual({ kind: 'days', days });
  });

  it.each([['0'], ['366'], ['30d'], ['+7'], ['1e2'], ['7.0'], [''], ['thirty'], ['-1']])('T2: calls the window tag %p malformed, keeping the value', (value) => {
    expect(parseWindowTag(value)).toEqual({ kind: 'malformed', value: value.trim() });
  });

  it('T3: reads an exception as its last day, the instant after that day (UTC) and the reason', () => {
    expect(parseExceptionTag('2027-01-31 CHG-1234 vendor renewal')).toEqual({
      kind: 'dated',
      lastDay: '2027-01-31',
      ends: new Date('2027-02-01T00:00:00.000Z'),
      reason: 'CHG-1234 vendor renewal',
    });
    // A leap day, and a reason spread over odd whitespace, kept on one line.
    expect(parseExceptionTag(' 2028-02-29\tINC-9\u2028  second\u00a0line ')).toMatchObject({ lastDay: '2028-02-29', ends: new Date('2028-03-01T00:00:00Z'), reason: 'INC-9 second line' });
  });

  it.each([
    ['2027-02-30 CHG-1', '2027-02-30 is not a date'],
    ['2027-13-01 CHG-1', '2027-13-01 is not a date'],
    ['2027-01-31', 'no reason or ticket after the date'],
    ['2027-01-31   ', 'no reason or ticket after the date'],
    ['31/01/2027 CHG-1', 'not "YYYY-MM-DD reason"'],
    ['2027-01-31T12:00:00Z CHG-1', 'not "YYYY-MM-DD reason"'],
    ['CHG-1234', 'not "YYYY-MM-DD reason"'],
    ['', 'not "YYYY-MM-DD reason"'],
  ])('T4: calls the exception %p malformed: %s', (value, problem) => {
    expect(parseExceptionTag(value)).toMatchObject({ kind: 'malformed', problem });
  });

  it('T5: never throws, and keeps whatever it quotes on one line and within a tag value\'s 256 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (value) => {
        const window = parseWindowTag(value);
        const exception = parseExceptionTag(value);
        const texts = [window.kind === 'malformed' ? window.value : '', exception.kind === 'malformed' ? exception.value : exception.reason];
        for (const text of texts) {
          expect([...text].length).toBeLessThanOrEqual(MAX_TAG_VALUE_LENGTH);
          expect(text).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u);
        }
      }),
      { numRuns: 2_000 },
    );
    expect(oneLine('a\u202eb\r\nc\ud800d')).toBe('a b c d');
  });
});
