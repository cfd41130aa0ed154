import { MAX_ANNOTATION_LENGTH } from '../../src/core/annotation';
import { ComplianceType } from '../../src/core/compliance-type';
import { evaluateCertificate } from '../../src/core/evaluate-certificate';

const DAY = 86_400_000;

describe('evaluateCertificate edge cases', () => {
  it('E1: counts a window across 29 February in exact days, not calendar months', () => {
    // 2028 is a leap year: from 2028-02-01T00:00Z, 30 days end on 2028-03-02T00:00Z.
    const now = new Date('2028-02-01T00:00:00Z');
    const at = (iso: string) => evaluateCertificate({ name: 'leap', expiration: new Date(iso) }, now, { daysToExpiration: 30 });
    expect(at('2028-03-02T00:00:00Z').complianceType).toBe(ComplianceType.NonCompliant);
    expect(at('2028-03-02T00:00:01Z').complianceType).toBe(ComplianceType.Compliant);
    expect(at('2028-02-29T23:59:59Z').annotation).toContain('Expires 2028-02-29T23:59:59Z (28 days left)');
  });

  it('E2: a certificate that expired on a leap day is expired ever after', () => {
    const verdict = evaluateCertificate({ name: 'leap', expiration: new Date('2024-02-29T12:00:00Z') }, new Date('2024-03-01T12:00:00Z'), {
      daysToExpiration: 0,
    });
    expect(verdict.complianceType).toBe(ComplianceType.NonCompliant);
    expect(verdict.annotation).toContain('Expired 2024-02-29T12:00:00Z (1 day ago)');
  });

  it('E3: handles certificates from the epoch and from the far future', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const ancient = evaluateCertificate({ name: 'ancient', expiration: new Date(0) }, now, { daysToExpiration: 3650 });
    expect(ancient.complianceType).toBe(ComplianceType.NonCompliant);
    expect(ancient.annotation).toContain('Expired 1970-01-01T00:00:00Z (20780 days ago)');
    const future = evaluateCertificate({ name: 'future', expiration: new Date('9999-12-31T23:59:59Z') }, now, { daysToExpiration: 3650 });
    expect(future.complianceType).toBe(ComplianceType.Compliant);
    expect(future.annotation).toMatch(/^Valid until 9999-12-31T23:59:59Z \(\d+ days left\); outside the 3650-day window\.$/);
  });

  it('E4: keeps the widest window exact at its edge', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const edge = new Date(now.getTime() + 3650 * DAY);
    expect(evaluateCertificate({ name: 'x', expiration: edge }, now, { daysToExpiration: 3650 }).complianceType).toBe(ComplianceType.NonCompliant);
  });

  it('E5: keeps annotations within 256 characters for the longest name in every state', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const name = `cf-${'n'.repeat(125)}`;
    for (const offset of [-DAY, 5 * DAY, 400 * DAY]) {
      const { annotation } = evaluateCertificate({ name, expiration: new Date(now.getTime() + offset) }, now, { daysToExpiration: 30 });
      expect(annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
      expect(annotation.length).toBeGreaterThan(40);
    }
  });
});
