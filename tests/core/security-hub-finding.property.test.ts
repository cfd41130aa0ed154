import fc from 'fast-check';
import { judgeCertificate, type CertificateTags, type PolicyParameters } from '../../src/core/certificate-policy';
import { ComplianceType } from '../../src/core/compliance-type';
import { OverrideTagKey } from '../../src/core/override-tags';
import { certificateFinding, SeverityLabel } from '../../src/core/security-hub-finding';
import type { ServerCertificate } from '../../src/core/server-certificate';
import { findingContext } from '../support/finding-context';

const DAY = 86_400_000;
const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2060, 0, 1) });
const day = (time: number): string => new Date(time).toISOString().slice(0, 10);
/** Any tags an owner might set: exceptions active, ended, too far or malformed, window tags, owners; or unreadable, or not read. */
const tagsAround = (now: number): fc.Arbitrary<CertificateTags | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant<CertificateTags>({ kind: 'unreadable', reason: 'AccessDenied' }),
    fc
      .record(
        {
          exception: fc.oneof(
            fc.tuple(fc.integer({ min: now - 400 * DAY, max: now + 400 * DAY }), fc.string({ maxLength: 200 })).map(([time, reason]) => `${day(time)} ${reason}`),
            fc.string({ maxLength: 256 }),
          ),
          window: fc.oneof(fc.integer({ min: -5, max: 400 }).map(String), fc.string({ maxLength: 20 })),
          owner: fc.string({ maxLength: 256 }),
        },
        { requiredKeys: [] },
      )
      .map(({ exception, window, owner }): CertificateTags => {
        const tags = new Map<string, string>();
        if (exception !== undefined) tags.set(OverrideTagKey.Exception, exception);
        if (window !== undefined) tags.set(OverrideTagKey.WindowDays, window);
        if (owner !== undefined) tags.set('owner', owner);
        return { kind: 'read', tags };
      }),
  );
const parameters: fc.Arbitrary<PolicyParameters> = fc.record({
  daysToExpiration: fc.integer({ min: 1, max: 3650 }),
  tagOverrides: fc.boolean(),
  maxExceptionDays: fc.integer({ min: 1, max: 365 }),
});

const certificate = (expiry: number): ServerCertificate => ({
  name: 'cert',
  id: 'ASCACERT',
  arn: 'arn:aws:iam::123456789012:server-certificate/cert',
  path: '/',
  expiration: new Date(expiry),
});

describe('Security Hub finding properties', () => {
  it('SHP1: every expired certificate\'s finding is FAILED and HIGH, whatever its tags, window and exception (IAM.26 is never waived)', () => {
    fc.assert(
      fc.property(
        instant.chain((now) => fc.record({ now: fc.constant(now), expiry: fc.integer({ min: now - 800 * DAY, max: now }), tags: tagsAround(now), parameters })),
        ({ now, expiry, tags, parameters }) => {
          const cert = certificate(expiry);
          const { verdict, policy } = judgeCertificate(cert, new Date(now), parameters, tags);
          const finding = certificateFinding({ certificate: cert, verdict, policy, owner: undefined, usage: undefined }, findingContext({ now: new Date(now), daysToExpiration: parameters.daysToExpiration }));
          expect(finding.Compliance.Status).toBe('FAILED');
          expect(finding.FindingProviderFields.Severity).toEqual({ Label: SeverityLabel.High, Original: 'Expired' });
          expect(finding.Title).not.toContain('excepted');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('SHP2: a finding passes only when the certificate is not expired and the rule reports it COMPLIANT', () => {
    fc.assert(
      fc.property(
        instant.chain((now) => fc.record({ now: fc.constant(now), expiry: fc.integer({ min: now - 800 * DAY, max: now + 800 * DAY }), tags: tagsAround(now), parameters })),
        ({ now, expiry, tags, parameters }) => {
          const cert = certificate(expiry);
          const { verdict, policy } = judgeCertificate(cert, new Date(now), parameters, tags);
          const finding = certificateFinding({ certificate: cert, verdict, policy, owner: undefined, usage: undefined }, findingContext({ now: new Date(now), daysToExpiration: parameters.daysToExpiration }));
          const passes = expiry > now && verdict.complianceType === ComplianceType.Compliant;
          expect([finding.Compliance.Status, finding.FindingProviderFields.Severity.Label === SeverityLabel.Informational]).toEqual([passes ? 'PASSED' : 'FAILED', passes]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
