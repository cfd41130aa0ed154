import { ComplianceType } from '../../src/core/compliance-type';
import { evaluateCertificate } from '../../src/core/evaluate-certificate';
import {
  archivedFinding,
  certificateFinding,
  defaultProductArn,
  findingId,
  findingSeverity,
  ownerNote,
} from '../../src/core/security-hub-finding';
import type { ServerCertificate } from '../../src/core/server-certificate';
import { findingContext, FINDINGS_NOW } from '../support/finding-context';

const DAY = 86_400_000;
const NOW = FINDINGS_NOW;
const context = findingContext();

const certificate = (name: string, daysLeft: number): ServerCertificate => ({
  name,
  id: `ASCA${name.toUpperCase()}`,
  arn: `arn:aws:iam::123456789012:server-certificate/web/${name}`,
  path: '/web/',
  expiration: new Date(NOW.getTime() + daysLeft * DAY),
});

const judged = (name: string, daysLeft: number, owner?: string) => {
  const cert = certificate(name, daysLeft);
  return { certificate: cert, verdict: evaluateCertificate(cert, NOW, context), owner, usage: undefined };
};

describe('certificateFinding', () => {
  it('SH1: writes a complete ASFF 2018-10-08 finding for an expired certificate', () => {
    const finding = certificateFinding(judged('shop', -10, 'team-web'), context);
    expect(finding).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: 'iam-server-certificate-expiring/us-east-1/123456789012/shop',
      ProductArn: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default',
      GeneratorId: 'iam-server-certificate-expiring',
      AwsAccountId: '123456789012',
      CreatedAt: NOW.toISOString(),
      UpdatedAt: NOW.toISOString(),
      FirstObservedAt: NOW.toISOString(),
      LastObservedAt: NOW.toISOString(),
      Severity: { Label: 'HIGH', Original: 'Expired' },
      FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'Expired' } },
      Compliance: {
        Status: 'FAILED',
        RelatedRequirements: ['CIS AWS Foundations Benchmark v5.0.0/1.18', 'CIS AWS Foundations Benchmark v3.0.0/1.19', 'AWS Security Hub control IAM.26'],
      },
      RecordState: 'ACTIVE',
      Remediation: { Recommendation: { Url: 'https://wiki.example.com/runbook' } },
    });
    expect(finding.Types).toContain('Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark');
    expect(finding.Title).toBe('IAM server certificate shop expired 10 days ago and is still stored in IAM');
    expect(finding.Description).toContain('Expired ');
    expect(finding.Description).toContain('owner team-web.');
    expect(finding.Remediation.Recommendation.Text).toContain('delete shop from IAM');
    expect(finding.Resources).toEqual([
      {
        Type: 'Other',
        Id: 'arn:aws:iam::123456789012:server-certificate/web/shop',
        Partition: 'aws',
        Region: 'us-east-1',
        Details: {
          Other: { ServerCertificateName: 'shop', ServerCertificateId: 'ASCASHOP', Path: '/web/', Expiration: '2026-11-14T12:00:00Z', Owner: 'team-web' },
        },
      },
    ]);
  });

  it.each([
    [-1, 'HIGH', 'FAILED'],
    [3, 'HIGH', 'FAILED'],
    [7, 'HIGH', 'FAILED'],
    [8, 'MEDIUM', 'FAILED'],
    [30, 'MEDIUM', 'FAILED'],
    [31, 'INFORMATIONAL', 'PASSED'],
    [400, 'INFORMATIONAL', 'PASSED'],
  ])('SH2: %d days left in a 30-day window is %s and %s', (days, severity, status) => {
    const finding = certificateFinding(judged('c', days), context);
    expect([finding.Severity.Label, finding.Compliance.Status]).toEqual([severity, status]);
  });

  it('SH3: a passing certificate is informational even when it expires within a week of a window-0 rule', () => {
    const strict = { ...context, daysToExpiration: 0 };
    const cert = certificate('c', 3);
    const verdict = evaluateCertificate(cert, NOW, strict);
    expect(verdict.complianceType).toBe(ComplianceType.Compliant);
    expect(findingSeverity(verdict, 3)).toBe('INFORMATIONAL');
  });

  it('SH4: keeps when a finding was first seen, and moves only the update times', () => {
    const finding = certificateFinding(judged('c', 5), context, { createdAt: '2026-01-01T00:00:00.000Z', firstObservedAt: '2026-01-02T00:00:00.000Z' });
    expect([finding.CreatedAt, finding.FirstObservedAt, finding.UpdatedAt, finding.LastObservedAt]).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
      NOW.toISOString(),
      NOW.toISOString(),
    ]);
  });

  it('SH5: says "no owner tag" and leaves the owner out of the details when there is none', () => {
    const finding = certificateFinding(judged('c', 5), context);
    expect(finding.Description).toContain('no owner tag.');
    expect(finding.Resources[0]?.Details.Other).not.toHaveProperty('Owner');
    expect(finding.ProductFields).not.toHaveProperty('Owner');
  });

  it('SH6: keeps Title within 256 and Description within 1,024 characters for the longest names and owners', () => {
    const name = 'n'.repeat(128);
    const finding = certificateFinding({ ...judged(name, -3, 'o'.repeat(256)), usage: 'in use by '.repeat(100) }, context);
    expect(finding.Title.length).toBeLessThanOrEqual(256);
    expect(finding.Description.length).toBeLessThanOrEqual(1024);
  });

  it('SH7: archives a finding: ARCHIVED, compliance not available, informational, first-seen times kept', () => {
    const previous = certificateFinding(judged('gone', -3), context, { createdAt: '2026-01-01T00:00:00.000Z', firstObservedAt: '2026-01-01T00:00:00.000Z' });
    const later = new Date(NOW.getTime() + DAY);
    const archived = archivedFinding(previous, later);
    expect(archived).toMatchObject({
      Id: previous.Id,
      RecordState: 'ARCHIVED',
      CreatedAt: '2026-01-01T00:00:00.000Z',
      UpdatedAt: later.toISOString(),
      Compliance: { Status: 'NOT_AVAILABLE' },
      FindingProviderFields: { Severity: { Label: 'INFORMATIONAL' } },
    });
    expect(archived.Description).toMatch(/^No longer in IAM/);
  });

  it('SH8: gives one stable id per rule, region, account and certificate name', () => {
    expect(findingId(context, 'a')).toBe(findingId({ ...context }, 'a'));
    expect(new Set([findingId(context, 'a'), findingId({ ...context, region: 'eu-west-1' }, 'a'), findingId({ ...context, accountId: '210987654321' }, 'a')]).size).toBe(3);
    expect(defaultProductArn('aws-us-gov', 'us-gov-west-1', '123456789012')).toBe('arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default');
    expect(ownerNote('  ')).toBe('no owner tag');
  });
});
