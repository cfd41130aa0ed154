import { MAX_FINDING_BYTES, MAX_FINDINGS_PER_IMPORT, MAX_IMPORT_REQUEST_BYTES } from '../../src/adapters/security-hub-findings';
import { judgeCertificate, type CertificateTags } from '../../src/core/certificate-policy';
import { ComplianceType } from '../../src/core/compliance-type';
import { evaluateCertificate } from '../../src/core/evaluate-certificate';
import {
  archivedFinding,
  ASFF_LIMITS,
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

const judged = (name: string, daysLeft: number, owner?: string, usage?: string) => {
  const cert = certificate(name, daysLeft);
  return { certificate: cert, verdict: evaluateCertificate(cert, NOW, context), owner, usage };
};

const EARLIER = { createdAt: '2026-01-01T00:00:00.000Z', firstObservedAt: '2026-01-02T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' };

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
    expect(finding.Description).toContain('expired 2026-11-14T12:00:00Z (10 days ago)');
    expect(finding.Description).toContain('Owner: team-web.');
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
    expect([finding.FindingProviderFields.Severity.Label, finding.Severity?.Label, finding.Compliance.Status]).toEqual([severity, severity, status]);
  });

  it('SH3: a passing certificate is informational even when it expires within a week of a window-0 rule', () => {
    const strict = { ...context, daysToExpiration: 0 };
    const cert = certificate('c', 3);
    const verdict = evaluateCertificate(cert, NOW, strict);
    expect(verdict.complianceType).toBe(ComplianceType.Compliant);
    expect(findingSeverity(verdict, 3)).toBe('INFORMATIONAL');
  });

  it('SH4: keeps when a finding was first seen, and moves only the update times', () => {
    const finding = certificateFinding(judged('c', 5), context, EARLIER);
    expect([finding.CreatedAt, finding.FirstObservedAt, finding.UpdatedAt, finding.LastObservedAt]).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
      NOW.toISOString(),
      NOW.toISOString(),
    ]);
  });

  it('SH5: says "No owner tag" and leaves the owner out of the details when there is none', () => {
    const finding = certificateFinding(judged('c', 5), context);
    expect(finding.Description).toContain('No owner tag.');
    expect(finding.Resources[0]?.Details.Other).not.toHaveProperty('Owner');
    expect(finding.ProductFields).not.toHaveProperty('Owner');
  });

  it('SH6: keeps Title within 256 and Description within 1,024 characters for the longest names and owners', () => {
    const name = 'n'.repeat(128);
    const finding = certificateFinding({ ...judged(name, -3, 'o'.repeat(256)), usage: 'in use by '.repeat(100) }, context);
    expect(finding.Title.length).toBeLessThanOrEqual(256);
    expect(finding.Description.length).toBeLessThanOrEqual(1024);
    // A finding is far below Security Hub's 240 KB, and a full call of them below 6 MB.
    expect(Buffer.byteLength(JSON.stringify(finding))).toBeLessThan(MAX_FINDING_BYTES);
    expect(Buffer.byteLength(JSON.stringify(finding)) * MAX_FINDINGS_PER_IMPORT).toBeLessThan(MAX_IMPORT_REQUEST_BYTES);
  });

  it('SH7: archives a finding: ARCHIVED, informational, first-seen times and the last compliance status kept', () => {
    const previous = certificateFinding(judged('gone', -3), context, EARLIER);
    const later = new Date(NOW.getTime() + DAY);
    const archived = archivedFinding(previous, later);
    expect(archived).toMatchObject({
      Id: previous.Id,
      RecordState: 'ARCHIVED',
      CreatedAt: '2026-01-01T00:00:00.000Z',
      UpdatedAt: later.toISOString(),
      Compliance: { Status: 'FAILED' },
      FindingProviderFields: { Severity: { Label: 'INFORMATIONAL' } },
    });
    expect(archived.Description).toMatch(/^No longer in IAM/);
  });

  it('SH9: archiving a PASSED finding keeps it PASSED, so Security Hub does not reset its workflow to NEW', () => {
    const passed = certificateFinding(judged('renewed-then-deleted', 200), context, EARLIER);
    expect(passed.Compliance.Status).toBe('PASSED');
    expect(archivedFinding(passed, new Date(NOW.getTime() + DAY)).Compliance).toEqual(passed.Compliance);
  });

  it('SH10: a new finding states severity and types top-level and in FindingProviderFields; an update only in FindingProviderFields', () => {
    const created = certificateFinding(judged('c', -1), context);
    expect(created.Severity).toEqual({ Label: 'HIGH', Original: 'Expired' });
    expect(created.Types).toEqual(created.FindingProviderFields.Types);
    expect(created.FindingProviderFields.Severity).toEqual(created.Severity);

    const updated = certificateFinding(judged('c', -1), context, EARLIER);
    expect(updated).not.toHaveProperty('Severity');
    expect(updated).not.toHaveProperty('Types');
    expect(updated.FindingProviderFields).toEqual({ Severity: { Label: 'HIGH', Original: 'Expired' }, Types: created.Types });

    const archived = archivedFinding({ ...created, UpdatedAt: NOW.toISOString() }, new Date(NOW.getTime() + DAY));
    expect(archived).not.toHaveProperty('Severity');
    expect(archived).not.toHaveProperty('Types');
  });

  it('SH11: moves UpdatedAt past the stored one, so Security Hub never ignores the update', () => {
    const same = certificateFinding(judged('c', 5), context, { ...EARLIER, updatedAt: NOW.toISOString() });
    expect(same.UpdatedAt).toBe(new Date(NOW.getTime() + 1).toISOString());
    const ahead = new Date(NOW.getTime() + 60_000).toISOString();
    expect(certificateFinding(judged('c', 5), context, { ...EARLIER, updatedAt: ahead }).UpdatedAt).toBe(new Date(NOW.getTime() + 60_001).toISOString());
    expect(archivedFinding({ ...certificateFinding(judged('c', 5), context), UpdatedAt: ahead }, NOW).UpdatedAt).toBe(new Date(NOW.getTime() + 60_001).toISOString());
  });

  it('SH12: with a 128-character name the description still says all of it, whole, and more than the 256-character annotation', () => {
    const name = 'n'.repeat(128);
    const item = judged(name, -10, 'team-web', 'in use by elb shop-elb:443, cloudfront E2ABC:www.example.com');
    const finding = certificateFinding(item, context);
    expect(item.verdict.annotation.length).toBeLessThanOrEqual(256);
    expect(finding.Description.length).toBeGreaterThan(256);
    expect(finding.Description.length).toBeLessThanOrEqual(1024);
    for (const part of [
      `IAM server certificate ${name} expired 2026-11-14T12:00:00Z (10 days ago) and is still stored in IAM.`,
      'Usage: in use by elb shop-elb:443, cloudfront E2ABC:www.example.com.',
      'Owner: team-web.',
      `What to do: ${finding.Remediation.Recommendation.Text}`,
      'Controls: Security Hub IAM.26, CIS v6.0.0 2.18 / v5.0.0 1.18 / v3.0.0 1.19.',
    ]) {
      expect(finding.Description).toContain(part);
    }
    expect(finding.Description).not.toContain('…');
  });

  it('SH13: when everything is at its longest, cuts the usage and the owner, never the expiry, and keeps every ASFF limit', () => {
    const name = 'n'.repeat(128);
    const finding = certificateFinding({ ...judged(name, -3, 'o'.repeat(256)), usage: `in use by ${'elb x:443, '.repeat(40)}` }, context);
    expect(finding.Description.length).toBeLessThanOrEqual(ASFF_LIMITS.description);
    expect(finding.Description).toContain(`IAM server certificate ${name} expired 2026-11-21T12:00:00Z (3 days ago)`);
    expect(finding.Description).toContain('Controls: Security Hub IAM.26');
    expect(finding.Title.length).toBeLessThanOrEqual(ASFF_LIMITS.title);
    expect(finding.Remediation.Recommendation.Text.length).toBeLessThanOrEqual(ASFF_LIMITS.recommendationText);
    expect(finding.Id.length).toBeLessThanOrEqual(ASFF_LIMITS.id);
    expect(finding.Description).toContain('Usage: in use by elb x:443');
    expect(finding.Description).toMatch(/Usage: [^…]*…/);
  });

  it('SH8: gives one stable id per rule, region, account and certificate name', () => {
    expect(findingId(context, 'a')).toBe(findingId({ ...context }, 'a'));
    expect(new Set([findingId(context, 'a'), findingId({ ...context, region: 'eu-west-1' }, 'a'), findingId({ ...context, accountId: '210987654321' }, 'a')]).size).toBe(3);
    expect(defaultProductArn('aws-us-gov', 'us-gov-west-1', '123456789012')).toBe('arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default');
    expect(ownerNote('  ')).toBe('no owner tag');
  });
});

describe('certificateFinding with tag overrides (issue 21)', () => {
  const parameters = { daysToExpiration: 30, tagOverrides: true, maxExceptionDays: 90 };
  const withTags = (name: string, daysLeft: number, tags: Record<string, string> | 'unreadable') => {
    const cert = certificate(name, daysLeft);
    const read: CertificateTags = tags === 'unreadable' ? { kind: 'unreadable', reason: 'AccessDenied' } : { kind: 'read', tags: new Map(Object.entries(tags)) };
    const { verdict, policy } = judgeCertificate(cert, NOW, parameters, read);
    return { certificate: cert, verdict, policy, owner: undefined, usage: undefined, ...(tags === 'unreadable' ? { tagsUnread: 'AccessDenied' } : {}) };
  };

  it('SH20: an excepted certificate\'s finding agrees with its COMPLIANT verdict, and names the exception, its last day and whole reason', () => {
    const reason = `CHG-1234 vendor renewal, approved by the CAB ${'x'.repeat(150)}`;
    const finding = certificateFinding(withTags('shop', 5, { 'iam-cert-expiry:exception': `2027-01-31 ${reason}` }), context);
    expect(finding.Compliance.Status).toBe('PASSED');
    expect(finding.FindingProviderFields.Severity).toEqual({ Label: 'INFORMATIONAL', Original: 'Excepted' });
    expect(finding.Title).toBe('IAM server certificate shop expires in 5 days (excepted through 2027-01-31)');
    expect(finding.Description).toContain(`Exception through 2027-01-31 (UTC), tag iam-cert-expiry:exception: ${reason}.`);
    expect(finding.Description).toContain('the expired rule (Security Hub IAM.26) still fails it');
    expect(finding.ProductFields).toMatchObject({ ExceptionStatus: 'active', ExceptionLastDay: '2027-01-31', ExceptionReason: reason, WindowDays: '30', WindowSource: 'rule' });
    expect(finding.Description.length).toBeLessThanOrEqual(ASFF_LIMITS.description);
  });

  it('SH20b: an expired certificate under an active exception stays FAILED and HIGH, as any expired one: the exception is only named (IAM.26 is never waived)', () => {
    const finding = certificateFinding(withTags('old-api', -10, { 'iam-cert-expiry:exception': '2027-01-31 CHG-1234 vendor renewal' }), context);
    // The warning rule reports it COMPLIANT in AWS Config; its finding, the certificate's only one from this product, does not.
    expect(withTags('old-api', -10, { 'iam-cert-expiry:exception': '2027-01-31 CHG-1234 vendor renewal' }).verdict.complianceType).toBe(ComplianceType.Compliant);
    expect(finding.Compliance).toEqual({ Status: 'FAILED', RelatedRequirements: expect.arrayContaining(['AWS Security Hub control IAM.26']) });
    expect(finding.FindingProviderFields.Severity).toEqual({ Label: 'HIGH', Original: 'Expired' });
    expect(finding.Severity).toEqual({ Label: 'HIGH', Original: 'Expired' });
    expect(finding.Title).toBe('IAM server certificate old-api expired 10 days ago and is still stored in IAM');
    expect(finding.Description).toContain('Exception through 2027-01-31 (UTC), tag iam-cert-expiry:exception: CHG-1234 vendor renewal.');
    expect(finding.Description).toContain('this finding stays FAILED, since no exception waives Security Hub IAM.26');
    expect(finding.Description).not.toContain('PASSED');
    expect(finding.ProductFields).toMatchObject({ ExceptionStatus: 'active', ExceptionLastDay: '2027-01-31', ExceptionReason: 'CHG-1234 vendor renewal' });
    // The same certificate without the tag: the same status, severity and title.
    const plain = certificateFinding(withTags('old-api', -10, {}), context);
    expect([plain.Compliance.Status, plain.FindingProviderFields.Severity, plain.Title]).toEqual([finding.Compliance.Status, finding.FindingProviderFields.Severity, finding.Title]);
  });

  it('SH21: states the certificate\'s own window, and why a tag was ignored or unread', () => {
    const wide = certificateFinding(withTags('wide', 45, { 'iam-cert-expiry:window-days': '60' }), context);
    expect(wide.Compliance.Status).toBe('FAILED');
    expect(wide.Description).toContain('within its tagged 60-day warning window');
    expect(wide.ProductFields).toMatchObject({ WindowDays: '60', WindowSource: 'tag', ExceptionStatus: 'none' });
    const ended = certificateFinding(withTags('ended', 5, { 'iam-cert-expiry:exception': '2026-11-01 CHG-1' }), context);
    expect(ended.Compliance.Status).toBe('FAILED');
    expect(ended.Description).toContain('Exception tag ignored: it ended 2026-11-01 (CHG-1).');
    const unread = certificateFinding(withTags('unread', 5, 'unreadable'), context);
    expect(unread.Compliance.Status).toBe('FAILED');
    expect(unread.Description).toContain('Its tags could not be read (AccessDenied): judged without exception or window tags.');
    expect(unread.Description).toContain('Owner unknown: its tags could not be read (AccessDenied).');
    expect(unread.ProductFields).toMatchObject({ ExceptionStatus: 'unknown', TagsUnread: 'AccessDenied' });
  });

  it('SH22: with no override tags, the finding is exactly what it was without overrides', () => {
    const plain = certificateFinding(judged('shop', 5), context);
    const tagged = withTags('shop', 5, { owner: 'x' });
    expect(certificateFinding({ ...tagged, policy: undefined }, context)).toEqual(plain);
    expect(certificateFinding(tagged, context).Description).toBe(plain.Description);
  });
});
