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
      accountsReporting: new Set([A, B]),
      organization: undefined,
      unevaluated: new Map(),
      asked: undefined,
      readFailures: new Map([[B, 'iam-server-certificate-expired in us-east-1: ThrottlingException: Rate exceeded']]),
      ruleRegions: new Set(['us-east-1']),
    });

    expect(coverage.accounts).toEqual([A, B, C]);
    expect(coverage.missing).toEqual([
      { accountId: B, reason: 'iam-server-certificate-expired in us-east-1: ThrottlingException: Rate exceeded' },
      { accountId: C, reason: "no result of the deployment's rules and no recorded IAM server certificates in the aggregator, nor any source status" },
    ]);
    expect(coverage.notes).toEqual(['Aggregates 3 listed accounts, regions eu-west-1, us-east-1.']);
    expect(coverage.verdict).toEqual({ verified: true, basis: 'the 3 accounts the aggregator lists' });
  });

  it('lists an account with data whose source FAILED in a region the rules report from, and notes OUTDATED accounts with data without calling them missing', () => {
    const coverage = aggregateCoverage({
      sources: { kind: 'accounts', accountIds: [A, B], regions: 'all' },
      statuses: [status(A, { status: 'FAILED', errorCode: 'AccessDeniedException', errorMessage: undefined }), status(B, { status: 'OUTDATED' })],
      accountsReporting: new Set([A, B]),
      organization: undefined,
      unevaluated: new Map(),
      asked: undefined,
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
      accountsReporting: new Set([A, B]),
      organization: undefined,
      unevaluated: new Map(),
      asked: undefined,
      readFailures: new Map(),
      ruleRegions: new Set(['us-east-1']),
    });

    expect(coverage.missing).toEqual([]);
    expect(coverage.notes).toContain('Aggregation FAILED in ap-east-1 for 2 accounts, a region the rules do not report from: nothing in this report comes from there.');
  });

  it('for an organization aggregator whose accounts AWS Organizations would not list: counts accounts from data and statuses, calls the coverage unverified, and reports an organization-wide failure', () => {
    const coverage = aggregateCoverage({
      sources: { kind: 'organization', accountIds: [], regions: ['us-east-1'] },
      statuses: [
        status('o-a1b2c3d4e5', { region: 'eu-west-1', status: 'FAILED', errorCode: 'OrganizationAccessDeniedException', errorMessage: 'denied' }),
        status(C, { status: 'OUTDATED' }),
      ],
      accountsReporting: new Set([A]),
      organization: { readable: false, reason: 'AccessDeniedException: denied' },
      unevaluated: new Map(),
      asked: undefined,
      readFailures: new Map(),
      ruleRegions: new Set(['us-east-1']),
    });

    expect(coverage.accounts).toEqual([A, C]);
    expect(coverage.missing).toEqual([
      { accountId: C, reason: "no result of the deployment's rules and no recorded IAM server certificates in the aggregator; aggregation OUTDATED in us-east-1 (last update 2026-11-23T10:00:00Z)" },
    ]);
    expect(coverage.verdict).toEqual({
      verified: false,
      reason: "Config does not list an organization's accounts, and AWS Organizations' list could not be read (AccessDeniedException: denied), so accounts that sent nothing cannot be counted",
    });
    expect(coverage.notes[0]).toBe('Aggregates an organization, regions us-east-1.');
    expect(coverage.notes[1]).toMatch(/^Organization aggregator: Config does not list the organization's accounts and AWS Organizations could not be read.*coverage unverified/);
    expect(coverage.notes[2]).toBe(
      'Organization source o-a1b2c3d4e5: aggregation FAILED in eu-west-1 (last update 2026-11-23T10:00:00Z): OrganizationAccessDeniedException: denied; accounts\' data from there may be missing or old.',
    );
  });

  it('for an organization aggregator AWS Organizations lists: every ACTIVE account that sent nothing is missing, inactive ones are not expected, and the count is verified', () => {
    const D = '444444444444';
    const E = '555555555555';
    const coverage = aggregateCoverage({
      sources: { kind: 'organization', accountIds: [], regions: ['us-east-1'] },
      statuses: [],
      organization: {
        readable: true,
        accounts: [
          { id: A, state: 'ACTIVE' },
          { id: B, state: 'ACTIVE' },
          // No state given at all: may be active, so expected.
          { id: C, state: undefined },
          { id: D, state: 'SUSPENDED' },
          { id: E, state: 'PENDING_CLOSURE' },
        ],
      },
      accountsReporting: new Set([A, D]),
      unevaluated: new Map(),
      readFailures: new Map(),
      ruleRegions: new Set(['us-east-1']),
      asked: 'asked for iam-server-certificate-expired, iam-server-certificate-expiring in us-east-1 directly: no result',
    });

    expect(coverage.accounts).toEqual([A, B, C, D]);
    expect(coverage.missing).toEqual([B, C].map((accountId) => ({
      accountId,
      reason:
        "no result of the deployment's rules and no recorded IAM server certificates in the aggregator, nor any source status (asked for iam-server-certificate-expired, iam-server-certificate-expiring in us-east-1 directly: no result)",
    })));
    expect(coverage.verdict).toEqual({ verified: true, basis: 'the 3 ACTIVE accounts AWS Organizations lists (ListAccounts)' });
    expect(coverage.notes).toContain(
      "Organization aggregator: Config does not list the organization's accounts; they were compared with AWS Organizations (ListAccounts: 3 ACTIVE accounts), and every ACTIVE account that sent nothing is listed as missing.",
    );
    expect(coverage.notes).toContain(`Results from 1 account AWS Organizations does not list as ACTIVE (kept in the report): ${D} (SUSPENDED).`);
  });

  it('lists an account whose recorded certificates the rules did not judge, with or without other results', () => {
    const coverage = aggregateCoverage({
      sources: { kind: 'accounts', accountIds: [A, B], regions: ['us-east-1'] },
      statuses: [],
      organization: undefined,
      accountsReporting: new Set([A]),
      unevaluated: new Map([
        [A, { unevaluated: 1, recorded: 3 }],
        [B, { unevaluated: 2, recorded: 2 }],
      ]),
      readFailures: new Map(),
      ruleRegions: new Set(['us-east-1']),
      asked: undefined,
    });

    expect(coverage.missing).toEqual([
      { accountId: A, reason: "1 of 3 recorded IAM server certificates with no result of the deployment's rules (NOT_EVALUATED)" },
      { accountId: B, reason: "2 recorded IAM server certificates, but no result of the deployment's rules at all (are the rules deployed there?)" },
    ]);
  });
});
