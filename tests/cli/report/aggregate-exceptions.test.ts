import { deploymentRules } from '../../../src/cli/report/aggregate-plan';
import { aggregateExceptionList, AGGREGATE_EXCEPTIONS_COVERAGE } from '../../../src/cli/report/aggregate-exceptions';
import { aggregateRows, windowsByRule, type AggregateRow } from '../../../src/cli/report/aggregate-rows';
import type { AggregateEvaluation } from '../../../src/adapters/config-aggregate-types';
import { OverrideTagKey } from '../../../src/core/override-tags';
import { ruleResult } from '../../support/aggregator-fleet';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const EXPIRED_RULE = 'iam-server-certificate-expired';
const EXPIRING_RULE = 'iam-server-certificate-expiring';
const RULES = deploymentRules();
const ACCOUNT = '111111111111';
const CHANGE = '2026-12-31 CHG-1234 vendor renewal';

/**
 * One rule's real result for a certificate `daysLeft` away; with `tags`,
 * as the rule deployed with tagOverrides writes it.
 */
function result(rule: typeof EXPIRED_RULE | typeof EXPIRING_RULE, name: string, daysLeft: number, tags?: Record<string, string>, recordedAt = new Date(NOW.getTime() - DAY)): AggregateEvaluation {
  const { complianceType, annotation } = ruleResult({ name, expiration: new Date(NOW.getTime() + daysLeft * DAY) }, NOW, rule === EXPIRED_RULE ? 0 : 30, tags);
  return { ruleName: rule, accountId: ACCOUNT, region: 'us-east-1', resourceType: 'AWS::IAM::ServerCertificate', resourceId: `ASCA-${name}`, complianceType, annotation, recordedAt, invokedAt: recordedAt };
}

/** Both rules' results, each with the same tags. */
const both = (name: string, daysLeft: number, tags?: Record<string, string>) => [result(EXPIRED_RULE, name, daysLeft, tags), result(EXPIRING_RULE, name, daysLeft, tags)];
const rowsOf = (results: readonly AggregateEvaluation[]): AggregateRow[] => aggregateRows(results, [], RULES, NOW, 30);
const only = (results: readonly AggregateEvaluation[]): AggregateRow => {
  const [row, ...rest] = rowsOf(results);
  expect(rest).toEqual([]);
  return row as AggregateRow;
};

describe('aggregate rows: exceptions read from the rules\' annotations (issue 21)', () => {
  it('an expired certificate under an exception stays expired and NON_COMPLIANT: the warning rule honours it, the strict rule does not waive it', () => {
    const row = only(both('old-api', -5, { [OverrideTagKey.Exception]: CHANGE }));

    expect(row).toMatchObject({ state: 'expired', compliance: 'NON_COMPLIANT', rule: EXPIRED_RULE });
    expect(row.exception).toEqual({
      standing: 'honoured',
      status: 'active',
      lastDay: '2026-12-31',
      reason: 'CHG-1234 vendor renewal',
      why: undefined,
      standingText: 'honoured by the warning rule only: still expired (the strict rule, IAM.26, is not waived)',
      rule: EXPIRING_RULE,
    });
  });

  it('never turns an expired certificate into a pass, even where only the warning rule (COMPLIANT under the exception) reports', () => {
    const warningOnly = result(EXPIRING_RULE, 'old-api', -5, { [OverrideTagKey.Exception]: CHANGE });
    expect(warningOnly.complianceType).toBe('COMPLIANT');

    const row = only([warningOnly]);

    expect(row.state).toBe('expired');
    expect(row.exception?.standing).toBe('honoured');
    expect(row.exception?.standingText).toMatch(/still expired/);
  });

  it('an expiring certificate under an exception: COMPLIANT, expiring, honoured with its last day and reason', () => {
    const row = only(both('api', 5, { [OverrideTagKey.Exception]: CHANGE }));

    expect(row).toMatchObject({ state: 'expiring', compliance: 'COMPLIANT' });
    expect(row.exception).toMatchObject({ standing: 'honoured', lastDay: '2026-12-31', reason: 'CHG-1234 vendor renewal', standingText: 'honoured by the warning rule' });
  });

  it('an exception the strict rule names but does not waive, where the warning rule runs without tagOverrides', () => {
    const row = only([result(EXPIRED_RULE, 'old-api', -5, { [OverrideTagKey.Exception]: CHANGE }), result(EXPIRING_RULE, 'old-api', -5)]);

    expect(row).toMatchObject({ state: 'expired', compliance: 'NON_COMPLIANT' });
    expect(row.exception).toMatchObject({ standing: 'not-waived', lastDay: '2026-12-31', reason: 'CHG-1234 vendor renewal', standingText: 'named by the strict rule, not waived (IAM.26)', rule: EXPIRED_RULE });
  });

  it.each([
    ['2026-11-01 CHG-1', { status: 'ended', lastDay: '2026-11-01', standingText: 'ignored: ended' }],
    ['2027-06-30 CHG-1', { status: 'too-far', lastDay: '2027-06-30', standingText: 'ignored: ends more than 90 days ahead (maxExceptionDays)' }],
    ['31/01/2027 CHG-1', { status: 'malformed', lastDay: undefined, standingText: 'ignored: not "YYYY-MM-DD reason"' }],
  ])('an ignored exception (%s), and why', (value, expected) => {
    const row = only(both('api', 5, { [OverrideTagKey.Exception]: value }));

    expect(row).toMatchObject({ state: 'expiring', compliance: 'NON_COMPLIANT' });
    expect(row.exception).toMatchObject({ standing: 'ignored', reason: undefined, ...expected });
  });

  it('says "details cut" when the annotation lost the phrase, and guesses no date', () => {
    const [strict, warning] = both('api', 5, { [OverrideTagKey.Exception]: CHANGE }) as [AggregateEvaluation, AggregateEvaluation];
    const cut: AggregateEvaluation = { ...warning, annotation: `${(warning.annotation ?? '').split(' exception through ')[0] ?? ''} exception through 2026-1…` };

    const row = only([strict, cut]);

    expect(row.exception).toMatchObject({ standing: 'cut', status: 'unknown', lastDay: undefined, reason: undefined, standingText: 'exception (details cut from the annotation)' });
  });

  it('says nothing of certificates without exception tags, nor where the rules run without tagOverrides', () => {
    expect(rowsOf([...both('a', 5), ...both('b', -5), ...both('c', 5, { owner: 'team' })]).map((row) => row.exception)).toEqual([undefined, undefined, undefined]);
  });

  it('judges the state with the certificate\'s own tagged window, and does not take it for the rule\'s daysToExpiration', () => {
    const results = [...both('wide', 45, { [OverrideTagKey.WindowDays]: '60' }), ...both('narrow', 20, { [OverrideTagKey.WindowDays]: '7' }), ...both('plain', 45)];
    const rows = rowsOf(results);
    const byName = new Map(rows.map((row) => [row.name, row]));

    expect(byName.get('ASCA-wide')).toMatchObject({ state: 'expiring', compliance: 'NON_COMPLIANT', taggedWindowDays: 60 });
    expect(byName.get('ASCA-narrow')).toMatchObject({ state: 'valid', compliance: 'COMPLIANT', taggedWindowDays: 7 });
    expect(byName.get('ASCA-plain')).toMatchObject({ state: 'valid' });
    expect(byName.get('ASCA-plain')?.taggedWindowDays).toBeUndefined();
    expect(windowsByRule(results).get(EXPIRING_RULE)).toEqual([30]);
  });
});

describe('aggregateExceptionList', () => {
  it('lists every exception, earliest last day first, with the standing and where it comes from', () => {
    const rows = rowsOf([
      ...both('later', 5, { [OverrideTagKey.Exception]: '2027-01-15 INC-9' }),
      ...both('old-api', -5, { [OverrideTagKey.Exception]: CHANGE }),
      ...both('ended', 5, { [OverrideTagKey.Exception]: '2026-11-01 CHG-1' }),
      ...both('plain', 5),
    ]);

    const list = aggregateExceptionList(rows);

    expect(list.coverage).toBe(AGGREGATE_EXCEPTIONS_COVERAGE);
    expect(list.coverage).toMatch(/^Read from the rules' annotations; accounts whose rules run without tagOverrides show no exceptions\./);
    expect(list.entries.map((entry) => [entry.name, entry.lastDay, entry.standing, entry.text, entry.state, entry.status])).toEqual([
      ['ASCA-ended', '2026-11-01', 'ignored: ended', "(the annotation does not quote the iam-cert-expiry:exception tag's reason)", 'expiring', 'ended'],
      ['ASCA-old-api', '2026-12-31', 'honoured by the warning rule only: still expired (the strict rule, IAM.26, is not waived)', 'CHG-1234 vendor renewal', 'expired', 'active'],
      ['ASCA-later', '2027-01-15', 'honoured by the warning rule', 'INC-9', 'expiring', 'active'],
    ]);
    expect(aggregateExceptionList(rowsOf(both('plain', 5))).entries).toEqual([]);
  });
});
