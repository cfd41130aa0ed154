import { certificateStatus } from '../../src/cli/certificate-status';
import { evaluateCertificate } from '../../src/core/evaluate-certificate';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const at = (offsetMs: number) => ({ name: 'c', expiration: new Date(NOW.getTime() + offsetMs) });

describe('certificateStatus', () => {
  it('counts whole days gone the way the rule’s annotation does', () => {
    const certificate = at(-(20 * DAY + 5));
    expect(certificateStatus(certificate, NOW, 30)).toEqual({ status: 'expired', daysLeft: -20 });
    expect(evaluateCertificate(certificate, NOW, { daysToExpiration: 30 }).annotation).toContain('(20 days ago)');
  });

  it('rounds days left down and agrees with the rule on expiring and valid', () => {
    expect(certificateStatus(at(20 * DAY - 5), NOW, 30)).toEqual({ status: 'expiring', daysLeft: 19 });
    expect(certificateStatus(at(30 * DAY + 1), NOW, 30)).toEqual({ status: 'valid', daysLeft: 30 });
    expect(certificateStatus(at(0), NOW, 30)).toMatchObject({ status: 'expired' });
  });
});
