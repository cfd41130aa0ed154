import {
  certificatePolicy,
  ExceptionStatus,
  judgeCertificate,
  nextVerdictChange,
  tagsCanMatter,
  type CertificateTags,
} from '../../src/core/certificate-policy';
import { ComplianceType } from '../../src/core/compliance-type';
import { evaluateCertificate, ExpiryState } from '../../src/core/evaluate-certificate';
import { OverrideTagKey } from '../../src/core/override-tags';
import { cert, DAY, NOW, STRICT, tagged, WARNING } from '../support/policy-fixtures';

const exception = (value: string): CertificateTags => tagged({ [OverrideTagKey.Exception]: value });
const window = (value: string): CertificateTags => tagged({ [OverrideTagKey.WindowDays]: value });

describe('certificate policy: per-certificate windows (issue 21)', () => {
  it('W1: a window tag widens the warning rule\'s window for that certificate, worded as its own', () => {
    const { verdict, policy, note } = judgeCertificate(cert(45), NOW, WARNING, window('60'));
    expect(verdict).toMatchObject({ complianceType: ComplianceType.NonCompliant, state: ExpiryState.Expiring });
    expect(verdict.annotation).toMatch(/^Expires 2027-01-07T12:00:00Z \(45 days left\), within its tagged 60-day window\. /);
    expect(policy.window).toEqual({ days: 60, fromTag: true });
    expect(note).toBeUndefined();
  });

  it('W2: a window tag narrows it too', () => {
    const { verdict } = judgeCertificate(cert(20), NOW, WARNING, window('7'));
    expect(verdict).toMatchObject({ complianceType: ComplianceType.Compliant, state: ExpiryState.Valid });
    expect(verdict.annotation).toBe('Valid until 2026-12-13T12:00:00Z (20 days left); outside its tagged 7-day window.');
  });

  it('W3: the strict rule ignores window tags, silently', () => {
    expect(judgeCertificate(cert(5), NOW, STRICT, window('60'))).toMatchObject({ verdict: evaluateCertificate(cert(5), NOW, STRICT), note: undefined });
    expect(certificatePolicy(cert(-5), NOW, STRICT, window('60')).window).toEqual({ days: 0, fromTag: false });
  });

  it('W4: a malformed window tag is ignored and named', () => {
    const { verdict, note } = judgeCertificate(cert(45), NOW, WARNING, window('60 days'));
    expect(verdict).toEqual(evaluateCertificate(cert(45), NOW, WARNING));
    expect(note).toBe('window tag ignored, not 1 to 365 days: "60 days"');
  });
});

describe('certificate policy: time-boxed exceptions (issue 21)', () => {
  const ticket = '2027-01-31 CHG-1234 vendor renewal';

  it('X1: the warning rule reports an expiring certificate under an active exception COMPLIANT, naming it, its end and its reason', () => {
    const { verdict, policy, note } = judgeCertificate(cert(5), NOW, WARNING, exception(ticket));
    expect(verdict).toEqual({
      complianceType: ComplianceType.Compliant,
      state: ExpiryState.Expiring,
      annotation: 'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window, but excepted.',
    });
    expect(note).toBe('exception through 2027-01-31: CHG-1234 vendor renewal');
    expect(policy.exception).toEqual({ status: ExceptionStatus.Active, lastDay: '2027-01-31', ends: new Date('2027-02-01T00:00:00Z'), reason: 'CHG-1234 vendor renewal' });
  });

  it('X2: and an expired one too, saying that the expired rule still fails it', () => {
    const { verdict } = judgeCertificate(cert(-53), NOW, WARNING, exception(ticket));
    expect(verdict.complianceType).toBe(ComplianceType.Compliant);
    expect(verdict.state).toBe(ExpiryState.Expired);
    expect(verdict.annotation).toMatch(/^Expired 2026-10-01T12:00:00Z \(53 days ago\) and still stored in IAM; excepted from this warning, not from IAM\.26/);
  });

  it('X3: the strict rule still reports an expired certificate NON_COMPLIANT, and names the exception it does not honour', () => {
    const { verdict, note } = judgeCertificate(cert(-53), NOW, STRICT, exception(ticket));
    expect(verdict).toEqual(evaluateCertificate(cert(-53), NOW, STRICT));
    expect(note).toBe('exception through 2027-01-31 (CHG-1234 vendor renewal) does not waive IAM.26');
  });

  it('X4: holds until the end of its last day, UTC, and no longer', () => {
    const lastDay = '2026-11-23 INC-7';
    expect(judgeCertificate(cert(5), NOW, WARNING, exception(lastDay)).verdict.complianceType).toBe(ComplianceType.Compliant);
    expect(judgeCertificate(cert(5), new Date('2026-11-23T23:59:59.999Z'), WARNING, exception(lastDay)).verdict.complianceType).toBe(ComplianceType.Compliant);
    const after = judgeCertificate(cert(5), new Date('2026-11-24T00:00:00.000Z'), WARNING, exception(lastDay));
    expect(after.verdict.complianceType).toBe(ComplianceType.NonCompliant);
    expect(after.note).toBe('exception ignored: ended 2026-11-23');
  });

  it('X5: ignores one that ends more than maxExceptionDays ahead, saying why, and honours it within reach', () => {
    const far = judgeCertificate(cert(5), NOW, WARNING, exception('2027-06-30 CHG-9'));
    expect(far.verdict).toEqual(evaluateCertificate(cert(5), NOW, WARNING));
    expect(far.note).toBe('exception ignored: 2027-06-30 is over 90 days ahead (maxExceptionDays)');
    expect(judgeCertificate(cert(5), NOW, { ...WARNING, maxExceptionDays: 365 }, exception('2027-06-30 CHG-9')).verdict.complianceType).toBe(ComplianceType.Compliant);
    // Exactly maxExceptionDays ahead counts: 2027-02-21T00:00Z is 89.5 days after NOW.
    expect(judgeCertificate(cert(5), NOW, WARNING, exception('2027-02-20 CHG-9')).policy.exception.status).toBe(ExceptionStatus.Active);
    expect(judgeCertificate(cert(5), NOW, WARNING, exception('2027-02-21 CHG-9')).policy.exception.status).toBe(ExceptionStatus.TooFar);
  });

  it('X6: ignores a malformed value and names it, whatever it holds', () => {
    const { verdict, note } = judgeCertificate(cert(5), NOW, WARNING, exception('2027-02-30 CHG-1'));
    expect(verdict).toEqual(evaluateCertificate(cert(5), NOW, WARNING));
    expect(note).toBe('exception tag ignored, 2027-02-30 is not a date: "2027-02-30 CHG-1"');
    const hostile = judgeCertificate(cert(5), NOW, WARNING, exception(`<script>\u202e${'x'.repeat(250)}`));
    expect(hostile.note?.length).toBeLessThanOrEqual(110);
    expect(hostile.note).not.toContain('\u202e');
  });

  it('X7: with tags unreadable, judges without overrides and says so: no exception is assumed', () => {
    const unreadable: CertificateTags = { kind: 'unreadable', reason: 'AccessDenied' };
    const warning = judgeCertificate(cert(5), NOW, WARNING, unreadable);
    expect(warning.verdict).toEqual(evaluateCertificate(cert(5), NOW, WARNING));
    expect(warning.note).toBe('tags unread (AccessDenied): judged without exception or window tags');
    expect(warning.policy.exception).toEqual({ status: ExceptionStatus.Unknown, reason: 'AccessDenied' });
    expect(judgeCertificate(cert(-1), NOW, STRICT, unreadable).note).toBe('tags unread (AccessDenied): exception unknown');
  });

  it('X8: says nothing of an exception on a certificate it cannot concern: strict and not expired, or beyond a year', () => {
    expect(judgeCertificate(cert(5), NOW, STRICT, exception(ticket)).note).toBeUndefined();
    expect(judgeCertificate(cert(400), NOW, WARNING, exception('garbage')).note).toBeUndefined();
  });
});

describe('which certificates need their tags read (issue 21)', () => {
  it('R1: in the warning rule, those expired or within a year of expiry (or of the rule\'s own window, if longer)', () => {
    expect([-100, 0, 365, 365.001, 400].map((days) => tagsCanMatter(cert(days), NOW, WARNING))).toEqual([true, true, true, false, false]);
    expect(tagsCanMatter(cert(400), NOW, { ...WARNING, daysToExpiration: 500 })).toBe(true);
    expect(tagsCanMatter(cert(500.001), NOW, { ...WARNING, daysToExpiration: 500 })).toBe(false);
  });

  it('R2: in the strict rule, only expired ones; with overrides off, none', () => {
    expect([-1, 0, 0.001, 30].map((days) => tagsCanMatter(cert(days), NOW, STRICT))).toEqual([true, true, false, false]);
    expect(tagsCanMatter(cert(-1), NOW, { ...WARNING, tagOverrides: false })).toBe(false);
  });
});

describe('the next instant a verdict changes (issue 21, for scheduling)', () => {
  it('N1: the end of an exception that holds a failing certificate', () => {
    expect(nextVerdictChange(cert(5), NOW, WARNING, exception('2026-11-25 CHG-1'))).toEqual(new Date('2026-11-26T00:00:00Z'));
  });

  it('N2: entering the certificate\'s own window, then expiring', () => {
    expect(nextVerdictChange(cert(100), NOW, WARNING, window('60'))).toEqual(new Date(cert(40).expiration));
    expect(nextVerdictChange(cert(50), NOW, WARNING, window('60'))).toEqual(cert(50).expiration);
  });

  it('N3: an exception too far ahead coming within maxExceptionDays, when it turns a failing certificate COMPLIANT', () => {
    // Expires in 5 days; the exception ends 2027-06-01T00:00Z, and counts from 90 days before.
    expect(nextVerdictChange(cert(5), NOW, WARNING, exception('2027-05-31 CHG-1'))).toEqual(cert(5).expiration);
    expect(nextVerdictChange(cert(-10), NOW, WARNING, exception('2027-05-31 CHG-1'))).toEqual(new Date(Date.parse('2027-06-01T00:00:00Z') - 90 * DAY));
  });

  it('N4: never again for an expired certificate in the strict rule', () => {
    expect(nextVerdictChange(cert(-1), NOW, STRICT, exception('2027-01-31 CHG-1'))).toBeUndefined();
    expect(nextVerdictChange(cert(10), NOW, STRICT, undefined)).toEqual(cert(10).expiration);
  });

  it('N5: with tags not read, the instant they start to matter, when that comes first', () => {
    expect(nextVerdictChange(cert(500), NOW, WARNING, undefined)).toEqual(cert(135).expiration);
    expect(nextVerdictChange(cert(500), NOW, { ...WARNING, tagOverrides: false }, undefined)).toEqual(cert(470).expiration);
  });
});
