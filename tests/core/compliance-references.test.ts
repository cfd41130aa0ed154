import { MAX_ANNOTATION_LENGTH } from '../../src/core/annotation';
import {
  CIS_AWS_FOUNDATIONS,
  CisSource,
  cisReference,
  controlReferences,
  securityHubCisRequirements,
  shortControlReference,
} from '../../src/core/compliance-references';
import { evaluateCertificate } from '../../src/core/evaluate-certificate';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const expiredAgo = (days: number, name: string) => evaluateCertificate({ name, expiration: new Date(NOW.getTime() - days * DAY) }, NOW, { daysToExpiration: 0 }).annotation;

describe('compliance references', () => {
  it('numbers the recommendation per edition, newest first, each with its source', () => {
    expect(CIS_AWS_FOUNDATIONS).toEqual([
      { edition: 'v6.0.0', recommendation: '2.18', source: CisSource.ProwlerCis600 },
      { edition: 'v5.0.0', recommendation: '1.18', source: CisSource.SecurityHub },
      { edition: 'v3.0.0', recommendation: '1.19', source: CisSource.SecurityHub },
    ]);
  });

  it('relates a finding only to the editions Security Hub lists for IAM.26, written as Security Hub writes them', () => {
    expect(securityHubCisRequirements()).toEqual(['CIS AWS Foundations Benchmark v5.0.0/1.18', 'CIS AWS Foundations Benchmark v3.0.0/1.19']);
  });

  it('writes every edition before its number, in prose and in annotations', () => {
    expect(cisReference()).toBe('CIS AWS Foundations v6.0.0 2.18 / v5.0.0 1.18 / v3.0.0 1.19');
    expect(shortControlReference()).toBe('Security Hub IAM.26, CIS v6.0.0 2.18 / v5.0.0 1.18 / v3.0.0 1.19');
    expect(controlReferences()).toEqual([shortControlReference(), 'Security Hub IAM.26, CIS v6.0.0 2.18', 'Security Hub IAM.26']);
  });

  it('names every edition with its own number in the annotation of an expired certificate', () => {
    expect(expiredAgo(1, 'a')).toContain(`(${shortControlReference()}).`);
  });

  describe('the expired annotation with long names (IAM allows 128 characters)', () => {
    it('keeps the name and every edition while they fit', () => {
      const name = 'n'.repeat(80);
      expect(expiredAgo(10, name)).toBe(
        `Expired 2026-11-13T12:00:00Z (10 days ago) and still stored in IAM. Rotate, repoint consumers, then delete ${name} (${shortControlReference()}).`,
      );
    });

    it('names only the newest edition, then only the Security Hub control, rather than cut the reference', () => {
      expect(expiredAgo(10, 'n'.repeat(100))).toMatch(/ n{100} \(Security Hub IAM\.26, CIS v6\.0\.0 2\.18\)\.$/);
      expect(expiredAgo(10, 'n'.repeat(126))).toMatch(/ n{126} \(Security Hub IAM\.26\)\.$/);
    });

    it('says "it" for a name too long for any whole sentence, never a cut one, at every length up to 128', () => {
      expect(expiredAgo(10, 'n'.repeat(128))).toBe(
        `Expired 2026-11-13T12:00:00Z (10 days ago) and still stored in IAM. Rotate, repoint consumers, then delete it (${shortControlReference()}).`,
      );
      for (let length = 1; length <= 128; length += 1) {
        for (const days of [1, 10, 999, 3650]) {
          const annotation = expiredAgo(days, 'n'.repeat(length));
          expect(annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
          expect(annotation).not.toContain('…');
          expect(annotation).toMatch(/ \(Security Hub IAM\.26(, CIS v6\.0\.0 2\.18( \/ v5\.0\.0 1\.18 \/ v3\.0\.0 1\.19)?)?\)\.$/);
        }
      }
    });
  });
});
