import fc from 'fast-check';
import { MAX_ANNOTATION_LENGTH } from '../../src/core/annotation';
import { judgeCertificate, nextVerdictChange, OVERRIDE_NOTE_LENGTH, type CertificateTags, type PolicyParameters } from '../../src/core/certificate-policy';
import { ComplianceType } from '../../src/core/compliance-type';
import { evaluateCertificate } from '../../src/core/evaluate-certificate';
import { OverrideTagKey } from '../../src/core/override-tags';

const DAY = 86_400_000;
const iamName = fc.stringMatching(/^[\w+=,.@-]{1,128}$/);
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
const parameters: fc.Arbitrary<PolicyParameters> = fc.record({
  daysToExpiration: fc.oneof(fc.constant(0), fc.constant(30), fc.integer({ min: 0, max: 3650 })),
  tagOverrides: fc.boolean(),
  maxExceptionDays: fc.integer({ min: 1, max: 365 }),
});
/** Tags as an owner might write them: good, near-miss and hostile values. */
const dateNear = (center: number) => fc.integer({ min: center - 400 * DAY, max: center + 400 * DAY }).map((time) => new Date(time).toISOString().slice(0, 10));
const tagsNear = (center: number): fc.Arbitrary<CertificateTags | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant<CertificateTags>({ kind: 'unreadable', reason: 'AccessDenied' }),
    fc
      .record(
        {
          window: fc.oneof(fc.integer({ min: -5, max: 400 }).map(String), fc.string({ maxLength: 256 })),
          exception: fc.oneof(
            fc.tuple(dateNear(center), fc.string({ unit: 'grapheme', maxLength: 240 })).map(([date, reason]) => `${date} ${reason}`),
            fc.string({ unit: 'binary', maxLength: 256 }),
          ),
          owner: fc.string({ maxLength: 256 }),
        },
        { requiredKeys: [] },
      )
      .map(({ window, exception, owner }): CertificateTags => {
        const tags = new Map<string, string>();
        if (window !== undefined) tags.set(OverrideTagKey.WindowDays, window);
        if (exception !== undefined) tags.set(OverrideTagKey.Exception, exception);
        if (owner !== undefined) tags.set('owner', owner);
        return { kind: 'read', tags };
      }),
  );
const scenario = instant.chain((now) =>
  fc.record({ name: iamName, now: fc.constant(now), expiry: fc.integer({ min: now - 800 * DAY, max: now + 800 * DAY }), parameters, tags: tagsNear(now) }),
);

describe('certificate policy properties (issue 21)', () => {
  it('Q1: with overrides off, no tags read, or none of the two tags, every verdict and annotation is exactly today\'s', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom('off', 'unread', 'no override tags'), ({ name, now, expiry, parameters, tags }, variant) => {
        const certificate = { name, expiration: new Date(expiry) };
        const used =
          variant === 'off'
            ? { parameters: { ...parameters, tagOverrides: false }, tags }
            : variant === 'unread'
              ? { parameters, tags: undefined }
              : { parameters, tags: { kind: 'read', tags: new Map([['owner', 'team-web']]) } as CertificateTags };
        const judged = judgeCertificate(certificate, new Date(now), used.parameters, used.tags);
        expect(judged.verdict).toEqual(evaluateCertificate(certificate, new Date(now), used.parameters));
        expect(judged.note).toBeUndefined();
      }),
      { numRuns: 1_000 },
    );
  });

  it('Q2: no tag ever makes the strict rule pass an expired certificate, and no tag read failure passes anything', () => {
    fc.assert(
      fc.property(scenario, ({ name, now, expiry, parameters, tags }) => {
        const certificate = { name, expiration: new Date(expiry) };
        const strict = { ...parameters, daysToExpiration: 0 };
        expect(judgeCertificate(certificate, new Date(now), strict, tags).verdict.complianceType).toBe(evaluateCertificate(certificate, new Date(now), strict).complianceType);
        const unreadable = judgeCertificate(certificate, new Date(now), parameters, { kind: 'unreadable', reason: 'AccessDenied' });
        expect(unreadable.verdict).toEqual(evaluateCertificate(certificate, new Date(now), parameters));
      }),
      { numRuns: 1_000 },
    );
  });

  it('Q3: annotations stay within 256 characters, start with the expiry, and the tags\' note within its room, whatever the tags say', () => {
    fc.assert(
      fc.property(scenario, ({ name, now, expiry, parameters, tags }) => {
        const { verdict, note } = judgeCertificate({ name, expiration: new Date(expiry) }, new Date(now), parameters, tags);
        expect(verdict.annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
        expect(verdict.annotation).toMatch(/^(Expired|Expires|Valid until) \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/);
        expect(note === undefined || (note.length <= OVERRIDE_NOTE_LENGTH && !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(note))).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('Q4: the verdict holds from now until the next change, and changes there', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }), ({ name, now, expiry, parameters, tags }, fractions) => {
        const certificate = { name, expiration: new Date(expiry) };
        const verdictAt = (time: number): string => {
          const { verdict } = judgeCertificate(certificate, new Date(time), parameters, tags);
          return `${verdict.complianceType}/${verdict.state}`;
        };
        const change = nextVerdictChange(certificate, new Date(now), parameters, tags)?.getTime();
        const until = change ?? now + 2_000 * DAY;
        for (const fraction of fractions) expect(verdictAt(now + Math.floor(fraction * (until - 1 - now)))).toBe(verdictAt(now));
        expect(verdictAt(until - 1)).toBe(verdictAt(now));
        // A change with tags unread may only be where they start to matter; otherwise it is real.
        if (change !== undefined && tags !== undefined) expect(verdictAt(change)).not.toBe(verdictAt(now));
      }),
      { numRuns: 800 },
    );
  });

  it('Q5: an exception only ever turns NON_COMPLIANT into COMPLIANT in the warning rule, never the reverse', () => {
    fc.assert(
      fc.property(scenario, ({ name, now, expiry, parameters, tags }) => {
        if (tags?.kind !== 'read') return;
        const certificate = { name, expiration: new Date(expiry) };
        const withoutException = new Map(tags.tags);
        withoutException.delete(OverrideTagKey.Exception);
        const judged = judgeCertificate(certificate, new Date(now), parameters, tags).verdict;
        const plain = judgeCertificate(certificate, new Date(now), parameters, { kind: 'read', tags: withoutException }).verdict;
        if (judged.complianceType !== plain.complianceType) {
          expect([plain.complianceType, judged.complianceType, parameters.daysToExpiration > 0]).toEqual([ComplianceType.NonCompliant, ComplianceType.Compliant, true]);
        }
        expect(judged.state).toBe(plain.state);
      }),
      { numRuns: 1_000 },
    );
  });
});
