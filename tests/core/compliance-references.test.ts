import { cisRequirements, shortControlReference } from '../../src/core/compliance-references';
import { evaluateCertificate } from '../../src/core/evaluate-certificate';

describe('compliance references', () => {
  it('writes CIS requirements as Security Hub does, one per edition', () => {
    expect(cisRequirements()).toEqual(['CIS AWS Foundations Benchmark v5.0.0/1.18', 'CIS AWS Foundations Benchmark v3.0.0/1.19']);
  });

  it('names every edition with its own number in the annotation of an expired certificate', () => {
    const { annotation } = evaluateCertificate({ name: 'a', expiration: new Date(0) }, new Date(86_400_000), { daysToExpiration: 0 });
    expect(annotation).toContain(shortControlReference());
    expect(shortControlReference()).toBe('Security Hub IAM.26, CIS 1.18 (v5.0.0) / 1.19 (v3.0.0)');
  });
});
