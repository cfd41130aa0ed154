import { deploymentRules } from '../../../src/cli/report/aggregate-plan';
import { aggregateRows, expiryFromAnnotation, NOT_EVALUATED, windowsInAnnotations } from '../../../src/cli/report/aggregate-rows';
import type { AggregateEvaluation } from '../../../src/adapters/config-aggregate-types';
import { judgeCertificate } from '../../../src/core/certificate-policy';
import { evaluateCertificate } from '../../../src/core/evaluate-certificate';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const EXPIRED_RULE = 'iam-server-certificate-expired-conformance-pack-x1';
const EXPIRING_RULE = 'iam-server-certificate-expiring';
const RULES = deploymentRules();

/** Both rules' results for one certificate, with the rule's real annotations. */
function results(accountId: string, resourceId: string, name: string, daysLeft: number, recordedAt = new Date(NOW.getTime() - DAY)): AggregateEvaluation[] {
  const expiration = new Date(NOW.getTime() + daysLeft * DAY);
  return [
    { rule: EXPIRED_RULE, days: 0 },
    { rule: EXPIRING_RULE, days: 30 },
  ].map(({ rule, days }) => {
    const verdict = evaluateCertificate({ name, expiration }, NOW, { daysToExpiration: days });
    return {
      ruleName: rule,
      accountId,
      region: 'us-east-1',
      resourceType: 'AWS::IAM::ServerCertificate',
      resourceId,
      complianceType: verdict.complianceType,
      annotation: verdict.annotation,
      recordedAt,
      invokedAt: recordedAt,
    };
  });
}

describe('expiryFromAnnotation', () => {
  it.each([
    ['Expired 2026-11-01T00:00:00Z (22 days ago) and still stored in IAM.', '2026-11-01T00:00:00.000Z'],
    ['Expires 2026-12-01T10:00:00Z (7 days left), within the 30-day window.', '2026-12-01T10:00:00.000Z'],
    ['Valid until 2027-05-01T00:00:00Z (159 days left).', '2027-05-01T00:00:00.000Z'],
  ])('reads the expiry the rule wrote: %s', (annotation, iso) => {
    expect(expiryFromAnnotation(annotation)?.toISOString()).toBe(iso);
  });

  it.each([undefined, '', 'Some other rule said 2026-11-01T00:00:00Z', 'Expires 2026-13-45T00:00:00Z (x)'])('gives undefined for %p', (annotation) => {
    expect(expiryFromAnnotation(annotation)).toBeUndefined();
  });
});

describe('aggregateRows', () => {
  it('joins results with the inventory by account and id: names, expiry, days, state, newest evaluation', () => {
    const rows = aggregateRows(
      [...results('111111111111', 'ASCA1', 'shop', -3), ...results('222222222222', 'ASCA2', 'api', 12), ...results('222222222222', 'ASCA3', 'www', 200)],
      [
        { accountId: '111111111111', region: 'us-east-1', resourceId: 'ASCA1', resourceName: 'shop' },
        { accountId: '222222222222', region: 'us-east-1', resourceId: 'ASCA2', resourceName: 'api' },
        { accountId: '222222222222', region: 'us-east-1', resourceId: 'ASCA3', resourceName: 'www' },
      ],
      RULES,
      NOW,
      30,
    );

    expect(rows.map((row) => [row.accountId, row.name, row.daysLeft, row.state, row.compliance, row.rule])).toEqual([
      ['111111111111', 'shop', -3, 'expired', 'NON_COMPLIANT', EXPIRED_RULE],
      ['222222222222', 'api', 12, 'expiring', 'NON_COMPLIANT', EXPIRING_RULE],
      ['222222222222', 'www', 200, 'valid', 'COMPLIANT', EXPIRING_RULE],
    ]);
    expect(rows[0]?.annotation).toMatch(/^Expired 2026-11-20T12:00:00Z/);
    expect(rows[0]?.lastEvaluated).toBe('2026-11-22T12:00:00Z');
  });

  it('gives a certificate expired less than a day ago -1 days, as report and the expiry event do, so < 0 means expired', () => {
    const rows = aggregateRows(results('111111111111', 'ASCA1', 'just-gone', -0.25), [{ accountId: '111111111111', region: 'us-east-1', resourceId: 'ASCA1', resourceName: 'just-gone' }], RULES, NOW, 30);
    expect(rows.map((row) => [row.daysLeft, row.state])).toEqual([[-1, 'expired']]);
  });

  it('keeps a recorded certificate no rule evaluated, as NOT_EVALUATED with unknown state', () => {
    const rows = aggregateRows([], [{ accountId: '111111111111', region: 'us-east-1', resourceId: 'ASCA9', resourceName: 'lonely' }], RULES, NOW, 30);

    expect(rows).toEqual([expect.objectContaining({ name: 'lonely', compliance: NOT_EVALUATED, state: 'unknown', expiration: undefined, daysLeft: undefined })]);
  });

  it('joins a result reported under the certificate name (no recorder) to the recorded certificate', () => {
    const rows = aggregateRows(results('111111111111', 'shop', 'shop', 5), [{ accountId: '111111111111', region: 'us-east-1', resourceId: 'ASCA1', resourceName: 'shop' }], RULES, NOW, 30);

    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(expect.objectContaining({ resourceId: 'ASCA1', name: 'shop', state: 'expiring' }));
  });

  it('does not mix the same id in two accounts, ignores other rules and results about the account, and takes the worse of several regions', () => {
    const usEast = results('111111111111', 'ASCA1', 'a', -1, new Date(NOW.getTime() - DAY / 2));
    const euWest = results('111111111111', 'ASCA1', 'a', 100, new Date(NOW.getTime() - DAY)).map((result) => ({ ...result, region: 'eu-west-1' }));
    const other: AggregateEvaluation = { ...euWest[0]!, ruleName: 'some-other-rule', complianceType: 'NON_COMPLIANT' };
    const account: AggregateEvaluation = { ...euWest[0]!, resourceType: 'AWS::::Account', resourceId: '111111111111', complianceType: 'NOT_APPLICABLE', annotation: 'No IAM server certificates.' };
    const rows = aggregateRows([...euWest, ...usEast, other, account, ...results('222222222222', 'ASCA1', 'b', 50)], [], RULES, NOW, 30);

    expect(rows.map((row) => [row.accountId, row.region, row.state, row.compliance])).toEqual([
      ['111111111111', 'us-east-1', 'expired', 'NON_COMPLIANT'],
      ['222222222222', 'us-east-1', 'valid', 'COMPLIANT'],
    ]);
    expect(rows[0]?.conflict).toBe(
      "the rules' results disagree: expiry 2026-11-22T12:00:00Z (iam-server-certificate-expired-conformance-pack-x1, iam-server-certificate-expiring in us-east-1) vs 2027-03-03T12:00:00Z (iam-server-certificate-expired-conformance-pack-x1, iam-server-certificate-expiring in eu-west-1); the worse verdict is shown",
    );
    expect(rows[0]?.lastEvaluated).toBe('2026-11-23T00:00:00Z');
    expect(rows[1]?.conflict).toBeUndefined();
  });

  it('calls a COMPLIANT judged after the expiry a conflict, and keeps the strict rule\'s NON_COMPLIANT as expired', () => {
    const [expired, expiring] = results('111111111111', 'ASCA1', 'a', -2) as [AggregateEvaluation, AggregateEvaluation];
    // The same wording, but COMPLIANT, and invoked a day after the expiry it states.
    const lying: AggregateEvaluation = { ...expiring, ruleName: 'OrgConfigRule-iam-server-certificate-expiring-zzzzzzzz', complianceType: 'COMPLIANT' };
    const rows = aggregateRows([expired, expiring, lying], [], RULES, NOW, 30);

    expect(rows[0]).toEqual(expect.objectContaining({ state: 'expired', compliance: 'NON_COMPLIANT', rule: EXPIRED_RULE }));
    expect(rows[0]?.conflict).toBe(
      "the rules' results disagree: COMPLIANT after the expiry 2026-11-21T12:00:00Z (OrgConfigRule-iam-server-certificate-expiring-zzzzzzzz in us-east-1); the worse verdict is shown",
    );
  });

  it('still calls a warning-rule COMPLIANT under an exception tag after the expiry a conflict, says so, and keeps the strict rule\'s NON_COMPLIANT', () => {
    const expiration = new Date(NOW.getTime() - 2 * DAY);
    const [expired, expiring] = results('111111111111', 'ASCA1', 'a', -2) as [AggregateEvaluation, AggregateEvaluation];
    const tags = { kind: 'read' as const, tags: new Map([['iam-cert-expiry:exception', '2026-12-31 CHG-1234 vendor renewal']]) };
    const judged = judgeCertificate({ name: 'a', expiration }, NOW, { daysToExpiration: 30, tagOverrides: true, maxExceptionDays: 90 }, tags);
    const note = judged.note ?? '';
    const excepted: AggregateEvaluation = { ...expiring, complianceType: judged.verdict.complianceType, annotation: `${judged.verdict.annotation} ${note}` };
    // The strict rule names the exception too, but does not honour it: that is no explanation for a COMPLIANT.
    const strictNote = judgeCertificate({ name: 'a', expiration }, NOW, { daysToExpiration: 0, tagOverrides: true, maxExceptionDays: 90 }, tags).note ?? '';
    const lying: AggregateEvaluation = { ...expiring, ruleName: 'OrgConfigRule-iam-server-certificate-expiring-zzzzzzzz', complianceType: 'COMPLIANT', annotation: `${expiring.annotation ?? ''} ${strictNote}` };
    const rows = aggregateRows([expired, excepted, lying], [], RULES, NOW, 30);

    expect(excepted.complianceType).toBe('COMPLIANT');
    expect(rows[0]).toEqual(expect.objectContaining({ state: 'expired', compliance: 'NON_COMPLIANT', rule: EXPIRED_RULE }));
    expect(rows[0]?.conflict).toBe(
      "the rules' results disagree: COMPLIANT after the expiry 2026-11-21T12:00:00Z (OrgConfigRule-iam-server-certificate-expiring-zzzzzzzz in us-east-1); " +
        'COMPLIANT after the expiry 2026-11-21T12:00:00Z under an exception tag, which waives the warning rule only (iam-server-certificate-expiring in us-east-1); the worse verdict is shown',
    );
  });

  it('takes the strict rule\'s NON_COMPLIANT over a later stated expiry, and says they disagree', () => {
    const [, expiring] = results('111111111111', 'ASCA1', 'a', 200) as [AggregateEvaluation, AggregateEvaluation];
    const strict: AggregateEvaluation = { ...expiring, ruleName: EXPIRED_RULE, complianceType: 'NON_COMPLIANT', annotation: undefined };
    const rows = aggregateRows([expiring, strict], [], RULES, NOW, 30);

    expect(rows[0]).toEqual(expect.objectContaining({ state: 'expired', compliance: 'NON_COMPLIANT', daysLeft: 200 }));
    expect(rows[0]?.conflict).toMatch(/expired \(NON_COMPLIANT\) before the expiry 2027-06-11T12:00:00Z \(iam-server-certificate-expired-conformance-pack-x1 in us-east-1\)/);
  });

  it('without any stated expiry, calls one kind of rule saying both COMPLIANT and NON_COMPLIANT a conflict and shows NON_COMPLIANT', () => {
    const base: AggregateEvaluation = { ruleName: EXPIRING_RULE, accountId: '111111111111', region: 'us-east-1', resourceType: undefined, resourceId: 'X', complianceType: 'COMPLIANT', annotation: undefined, recordedAt: undefined, invokedAt: undefined };
    const rows = aggregateRows([base, { ...base, region: 'eu-west-1', complianceType: 'NON_COMPLIANT' }], [], RULES, NOW, 30);

    expect(rows[0]).toEqual(expect.objectContaining({ state: 'expiring', compliance: 'NON_COMPLIANT', region: 'eu-west-1' }));
    expect(rows[0]?.conflict).toBe(
      "the rules' results disagree: NON_COMPLIANT (iam-server-certificate-expiring in eu-west-1) vs COMPLIANT (iam-server-certificate-expiring in us-east-1); the worse verdict is shown",
    );
  });

  it('falls back to the verdict when no annotation states the expiry', () => {
    const rows = aggregateRows(
      [{ ruleName: EXPIRED_RULE, accountId: '111111111111', region: 'us-east-1', resourceType: undefined, resourceId: 'X', complianceType: 'NON_COMPLIANT', annotation: undefined, recordedAt: undefined, invokedAt: undefined }],
      [],
      RULES,
      NOW,
      30,
    );

    expect(rows[0]).toEqual(expect.objectContaining({ state: 'expired', daysLeft: undefined, lastEvaluated: undefined }));
  });

  it('reads the deployed windows from the annotations', () => {
    expect(windowsInAnnotations([...results('1', 'a', 'a', 10), ...results('1', 'b', 'b', 300)])).toEqual([30]);
  });
});
