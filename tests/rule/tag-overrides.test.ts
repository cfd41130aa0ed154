/**
 * Issue 21 part 2: per-certificate windows and time-boxed exceptions, by IAM tag.
 *
 * Scenarios (numbers as in the test names):
 * TO1  Given tagOverrides on, the warning rule judges each certificate with its own window
 *      and reports one under an active exception COMPLIANT, naming the exception, its last
 *      day and its reason; the strict rule still fails an expired one and names it.
 * TO2  Tags are read only for certificates they could concern: expired or within 365 days.
 * TO3  With owners named too, one read per certificate serves both.
 * TO4  With tagOverrides off, tags change nothing: the annotations are today's, none is read.
 * TO5  A failed tag read: the certificate is judged without overrides (fail closed), its
 *      annotation says so, every evaluation is delivered, then the run fails with TagReadError.
 * TO6  Change events apply the same tags, with one read.
 * TO7  Through runRule: the failure is deferred, and the summary counts excepted certificates
 *      and tag reads.
 * TO9  An account with no certificate is still reported as itself (AWS::::Account)
 *      NOT_APPLICABLE with tagOverrides on, and no tag is read.
 * TO10 An exception changes the verdict, never what the usage note may say: "safe to delete"
 *      only for an expired certificate checked in every enabled region, excepted or not.
 * TO11 The organisation report can tell a warning-rule COMPLIANT under an exception from
 *      any other COMPLIANT by its annotation, even one cut to 256 characters; the strict
 *      rule's note on an exception it does not honour never reads as one.
 */
import { ComplianceType } from '../../src/core/compliance-type';
import { AnnotatedStanding, exceptionFromAnnotation } from '../../src/core/exception-annotation';
import { DEFAULT_RULE_PARAMETERS, type RuleParameters } from '../../src/core/rule-parameters';
import { TimeBudget } from '../../src/core/time-budget';
import { AccessDeniedError, TagReadError } from '../../src/errors';
import { parseConfigRuleEvent } from '../../src/events/config-rule-event';
import { evaluateRuleEvent } from '../../src/rule/evaluate-rule-event';
import { runRule } from '../../src/rule/run-rule';
import type { Evaluation } from '../../src/core/evaluation';
import { changeEvent, scheduledEvent } from '../fixtures/config-events';
import { coverage, inventory } from '../fixtures/usage-inventory';
import { certificate, collect, fakeDependencies } from './fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const invocation = { now: NOW, budget: TimeBudget.unlimited(), lambdaRegion: 'us-east-1' };
const WARNING: RuleParameters = { ...DEFAULT_RULE_PARAMETERS, daysToExpiration: 30, tagOverrides: true };
const STRICT: RuleParameters = { ...WARNING, daysToExpiration: 0 };
const EXCEPTION = 'iam-cert-expiry:exception';
const WINDOW = 'iam-cert-expiry:window-days';

const certificates = [
  certificate('expired-excepted', '2026-10-01T12:00:00Z'),
  certificate('expiring-excepted', '2026-11-28T12:00:00Z'),
  certificate('wide-window', '2027-01-07T12:00:00Z'), // 45 days left
  certificate('far', '2028-01-01T00:00:00Z'), // over a year left
];
const tags = {
  'expired-excepted': { [EXCEPTION]: '2027-01-31 CHG-1234 vendor renewal' },
  'expiring-excepted': { [EXCEPTION]: '2027-01-31 CHG-1234 vendor renewal', owner: 'team-web' },
  'wide-window': { [WINDOW]: '60' },
  far: { [EXCEPTION]: 'garbage', [WINDOW]: '365', owner: 'team-far' },
};

async function periodic(parameters: RuleParameters, dependencies = fakeDependencies({ certificates, tags }), onTagReadFailure?: (error: unknown) => void) {
  const evaluations = await collect(
    evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), parameters, dependencies, { ...invocation, ...(onTagReadFailure === undefined ? {} : { onTagReadFailure }) }),
  );
  return { evaluations, byId: new Map(evaluations.map((evaluation) => [evaluation.resourceId, evaluation])), calls: dependencies.calls };
}

describe('tag overrides in the rule (issue 21)', () => {
  it('TO1: the warning rule applies windows and exceptions; the strict rule never waives an expired certificate', async () => {
    const warning = await periodic(WARNING);
    expect(warning.byId.get('expired-excepted')).toMatchObject({ complianceType: ComplianceType.Compliant, state: 'Expired' });
    expect(warning.byId.get('expired-excepted')?.annotation).toMatch(/^Expired 2026-10-01T12:00:00Z .* still fails it\. exception through 2027-01-31: CHG-1234 vendor renewal$/);
    expect(warning.byId.get('expiring-excepted')?.annotation).toBe(
      'Expires 2026-11-28T12:00:00Z (5 days left), within the 30-day window, but excepted. exception through 2027-01-31: CHG-1234 vendor renewal',
    );
    expect(warning.byId.get('wide-window')).toMatchObject({ complianceType: ComplianceType.NonCompliant, state: 'Expiring' });
    expect(warning.byId.get('wide-window')?.annotation).toContain('within its tagged 60-day window');
    expect(warning.byId.get('far')?.complianceType).toBe(ComplianceType.Compliant);

    const strict = await periodic(STRICT);
    expect(strict.byId.get('expired-excepted')?.complianceType).toBe(ComplianceType.NonCompliant);
    expect(strict.byId.get('expired-excepted')?.annotation).toMatch(/^Expired 2026-10-01T12:00:00Z .*… exception through 2027-01-31 \(CHG-1234 vendor renewal\) does not waive IAM\.26$/);
    expect(strict.byId.get('expiring-excepted')?.annotation).toBe('Valid until 2026-11-28T12:00:00Z (5 days left).');
  });

  it('TO2: reads tags only for certificates expired or within 365 days of expiry (the strict rule: expired only)', async () => {
    expect((await periodic(WARNING)).calls.filter((call) => call.startsWith('tags:')).sort()).toEqual(['tags:expired-excepted', 'tags:expiring-excepted', 'tags:wide-window']);
    expect((await periodic(STRICT)).calls.filter((call) => call.startsWith('tags:'))).toEqual(['tags:expired-excepted']);
  });

  it('TO3: with owners named too, reads each certificate\'s tags once, for both', async () => {
    const { byId, calls } = await periodic({ ...WARNING, ownerTagKey: 'owner' });
    expect(calls.filter((call) => call.startsWith('tags:')).sort()).toEqual(['tags:expired-excepted', 'tags:expiring-excepted', 'tags:far', 'tags:wide-window']);
    expect(byId.get('expiring-excepted')?.annotation).toMatch(/but excepted\. exception through 2027-01-31: CHG-1234 vendor renewal; owner team-web$/);
    // Beyond a year, the overrides say nothing (even a malformed one): the owner still shows.
    expect(byId.get('far')?.annotation).toBe('Valid until 2028-01-01T00:00:00Z (403 days left); outside the 30-day window. owner team-far');
  });

  it('TO4: with tagOverrides off, tags change nothing and none is read', async () => {
    const off = await periodic({ ...WARNING, tagOverrides: false });
    const untagged = await periodic({ ...WARNING, tagOverrides: false }, fakeDependencies({ certificates }));
    expect(off.evaluations).toEqual(untagged.evaluations);
    expect(off.calls.some((call) => call.startsWith('tags:'))).toBe(false);
    expect(off.byId.get('expiring-excepted')?.complianceType).toBe(ComplianceType.NonCompliant);
  });

  it('TO5: a failed tag read judges without overrides, says so, delivers everything, then fails the run', async () => {
    const refused = new AccessDeniedError("the Lambda's role may not call iam:ListServerCertificateTags in account 123456789012 (AccessDenied: …)", 'iam:ListServerCertificateTags', '123456789012');
    const dependencies = fakeDependencies({ certificates, tags, tagFailures: { 'expiring-excepted': refused } });
    const failures: unknown[] = [];
    const { evaluations, byId } = await periodic(WARNING, dependencies, (error) => failures.push(error));

    expect(evaluations).toHaveLength(4);
    expect(byId.get('expiring-excepted')?.complianceType).toBe(ComplianceType.NonCompliant);
    expect(byId.get('expiring-excepted')?.annotation).toMatch(/\. tags unread \(AccessDenied\): judged without exception or window tags$/);
    expect(byId.get('expired-excepted')?.complianceType).toBe(ComplianceType.Compliant);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(TagReadError);
    expect((failures[0] as TagReadError).certificates).toEqual(['expiring-excepted']);
    expect((failures[0] as TagReadError).message).toContain('iam:ListServerCertificateTags');
    expect((failures[0] as TagReadError).cause).toBe(refused);

    // Without a callback, the failure is thrown, but only after every evaluation was yielded.
    const seen: Evaluation[] = [];
    const run = (async () => {
      for await (const evaluation of evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), WARNING, fakeDependencies({ certificates, tags, tagFailures: { far: refused, 'wide-window': refused } }), invocation)) {
        seen.push(evaluation);
      }
    })();
    await expect(run).rejects.toBeInstanceOf(TagReadError);
    expect(seen).toHaveLength(4);
  });

  it('TO5b: with owners named, a failed read says the owner is unknown, never "no owner tag"', async () => {
    const dependencies = fakeDependencies({ certificates, tags, tagFailures: { far: new Error('socket hang up') } });
    const { byId } = await periodic({ ...WARNING, ownerTagKey: 'owner' }, dependencies, () => undefined);
    expect(byId.get('far')?.annotation).toMatch(/owner unknown \(tags unread\)$/);
  });

  it('TO6: a change event applies the certificate\'s exception, with one tag read for owner and overrides', async () => {
    const dependencies = fakeDependencies({ certificates, tags });
    const [evaluation] = await collect(
      evaluateRuleEvent(parseConfigRuleEvent(changeEvent({ resourceName: 'expiring-excepted', resourceId: 'expiring-excepted' })), { ...WARNING, ownerTagKey: 'owner' }, dependencies, invocation),
    );
    expect(evaluation?.complianceType).toBe(ComplianceType.Compliant);
    expect(evaluation?.annotation).toMatch(/exception through 2027-01-31: CHG-1234 vendor renewal; owner team-web$/);
    expect(dependencies.calls.filter((call) => call.startsWith('tags:'))).toEqual(['tags:expiring-excepted']);

    const failing = fakeDependencies({ certificates, tags, tagFailures: { 'expiring-excepted': new Error('throttled') } });
    const failures: unknown[] = [];
    const [judged] = await collect(
      evaluateRuleEvent(parseConfigRuleEvent(changeEvent({ resourceName: 'expiring-excepted', resourceId: 'expiring-excepted' })), WARNING, failing, {
        ...invocation,
        onTagReadFailure: (error) => failures.push(error),
      }),
    );
    expect(judged?.complianceType).toBe(ComplianceType.NonCompliant);
    expect(failures.map((error) => (error as Error).name)).toEqual(['TagReadError']);
  });

  it('TO7: runRule delivers everything, then hands back the tag failure, and counts excepted certificates and tag reads', async () => {
    const delivered: Evaluation[] = [];
    const sink = {
      report: async (evaluations: AsyncIterable<Evaluation>) => {
        for await (const evaluation of evaluations) delivered.push(evaluation);
        return { calls: 1 };
      },
    };
    const dependencies = { ...fakeDependencies({ certificates, tags, tagFailures: { 'wide-window': new Error('throttled') } }), sink };
    const { summary, deferredFailure } = await runRule(parseConfigRuleEvent(scheduledEvent()), WARNING, dependencies, invocation);
    expect(delivered).toHaveLength(4);
    expect(deferredFailure?.error).toBeInstanceOf(TagReadError);
    // wide-window's read failed: judged with the rule's 30 days, it is valid (fail closed as to exceptions, and said so).
    expect(summary).toMatchObject({ expired: 1, expiring: 1, valid: 2, excepted: 2, tagReads: 3 });
  });
});

describe('tag read failures on change events (issue 21)', () => {
  it('TO8: yields the evaluation before failing, when no callback takes the failure', async () => {
    const failing = fakeDependencies({ certificates, tags, tagFailures: { 'expiring-excepted': new Error('throttled') } });
    const seen: Evaluation[] = [];
    const run = (async () => {
      for await (const evaluation of evaluateRuleEvent(
        parseConfigRuleEvent(changeEvent({ resourceName: 'expiring-excepted', resourceId: 'expiring-excepted' })),
        WARNING,
        failing,
        invocation,
      )) {
        seen.push(evaluation);
      }
    })();
    await expect(run).rejects.toBeInstanceOf(TagReadError);
    expect(seen.map((evaluation) => evaluation.complianceType)).toEqual([ComplianceType.NonCompliant]);
  });
});

describe('tag overrides beside the empty-account result and the usage check', () => {
  const sink = (delivered: Evaluation[]) => ({
    report: async (evaluations: AsyncIterable<Evaluation>) => {
      for await (const evaluation of evaluations) delivered.push(evaluation);
      return { calls: 1 };
    },
  });

  it('TO9: reports an account without certificates as AWS::::Account NOT_APPLICABLE with tagOverrides on, reading no tag', async () => {
    for (const parameters of [WARNING, STRICT, { ...WARNING, ownerTagKey: 'owner' }]) {
      const delivered: Evaluation[] = [];
      const dependencies = { ...fakeDependencies({ certificates: [], tags }), sink: sink(delivered) };
      const { summary, deferredFailure } = await runRule(parseConfigRuleEvent(scheduledEvent()), parameters, dependencies, invocation);
      expect(delivered.map((evaluation) => [evaluation.resourceType, evaluation.complianceType])).toEqual([['AWS::::Account', ComplianceType.NotApplicable]]);
      expect(summary).toMatchObject({ certificatesEvaluated: 0, notApplicable: 0, accountNotApplicable: 1, excepted: 0, tagReads: 0 });
      expect(deferredFailure).toBeUndefined();
      expect(dependencies.calls.filter((call) => call.startsWith('tags:'))).toEqual([]);
    }
  });

  it('TO10: calls an excepted expired certificate safe to delete only after a complete scan, and an excepted expiring one never', async () => {
    const usage = { ...WARNING, checkUsage: true };
    const complete = await periodic(usage, fakeDependencies({ certificates, tags, usage: inventory() }));
    expect(complete.byId.get('expired-excepted')).toMatchObject({ complianceType: ComplianceType.Compliant, state: 'Expired' });
    expect(complete.byId.get('expired-excepted')?.annotation).toMatch(/exception through 2027-01-31: CHG-1234 vendor renewal; not referenced: safe to delete$/);
    expect(complete.byId.get('expiring-excepted')?.annotation).toMatch(/exception through 2027-01-31: CHG-1234 vendor renewal; not referenced$/);
    expect(complete.evaluations.every((evaluation) => evaluation.annotation.length <= 256)).toBe(true);

    const narrowed = await periodic(usage, fakeDependencies({ certificates, tags, usage: inventory([], [], coverage(['us-east-1'])) }));
    expect(narrowed.byId.get('expired-excepted')?.annotation).toMatch(/exception through 2027-01-31: CHG-1234 vendor renewal; usage unknown: eu-west-1 not scanned$/);
    expect(narrowed.evaluations.some((evaluation) => evaluation.annotation.includes('safe to delete'))).toBe(false);
  });
});

describe('exceptions as the organisation report reads them back', () => {
  it('TO11: marks the warning rule\'s honoured exceptions only, whole or cut', async () => {
    const longReason = `CHG-1234 ${'vendor renewal '.repeat(6).trim()}`;
    const usage = { ...WARNING, checkUsage: true, ownerTagKey: 'owner' };
    const long = fakeDependencies({ certificates, tags: { ...tags, 'expired-excepted': { [EXCEPTION]: `2027-01-31 ${longReason}`, owner: 'team-'.repeat(10) } }, usage: inventory() });
    const warning = await periodic(usage, long);
    const cut = warning.byId.get('expired-excepted')?.annotation ?? '';
    expect(cut.length).toBeLessThanOrEqual(256);
    expect(cut).toContain('… exception through 2027-01-31: CHG-1234');
    const isHonoured = (annotation: string) => exceptionFromAnnotation(annotation)?.standing === AnnotatedStanding.Honoured;
    const honoured = (parameters: RuleParameters) => periodic(parameters).then(({ evaluations }) => evaluations.filter((e) => isHonoured(e.annotation)).map((e) => e.resourceId));
    expect([isHonoured(cut), await honoured(WARNING)]).toEqual([true, ['expired-excepted', 'expiring-excepted']]);
    expect(await honoured(STRICT)).toEqual([]);
  });
});
