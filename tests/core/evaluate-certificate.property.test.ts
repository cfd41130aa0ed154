import fc from 'fast-check';
import { MAX_ANNOTATION_LENGTH } from '../../src/core/annotation';
import { ComplianceType } from '../../src/core/compliance-type';
import { evaluateCertificate } from '../../src/core/evaluate-certificate';

const DAY = 86_400_000;
// IAM names: 1-128 of [\w+=,.@-] (IAM API reference, UploadServerCertificate).
const iamName = fc.stringMatching(/^[\w+=,.@-]{1,128}$/);
const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) });

describe('evaluateCertificate properties', () => {
  it('F6: the verdict matches the expiry arithmetic for any certificate, clock and window', () => {
    fc.assert(
      fc.property(iamName, instant, instant, fc.integer({ min: 0, max: 3650 }), (name, expiry, now, days) => {
        const verdict = evaluateCertificate({ name, expiration: new Date(expiry) }, new Date(now), { daysToExpiration: days });
        const expected = expiry <= now || expiry - now <= days * DAY ? ComplianceType.NonCompliant : ComplianceType.Compliant;
        expect(verdict.complianceType).toBe(expected);
        expect(verdict.state).toBe(expiry <= now ? 'Expired' : expected === ComplianceType.NonCompliant ? 'Expiring' : 'Valid');
      }),
      { numRuns: 5_000 },
    );
  });

  it('F7: every annotation is 1 to 256 characters and names the expiry date', () => {
    fc.assert(
      fc.property(iamName, instant, instant, fc.integer({ min: 0, max: 3650 }), (name, expiry, now, days) => {
        const { annotation } = evaluateCertificate({ name, expiration: new Date(expiry) }, new Date(now), { daysToExpiration: days });
        expect(annotation.length).toBeGreaterThanOrEqual(1);
        expect(annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
        expect(annotation).toContain(new Date(expiry).toISOString().slice(0, 19));
      }),
      { numRuns: 5_000 },
    );
  });
});
