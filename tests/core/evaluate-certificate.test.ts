import { evaluateAgainstWindow, evaluateCertificate, windowFromAnnotation, windowPhrase } from '../../src/core/evaluate-certificate';
import { ComplianceType } from '../../src/core/compliance-type';
import { MAX_ANNOTATION_LENGTH } from '../../src/core/annotation';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const DAY = 86_400_000;
const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs);
const cert = (expiration: Date, name = 'www-example-com') => ({ name, expiration });

describe('evaluateCertificate', () => {
  describe('S1: expired certificates (Security Hub IAM.26, CIS)', () => {
    it('is NON_COMPLIANT when the expiry is exactly now', () => {
      const verdict = evaluateCertificate(cert(NOW), NOW, { daysToExpiration: 0 });
      expect(verdict.complianceType).toBe(ComplianceType.NonCompliant);
      expect(verdict.annotation).toContain('Expired 2026-11-23T12:00:00Z');
    });

    it('is NON_COMPLIANT one millisecond after expiry and COMPLIANT one millisecond before (window 0)', () => {
      expect(evaluateCertificate(cert(at(-1)), NOW, { daysToExpiration: 0 }).complianceType).toBe(ComplianceType.NonCompliant);
      expect(evaluateCertificate(cert(at(1)), NOW, { daysToExpiration: 0 }).complianceType).toBe(ComplianceType.Compliant);
    });

    it('says how long ago it expired and the next step', () => {
      const verdict = evaluateCertificate(cert(at(-53 * DAY - 5)), NOW, { daysToExpiration: 30 });
      expect(verdict.annotation).toBe(
        'Expired 2026-10-01T11:59:59Z (53 days ago) and still stored in IAM. ' +
          'Rotate, repoint consumers, then delete www-example-com (Security Hub IAM.26, CIS v6.0.0 2.18 / v5.0.0 1.18 / v3.0.0 1.19).',
      );
    });

    it('says "less than a day ago" within the first 24 hours and "1 day ago" after', () => {
      expect(evaluateCertificate(cert(at(-DAY + 1)), NOW, { daysToExpiration: 0 }).annotation).toContain('(less than a day ago)');
      expect(evaluateCertificate(cert(at(-DAY)), NOW, { daysToExpiration: 0 }).annotation).toContain('(1 day ago)');
    });
  });

  describe('S2: expiring within daysToExpiration', () => {
    it('is NON_COMPLIANT at exactly the window edge and COMPLIANT one millisecond beyond', () => {
      expect(evaluateCertificate(cert(at(30 * DAY)), NOW, { daysToExpiration: 30 }).complianceType).toBe(ComplianceType.NonCompliant);
      expect(evaluateCertificate(cert(at(30 * DAY + 1)), NOW, { daysToExpiration: 30 }).complianceType).toBe(ComplianceType.Compliant);
    });

    it('tells the user to renew before the expiry date', () => {
      const verdict = evaluateCertificate(cert(at(5 * DAY + 3600_000)), NOW, { daysToExpiration: 30 });
      expect(verdict.annotation).toBe(
        'Expires 2026-11-28T13:00:00Z (5 days left), within the 30-day window. ' +
          'Renew and re-upload before 2026-11-28T13:00:00Z, then repoint consumers of www-example-com.',
      );
    });

    it('ignores the window when daysToExpiration is 0', () => {
      expect(evaluateCertificate(cert(at(1000)), NOW, { daysToExpiration: 0 }).complianceType).toBe(ComplianceType.Compliant);
    });

    it('reaches ten years ahead with daysToExpiration 3650', () => {
      expect(evaluateCertificate(cert(at(3650 * DAY)), NOW, { daysToExpiration: 3650 }).complianceType).toBe(ComplianceType.NonCompliant);
      expect(evaluateCertificate(cert(at(3650 * DAY + 1)), NOW, { daysToExpiration: 3650 }).complianceType).toBe(ComplianceType.Compliant);
    });
  });

  describe('S3: valid certificates', () => {
    it('is COMPLIANT and says when it expires and how the window relates', () => {
      const verdict = evaluateCertificate(cert(at(365 * DAY)), NOW, { daysToExpiration: 30 });
      expect(verdict).toEqual({
        complianceType: ComplianceType.Compliant,
        state: 'Valid',
        annotation: 'Valid until 2027-11-23T12:00:00Z (365 days left); outside the 30-day window.',
      });
    });

    it('does not mention a window when daysToExpiration is 0', () => {
      expect(evaluateCertificate(cert(at(2 * DAY)), NOW, { daysToExpiration: 0 }).annotation).toBe(
        'Valid until 2026-11-25T12:00:00Z (2 days left).',
      );
    });
  });

  describe('S4: annotation length', () => {
    it('keeps annotations within 256 characters for the longest IAM name (128), whole: the name gives way, the sentence is not cut', () => {
      const verdict = evaluateCertificate(cert(at(-DAY), 'n'.repeat(128)), NOW, { daysToExpiration: 0 });
      expect(verdict.annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
      expect(verdict.annotation).toMatch(/\(Security Hub IAM\.26[^…]*\)\.$/);
      expect(evaluateCertificate(cert(at(-10 * DAY), 'n'.repeat(128)), NOW, { daysToExpiration: 0 }).annotation).toContain(
        'then delete it (Security Hub IAM.26, CIS v6.0.0 2.18 / v5.0.0 1.18 / v3.0.0 1.19).',
      );
    });

    it('says "its consumers" in an expiring annotation when the name does not fit, rather than cut the sentence', () => {
      const verdict = evaluateCertificate(cert(at(5 * DAY), 'n'.repeat(128)), NOW, { daysToExpiration: 30 });
      expect(verdict.annotation).toBe(
        'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window. Renew and re-upload before 2026-11-28T12:00:00Z, then repoint its consumers.',
      );
      expect(evaluateCertificate(cert(at(5 * DAY), 'n'.repeat(100)), NOW, { daysToExpiration: 30 }).annotation).toMatch(/consumers of n{100}\.$/);
    });
  });
});

describe('windowFromAnnotation', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const expiring = { name: 'shop', expiration: new Date(now.getTime() + 45 * 86_400_000) };

  it.each([
    [{ days: 60, fromTag: true }, 'within'],
    [{ days: 30, fromTag: true }, 'outside'],
    [{ days: 60, fromTag: false }, 'within'],
    [{ days: 7, fromTag: false }, 'outside'],
  ])('reads back the window %p the verdict sentence names (%s it)', (window, where) => {
    const { annotation } = evaluateAgainstWindow(expiring, now, window);
    expect(annotation).toContain(`${where} ${windowPhrase(window)}`);
    expect(windowFromAnnotation(annotation)).toEqual(window);
  });

  it('finds none where the sentence names none: expired, or without a window', () => {
    expect(windowFromAnnotation(evaluateAgainstWindow({ ...expiring, expiration: new Date(now.getTime() - 1) }, now, { days: 60, fromTag: true }).annotation)).toBeUndefined();
    expect(windowFromAnnotation(evaluateAgainstWindow(expiring, now, { days: 0, fromTag: false }).annotation)).toBeUndefined();
    expect(windowFromAnnotation(undefined)).toBeUndefined();
  });
});
