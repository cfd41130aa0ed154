import { shorten } from '../../src/core/annotation';
import { ExceptionStatus, judgeCertificate, OVERRIDE_NOTE_LENGTH, type CertificateTags, type PolicyParameters } from '../../src/core/certificate-policy';
import {
  endedPhrase,
  exceptionFromAnnotation,
  honouredPhrase,
  malformedPhrase,
  notWaivedPhrase,
  tooFarPhrase,
  type AnnotatedException,
} from '../../src/core/exception-annotation';
import { OverrideTagKey } from '../../src/core/override-tags';
import { withNotes } from '../../src/rule/annotation-notes';
import { cert, NOW, STRICT, tagged, WARNING } from '../support/policy-fixtures';

const USAGE = 'in use by elb shop-prod-alb:443, cloudfront E2QWRUHAPOMQZ:www.example.com';

/** The annotation the rule delivers: the core's verdict, then its note on the tags, then usage and owner (src/rule/annotation-notes.ts). */
function annotationOf(daysLeft: number, parameters: PolicyParameters, tags: CertificateTags | undefined, notes: readonly string[] = []): { annotation: string; status: ExceptionStatus } {
  const { verdict, note, policy } = judgeCertificate(cert(daysLeft), NOW, parameters, tags);
  const { annotation } = withNotes({ resourceType: 'AWS::IAM::ServerCertificate', resourceId: 'ASCA1', orderingTimestamp: NOW, ...verdict }, [note, ...notes]);
  return { annotation, status: policy.exception.status };
}

describe('exceptionFromAnnotation: reads back what the core writes, for every exception state', () => {
  const exception = (value: string) => tagged({ [OverrideTagKey.Exception]: value });

  it.each<[string, number, PolicyParameters, CertificateTags | undefined, ExceptionStatus, AnnotatedException | undefined]>([
    ['active, warning rule, expiring', 5, WARNING, exception('2026-12-31 CHG-1234 vendor renewal'), ExceptionStatus.Active, { standing: 'honoured', lastDay: '2026-12-31', reason: 'CHG-1234 vendor renewal' }],
    ['active, warning rule, expired', -5, WARNING, exception('2026-12-31 CHG-1234 vendor renewal'), ExceptionStatus.Active, { standing: 'honoured', lastDay: '2026-12-31', reason: 'CHG-1234 vendor renewal' }],
    ['active, warning rule, valid (nothing to waive yet)', 200, WARNING, exception('2026-12-31 CHG-1'), ExceptionStatus.Active, { standing: 'honoured', lastDay: '2026-12-31', reason: 'CHG-1' }],
    ['active, strict rule, expired', -5, STRICT, exception('2026-12-31 CHG-1234 vendor renewal'), ExceptionStatus.Active, { standing: 'not-waived', lastDay: '2026-12-31', reason: 'CHG-1234 vendor renewal' }],
    ['ended', 5, WARNING, exception('2026-11-01 CHG-1'), ExceptionStatus.Ended, { standing: 'ignored', status: 'ended', lastDay: '2026-11-01', why: 'ended' }],
    ['ended, strict rule', -5, STRICT, exception('2026-11-01 CHG-1'), ExceptionStatus.Ended, { standing: 'ignored', status: 'ended', lastDay: '2026-11-01', why: 'ended' }],
    ['too far ahead', 5, WARNING, exception('2027-06-30 CHG-1'), ExceptionStatus.TooFar, { standing: 'ignored', status: 'too-far', lastDay: '2027-06-30', why: 'ends more than 90 days ahead (maxExceptionDays)' }],
    ['malformed: not a date', 5, WARNING, exception('31/01/2027 CHG-1'), ExceptionStatus.Malformed, { standing: 'ignored', status: 'malformed', lastDay: undefined, why: 'not "YYYY-MM-DD reason"' }],
    ['malformed: off the calendar', 5, WARNING, exception('2027-02-30 CHG-1'), ExceptionStatus.Malformed, { standing: 'ignored', status: 'malformed', lastDay: undefined, why: '2027-02-30 is not a date' }],
    ['malformed: no reason', 5, WARNING, exception('2027-01-31'), ExceptionStatus.Malformed, { standing: 'ignored', status: 'malformed', lastDay: undefined, why: 'no reason or ticket after the date' }],
    ['tags unread (the exception is unknown, none is named)', 5, WARNING, { kind: 'unreadable', reason: 'AccessDenied' }, ExceptionStatus.Unknown, undefined],
    ['no exception tag', 5, WARNING, tagged({ owner: 'team-web' }), ExceptionStatus.None, undefined],
    ['tagOverrides off', 5, { ...WARNING, tagOverrides: false }, exception('2026-12-31 CHG-1'), ExceptionStatus.None, undefined],
  ])('%s', (_case, daysLeft, parameters, tags, status, expected) => {
    for (const notes of [[], [USAGE], [USAGE, 'owner team-web']]) {
      const written = annotationOf(daysLeft, parameters, tags, notes);
      expect(written.status).toBe(status);
      expect(exceptionFromAnnotation(written.annotation)).toEqual(expected);
    }
  });

  it('reads the phrases as the core words them, each fitting the tags\' note whole', () => {
    const long = `CHG-1234 ${'x'.repeat(300)}`;
    const phrases = [honouredPhrase('2027-01-31', long), notWaivedPhrase('2027-01-31', long), endedPhrase('2027-01-31'), tooFarPhrase('2027-01-31', 365), malformedPhrase('no reason or ticket after the date', long)];
    expect(phrases.map((phrase) => phrase.length <= OVERRIDE_NOTE_LENGTH)).toEqual([true, true, true, true, true]);
    expect(phrases.map((phrase) => exceptionFromAnnotation(`Expired 2026-11-01T00:00:00Z (22 days ago). ${phrase}`)?.standing)).toEqual(['honoured', 'not-waived', 'ignored', 'ignored', 'ignored']);
    expect(exceptionFromAnnotation(honouredPhrase('2027-01-31', long))).toEqual({ standing: 'honoured', lastDay: '2027-01-31', reason: `${long.slice(0, 59)}…` });
  });

  it('names the exception first in the note, so a malformed window tag beside a long reason never cuts it away', () => {
    const reason = `CHG-1234 ${'vendor renewal '.repeat(4).trim()}`;
    const { annotation } = annotationOf(5, WARNING, tagged({ [OverrideTagKey.Exception]: `2026-12-31 ${reason}`, [OverrideTagKey.WindowDays]: `sixty days ${'y'.repeat(40)}` }));
    expect(annotation).toMatch(/but excepted\. exception through 2026-12-31: CHG-1234 vendor renewal/);
    expect(exceptionFromAnnotation(annotation)).toEqual({ standing: 'honoured', lastDay: '2026-12-31', reason: expect.stringMatching(/^CHG-1234 vendor renewal/) });
  });

  it('keeps a reason that holds ; ( or ) from ending its phrase early: they are replaced, and the rest is read whole', () => {
    const exception = (value: string) => tagged({ [OverrideTagKey.Exception]: value });
    const warning = annotationOf(5, WARNING, exception('2026-12-31 CHG-1; owner ok (see INC-2)'), [USAGE]).annotation;
    const strict = annotationOf(-5, STRICT, exception('2026-12-31 a) does not waive; b')).annotation;
    expect(exceptionFromAnnotation(warning)).toEqual({ standing: 'honoured', lastDay: '2026-12-31', reason: 'CHG-1, owner ok [see INC-2]' });
    expect(exceptionFromAnnotation(strict)).toEqual({ standing: 'not-waived', lastDay: '2026-12-31', reason: 'a] does not waive, b' });
  });
});

describe('exceptionFromAnnotation: a cut phrase is never read as another date or reason', () => {
  it.each([
    ['a date cut', 'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window, but excepted. exception through 2027-0…'],
    ['a reason cut to nothing', 'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window, but excepted. exception through 2027-01-31:…'],
    ['the strict rule\'s words cut', 'Expired 2026-11-01T00:00:00Z (22 days ago) and still stored in IAM. Rotate … exception through 2027-01-31 (CHG-12…'],
    ['the strict rule\'s ending cut', 'Expired 2026-11-01T00:00:00Z (22 days ago) and still stored in IAM. exception through 2027-01-31 (CHG-1234) does not…'],
    ['an ended date cut', 'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window. exception ignored: ended 2026-1…'],
    ['a too-far phrase cut', 'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window. exception ignored: 2027-06-30 is over 90…'],
    ['a malformed phrase cut', 'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window. exception tag ignored, no reason or ti…'],
    ['the word itself cut (an older rule put the window note first)', 'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window, but excepted. window tag ignored, not 1 to 365 days: "60d"; exc…'],
    ['the phrase gone, the warning rule\'s expiring "excepted" left', 'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window, but excepted. window tag ignored, not 1 to 365 days: "60d";…'],
    ['the phrase gone, the warning rule\'s expired "excepted" left', 'Expired 2026-10-01T12:00:00Z (53 days ago) and still stored in IAM; excepted from this warning, not from IAM.26: the expired rule…'],
    ['a date off the calendar (never written by the rule)', 'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window, but excepted. exception through 2027-02-30: CHG-1'],
  ])('%s: "exception (details cut from the annotation)"', (_case, annotation) => {
    expect(exceptionFromAnnotation(annotation)).toEqual({ standing: 'cut' });
  });

  it('reads a reason cut short as the prefix it is, its … kept', () => {
    expect(exceptionFromAnnotation('Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window, but excepted. exception through 2027-01-31: CHG-1234 vend…')).toEqual({
      standing: 'honoured',
      lastDay: '2027-01-31',
      reason: 'CHG-1234 vend…',
    });
  });

  it('at every length a real annotation can be cut to: nothing, cut, or the same date and a prefix of the same reason', () => {
    const reason = 'CHG-1234 vendor renewal of the wildcard certificate for shop';
    const seen = { cut: 0, prefix: 0, whole: 0 };
    for (const [daysLeft, parameters] of [[5, WARNING], [-5, WARNING], [-5, STRICT]] as const) {
      const { annotation } = annotationOf(daysLeft, parameters, tagged({ [OverrideTagKey.Exception]: `2026-12-31 ${reason}`, owner: 'team-web' }), [USAGE, 'owner team-web']);
      const whole = exceptionFromAnnotation(annotation);
      expect(whole).toMatchObject({ lastDay: '2026-12-31' });
      for (let length = 1; length <= annotation.length; length += 1) {
        const read = exceptionFromAnnotation(shorten(annotation, length));
        if (read?.standing === 'cut') seen.cut += 1;
        if (read === undefined || read.standing === 'cut') continue;
        expect(read).toMatchObject({ standing: whole?.standing, lastDay: '2026-12-31' });
        const quoted = 'reason' in read ? read.reason : '';
        expect(quoted.endsWith('…') ? reason.startsWith(quoted.slice(0, -1)) : quoted === (whole && 'reason' in whole ? whole.reason : '')).toBe(true);
        if (quoted.endsWith('…')) seen.prefix += 1;
        else seen.whole += 1;
      }
    }
    // Every kind of outcome was met: the loop above is not vacuous.
    expect(Object.values(seen).every((count) => count > 0)).toBe(true);
  });

  it('says nothing of an annotation without an exception, even one that mentions the word elsewhere', () => {
    expect(exceptionFromAnnotation(undefined)).toBeUndefined();
    expect(exceptionFromAnnotation('Valid until 2027-05-01T00:00:00Z (159 days left); outside the 30-day window. in use by elb exception-alb:443')).toBeUndefined();
    expect(exceptionFromAnnotation('Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window. Renew and re-upload before 2026-11-28T12:00:00Z, then repoint consumers of exceptional.')).toBeUndefined();
  });
});
