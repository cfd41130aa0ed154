import { aggregateCoverage } from '../../../src/cli/report/aggregate-coverage';
import type { SourceStatus } from '../../../src/adapters/config-aggregate-types';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';

const status = (sourceId: string, overrides: Partial<SourceStatus> = {}): SourceStatus => ({
  sourceId,
  region: 'us-east-1',
  status: 'SUCCEEDED',
  updatedAt: new Date('2026-11-23T10:00:00Z'),
  errorCode: undefined,
  errorMessage: undefined,
  ...overrides,
});

describe('aggregateCoverage', () => {
  it('counts a listed account without data or status as missing, and one that failed to read', () => {
    const coverage = aggregateCoverage({
      sources: { kind: 'accounts', accountIds: [A, B, C], regions: ['eu-west-1', 'us-east-1'] },
      statuses: [status(A), status(B)],
      accountsWithData: new Set([A, B]),
      readFailures: new Map([[B, 'iam-server-certificate-expired in us-east-1: ThrottlingException: Rate exceeded']]),
      ruleRegions: new Set(['us-east-1']),
    });

    expect(coverage.accounts).toEqual([A, B, C]);
    expect(coverage.missing).toEqual([
      { accountId: B, reason: 'iam-server-certificate-expired in us-east-1: ThrottlingException: Rate exceeded' },
      { accountId: C, reason: 'no rule results and no recorded IAM server certificates in the aggregator, nor any source status' },
    ]);
    expect(coverage.notes).toEqual(['Aggregates 3 listed accounts, regions eu-west-1, us-east-1.']);
  });

  it('lists an account with data whose source FAILED in a region the rules report from, and notes OUTDATED accounts with data without calling them missing', () => {
    const coverage = aggregateCoverage({
      sources: { kind: 'accounts', accountIds: [A, B], regions: 'all' },
      statuses: [status(A, { status: 'FAILED', errorCode: 'AccessDeniedException', errorMessage: undefined }), status(B, { status: 'OUTDATED' })],
      accountsWithData: new Set([A, B]),
      readFailures: new Map(),
      ruleRegions: new Set(['us-east-1']),
    });

    expect(coverage.missing).toEqual([{ accountId: A, reason: 'aggregation FAILED in us-east-1 (last update 2026-11-23T10:00:00Z): AccessDeniedException' }]);
    expect(coverage.notes).toEqual([
      'Aggregates 2 listed accounts, all regions (AllAwsRegions).',
      `Aggregation OUTDATED (data not the most recent) for 1 account with data: ${B}; see LAST EVALUATED.`,
    ]);
  });

  it('only notes sources that FAILED in regions the rules do not report from, such as opt-in regions an account never enabled', () => {
    const coverage = aggregateCoverage({
      sources: { kind: 'accounts', accountIds: [A, B], regions: 'all' },
      statuses: [status(A), status(B), ...[A, B].map((id) => status(id, { region: 'ap-east-1', status: 'FAILED', errorCode: 'OptInRequired' }))],
      accountsWithData: new Set([A, B]),
      readFailures: new Map(),
      ruleRegions: new Set(['us-east-1']),
    });

    expect(coverage.missing).toEqual([]);
    expect(coverage.notes).toContain('Aggregation FAILED in ap-east-1 for 2 accounts, a region the rules do not report from: nothing in this report comes from there.');
  });

  it('for an organization aggregator: counts accounts from data and statuses, says what it cannot see, and reports an organization-wide failure', () => {
    const coverage = aggregateCoverage({
      sources: { kind: 'organization', accountIds: [], regions: ['us-east-1'] },
      statuses: [
        status('o-a1b2c3d4e5', { region: 'eu-west-1', status: 'FAILED', errorCode: 'OrganizationAccessDeniedException', errorMessage: 'denied' }),
        status(C, { status: 'OUTDATED' }),
      ],
      accountsWithData: new Set([A]),
      readFailures: new Map(),
      ruleRegions: new Set(['us-east-1']),
    });

    expect(coverage.accounts).toEqual([A, C]);
    expect(coverage.missing).toEqual([
      { accountId: C, reason: 'no rule results and no recorded IAM server certificates in the aggregator; aggregation OUTDATED in us-east-1 (last update 2026-11-23T10:00:00Z)' },
    ]);
    expect(coverage.notes[0]).toBe('Aggregates an organization, regions us-east-1.');
    expect(coverage.notes[1]).toMatch(/^Organization aggregator: Config does not list the organization's accounts/);
    expect(coverage.notes[2]).toBe(
      'Organization source o-a1b2c3d4e5: aggregation FAILED in eu-west-1 (last update 2026-11-23T10:00:00Z): OrganizationAccessDeniedException: denied; accounts\' data from there may be missing or old.',
    );
  });
});
