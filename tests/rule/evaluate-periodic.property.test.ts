import fc from 'fast-check';
import { MAX_ANNOTATION_LENGTH } from '../../src/core/annotation';
import { TimeBudget } from '../../src/core/time-budget';
import { evaluatePeriodic } from '../../src/rule/evaluate-periodic';
import { collect, fakeDependencies } from './fake-dependencies';

const DAY = 86_400_000;
const TYPE = 'AWS::IAM::ServerCertificate';
const ACCOUNT = '123456789012';
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });

/** An account: unique names (IAM's rule), each with an expiry offset and maybe a Config id. */
const account = fc.uniqueArray(
  fc.record({
    name: fc.stringMatching(/^[\w+=,.@-]{1,40}$/),
    offsetDays: fc.double({ min: -4000, max: 4000, noNaN: true }),
    recorded: fc.boolean(),
  }),
  { selector: (certificate) => certificate.name, maxLength: 250 },
);

describe('evaluatePeriodic properties', () => {
  it('F8: for any set of certificates, clock and window: one evaluation per certificate, the right verdict, stale ones cleared once, the account itself when IAM has none', async () => {
    await fc.assert(
      fc.asyncProperty(
        account,
        instant,
        fc.integer({ min: 0, max: 3650 }),
        fc.uniqueArray(fc.stringMatching(/^gone\/[a-z0-9]{1,8}$/), { maxLength: 20 }),
        async (certificates, nowMs, days, gone) => {
          const now = new Date(nowMs);
          const idOf = (name: string) => `ASCA-${name}`;
          const dependencies = fakeDependencies({
            certificates: certificates.map((c) => ({
              name: c.name,
              id: idOf(c.name),
              arn: `arn:aws:iam::123456789012:server-certificate/${c.name}`,
              path: '/',
              expiration: new Date(nowMs + Math.round(c.offsetDays * DAY)),
            })),
            idsByName: Object.fromEntries(certificates.filter((c) => c.recorded).map((c) => [c.name, idOf(c.name)])),
            // Earlier results: every current certificate, plus the gone ones (some listed twice).
            recorded: [
              ...certificates.map((c) => ({ resourceType: TYPE, resourceId: c.recorded ? idOf(c.name) : c.name })),
              ...gone.map((id) => ({ resourceType: TYPE, resourceId: id })),
              ...gone.slice(0, 3).map((id) => ({ resourceType: TYPE, resourceId: id })),
            ],
          });

          const evaluations = await collect(evaluatePeriodic(dependencies, {
            ruleName: 'rule', accountId: ACCOUNT,
            parameters: { daysToExpiration: days },
            now,
            orderingTimestamp: now,
            budget: TimeBudget.unlimited(),
          }));

          // Never an empty report: an account IAM lists no certificate in is itself reported, NOT_APPLICABLE.
          const accountRows = evaluations.filter((e) => e.resourceType === 'AWS::::Account');
          expect(accountRows).toEqual(certificates.length === 0 ? [expect.objectContaining({ resourceId: ACCOUNT, complianceType: 'NOT_APPLICABLE' })] : []);
          expect(evaluations).toHaveLength(certificates.length + gone.length + accountRows.length);
          expect(new Set(evaluations.map((e) => `${e.resourceType}/${e.resourceId}`)).size).toBe(evaluations.length);
          for (const evaluation of evaluations) {
            expect(evaluation.annotation.length).toBeGreaterThanOrEqual(1);
            expect(evaluation.annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
          }
          const byId = new Map(evaluations.map((e) => [e.resourceId, e.complianceType]));
          for (const c of certificates) {
            const expiry = nowMs + Math.round(c.offsetDays * DAY);
            const expected = expiry <= nowMs || expiry - nowMs <= days * DAY ? 'NON_COMPLIANT' : 'COMPLIANT';
            expect(byId.get(c.recorded ? idOf(c.name) : c.name)).toBe(expected);
          }
          for (const id of gone) expect(byId.get(id)).toBe('NOT_APPLICABLE');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('F9: whatever the recorder lists, no result of a certificate still in IAM is ever cleared', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.record({
            name: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
            listed: fc.constantFrom('by-name', 'by-id', 'not-listed'),
            earlier: fc.constantFrom('by-name', 'by-id', 'none'),
          }),
          { selector: (c) => c.name, maxLength: 60 },
        ),
        fc.boolean(),
        async (certificates, recorderAvailable) => {
          const idOf = (name: string): string => `ASCA${name.toUpperCase().replace(/-/g, 'X')}`;
          const dependencies = fakeDependencies({
            certificates: certificates.map((c) => ({ name: c.name, id: idOf(c.name), arn: `arn:aws:iam::123456789012:server-certificate/${c.name}`, path: '/', expiration: new Date(Date.UTC(2030, 0, 1)) })),
            recorderAvailable,
            idsByName: Object.fromEntries(
              certificates.filter((c) => recorderAvailable && c.listed !== 'not-listed').map((c) => [c.name, c.listed === 'by-name' ? c.name : idOf(c.name)]),
            ),
            recorded: certificates.filter((c) => c.earlier !== 'none').map((c) => ({ resourceType: TYPE, resourceId: c.earlier === 'by-name' ? c.name : idOf(c.name) })),
            pageSize: 7,
          });
          const evaluations = await collect(
            evaluatePeriodic(dependencies, { ruleName: 'rule', accountId: ACCOUNT, parameters: { daysToExpiration: 0 }, now: new Date(Date.UTC(2026, 0, 1)), orderingTimestamp: new Date(), budget: TimeBudget.unlimited() }),
          );
          expect(evaluations.filter((e) => e.resourceType === TYPE && e.complianceType === 'NOT_APPLICABLE')).toEqual([]);
          for (const c of certificates) {
            const ids = evaluations.filter((e) => e.resourceId === c.name || e.resourceId === idOf(c.name)).map((e) => e.resourceId);
            expect(ids.length).toBeGreaterThanOrEqual(1);
            // An earlier result stays under its id; a listed certificate is reported under the recorder's id.
            if (c.earlier !== 'none') expect(ids).toContain(c.earlier === 'by-name' ? c.name : idOf(c.name));
            if (recorderAvailable && c.listed !== 'not-listed') expect(ids).toContain(c.listed === 'by-name' ? c.name : idOf(c.name));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
