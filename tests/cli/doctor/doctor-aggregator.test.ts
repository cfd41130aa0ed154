import { createHash } from 'node:crypto';
import type { AggregateResourceSeed, AggregateResultSeed } from '../../support/stand-in/aggregator-service';
import { useStandInThroughSdk } from '../../support/stand-in-through-sdk';
import { ACCOUNT, deployHealthy, EXPIRED, EXPIRING, ROLE_NAME } from './deployment-fixture';
import { runDoctorJson } from './run-doctor';

const NOW = new Date('2026-11-23T12:00:00Z');
const HEALTHY = '100000000001';
const SILENT = '100000000002';
const EMPTY = '100000000003';
const NOT_AGGREGATED = '100000000004';
const CREATE_FAILED = '100000000005';

function results(accountId: string): AggregateResultSeed[] {
  return [EXPIRED, EXPIRING].map((base) => ({
    ruleName: `OrgConfigRule-${base}-dbgzf8ba`,
    accountId,
    region: 'us-east-1',
    resourceId: 'www-2026',
    complianceType: 'COMPLIANT',
    recordedAt: new Date(NOW.getTime() - 3_600_000),
  }));
}

function certificate(accountId: string): AggregateResourceSeed {
  return { accountId, region: 'us-east-1', resourceType: 'AWS::IAM::ServerCertificate', resourceId: 'www-2026', resourceName: 'www-2026' };
}

/**
 * `doctor --aggregator` against the stand-in: an account aggregator over five
 * accounts, each broken a different way, and organization rules deployed
 * from the central account.
 */
describe('doctor --aggregator against the stand-in', () => {
  const { standIn } = useStandInThroughSdk(() => {
    process.env['AWS_MAX_ATTEMPTS'] = '1';
  });

  beforeEach(() => {
    deployHealthy(standIn(), NOW, { central: true });
    standIn().seedAggregator('org', {
      accountIds: [HEALTHY, SILENT, EMPTY, NOT_AGGREGATED, CREATE_FAILED],
      regions: ['us-east-1'],
      results: [...results(HEALTHY), ...results(NOT_AGGREGATED)],
      resources: [certificate(HEALTHY), certificate(SILENT)],
      sourceStatuses: [
        ...[HEALTHY, SILENT, EMPTY, CREATE_FAILED].map((sourceId) => ({ sourceId, sourceType: 'ACCOUNT' as const, region: 'us-east-1', status: 'SUCCEEDED' as const })),
        { sourceId: NOT_AGGREGATED, sourceType: 'ACCOUNT', region: 'us-east-1', status: 'FAILED', errorCode: 'AccessDeniedException', errorMessage: 'The aggregator is not authorized to collect data from this account.' },
      ],
    });
    const organization = standIn().account(ACCOUNT).organizationStatus;
    for (const base of [EXPIRED, EXPIRING]) {
      organization.seedRule({
        name: base,
        members: [
          ...[HEALTHY, SILENT, EMPTY, NOT_AGGREGATED].map((accountId) => ({ accountId, status: 'CREATE_SUCCESSFUL' as const })),
          { accountId: CREATE_FAILED, status: 'CREATE_FAILED', errorCode: 'NoAvailableConfigurationRecorderException', errorMessage: 'There are no configuration recorders available to provide the configuration.' },
        ],
      });
    }
    standIn().allowAssumeRole(`arn:aws:iam::${HEALTHY}:role/${ROLE_NAME}`);
  });

  const doctor = (...args: string[]) => doctorOn('org', ...args);
  const doctorOn = (aggregator: string, ...args: string[]) => runDoctorJson(['--aggregator', aggregator, ...args], NOW);

  it('lists each failing account with its reason, the unconfirmed ones apart, and exits 2', async () => {
    const { code, report } = await doctor();

    expect(code).toBe(2);
    const byId = new Map(report.checks.map((item) => [item.id, item]));
    expect(byId.get('aggregator')?.status).toBe('ok');
    expect(byId.get('accounts')).toMatchObject({ status: 'fail', detail: expect.stringContaining('5 account(s) known to aggregator org: 3 failing, 1 unconfirmed, 1 fine.') });
    expect(byId.get(`account:${SILENT}`)?.detail).toContain(`no result of ${EXPIRED}, though Config recorded 1 AWS::IAM::ServerCertificate there: the rule is missing or silent`);
    expect(byId.get(`account:${NOT_AGGREGATED}`)?.detail).toContain('aggregation FAILED in us-east-1');
    expect(byId.get(`account:${NOT_AGGREGATED}`)?.detail).toContain('AccessDeniedException: The aggregator is not authorized to collect data from this account.');
    expect(byId.get(`account:${CREATE_FAILED}`)?.detail).toContain(`${EXPIRED}: CREATE_FAILED: NoAvailableConfigurationRecorderException: There are no configuration recorders available`);
    expect(byId.has(`account:${HEALTHY}`)).toBe(false);
    expect(byId.get('accounts-unconfirmed')).toMatchObject({ status: 'warn', detail: expect.stringContaining(`${EMPTY}: no result of ${EXPIRED}; no result of ${EXPIRING}`) });
    expect(byId.get(`organization-rule:${EXPIRED}`)).toMatchObject({ status: 'fail', detail: expect.stringContaining('4 CREATE_SUCCESSFUL, 1 CREATE_FAILED') });
    expect(byId.get('organization-pack')).toMatchObject({ status: 'skipped', detail: expect.stringContaining('no organization conformance pack named iam-server-certificate-expiry') });
    // The member role: assumed where it exists and trusts the caller, refused elsewhere: a mix, so a warning naming the refused accounts.
    expect(byId.get('member-role')).toMatchObject({ status: 'warn', detail: expect.stringContaining(`refused in: ${SILENT}, ${EMPTY}, ${NOT_AGGREGATED}, ${CREATE_FAILED}`) });
    expect(standIn().callCounts()['AssumeRole']).toBe(5);
  });

  it('passes every account when all of them report, and skips the organization checks it cannot read from a member account', async () => {
    standIn().seedAggregator('org', { accountIds: [HEALTHY], regions: ['us-east-1'], results: results(HEALTHY), resources: [certificate(HEALTHY)] });
    standIn().account(ACCOUNT).organizationStatus.administrator = false;

    const { code, report } = await doctor();

    const byId = new Map(report.checks.map((item) => [item.id, item]));
    expect(byId.get('accounts')).toMatchObject({ status: 'ok', detail: expect.stringContaining('1 account(s) known to aggregator org: 0 failing, 0 unconfirmed, 1 fine.') });
    expect(byId.get('organization-rule')).toMatchObject({ status: 'skipped', detail: expect.stringContaining('needs config:DescribeOrganizationConfigRuleStatuses, in the management account') });
    expect(byId.get('member-role')?.status).toBe('ok');
    expect(report.checks.filter((item) => item.status === 'fail')).toEqual([]);
    expect(code).toBe(0);
  });

  it('reads the organization conformance packs it is told about, member by member', async () => {
    standIn().account(ACCOUNT).organizationStatus.seedPack({ name: 'certificates', members: [{ accountId: HEALTHY, status: 'UPDATE_IN_PROGRESS' }] });

    const { report } = await doctor('--conformance-pack', 'certificates');

    expect(report.checks.find((item) => item.id === 'organization-pack:certificates')).toMatchObject({ status: 'warn', detail: expect.stringContaining('1 UPDATE_IN_PROGRESS') });
  });

  it('fails the aggregator and accounts checks, and calls no account fine, when the aggregator cannot be read', async () => {
    const { code, report } = await doctorOn('nope');

    expect(code).toBe(2);
    expect(report.checks.find((item) => item.id === 'aggregator')).toMatchObject({ status: 'fail', detail: expect.stringContaining('NoSuchConfigurationAggregatorException') });
    // The organization rules still name five accounts; one failed to create the rule, the others cannot be judged.
    const accounts = report.checks.find((item) => item.id === 'accounts');
    expect(accounts).toMatchObject({ status: 'fail', detail: expect.stringContaining('5 account(s) known to aggregator nope, 1 failing; the others cannot be judged') });
    expect(accounts?.detail).not.toContain('fine');
  });
});

/**
 * `doctor --aggregator` over an organization aggregator, which names no
 * account: it must compare with AWS Organizations and prove each member's
 * rules, as `report --aggregator` does, or fail.
 */
describe('doctor --aggregator over an organization aggregator, against the stand-in', () => {
  const { standIn } = useStandInThroughSdk(() => {
    process.env['AWS_MAX_ATTEMPTS'] = '1';
  });
  // The name the stand-in's organization rule has in a member account (organization-status-service.ts).
  const deployedName = (base: string) => `OrgConfigRule-${base}-${createHash('sha256').update(base).digest('hex').slice(0, 8)}`;
  const FORGED = '100000000006';
  const resultsOf = (accountId: string, name: (base: string) => string) =>
    [EXPIRED, EXPIRING].map((base) => ({ ruleName: name(base), accountId, region: 'us-east-1', resourceId: 'www-2026', complianceType: 'COMPLIANT' as const, recordedAt: new Date(NOW.getTime() - 3_600_000) }));

  beforeEach(() => {
    deployHealthy(standIn(), NOW, { central: true });
    standIn().seedAggregator('organization', { regions: ['us-east-1'], results: resultsOf(HEALTHY, deployedName), resources: [certificate(HEALTHY)] });
    for (const base of [EXPIRED, EXPIRING]) standIn().account(ACCOUNT).organizationStatus.seedRule({ name: base, members: [{ accountId: HEALTHY, status: 'CREATE_SUCCESSFUL' }] });
  });

  const doctor = () => runDoctorJson(['--aggregator', 'organization'], NOW);

  it('passes when every ACTIVE account of the organization reports through proven rules', async () => {
    standIn().seedOrganization({ accounts: [{ id: HEALTHY }, { id: SILENT, state: 'SUSPENDED' }] });

    const { report } = await doctor();

    expect(report.checks.find((item) => item.id === 'accounts')).toMatchObject({ status: 'ok', detail: expect.stringContaining('Compared with AWS Organizations: 1 ACTIVE account(s)') });
  });

  it('fails an ACTIVE account that never sent data', async () => {
    standIn().seedOrganization({ accounts: [{ id: HEALTHY }, { id: SILENT }] });

    const { code, report } = await doctor();

    expect(code).toBe(2);
    expect(report.checks.find((item) => item.id === 'accounts')?.status).toBe('fail');
    expect(report.checks.find((item) => item.id === `account:${SILENT}`)?.detail).toContain('AWS Organizations lists it as ACTIVE, but the aggregator has nothing from it');
  });

  it('fails the accounts check, coverage unverified, when AWS Organizations’ account list cannot be read', async () => {
    const { code, report } = await doctor();

    expect(code).toBe(2);
    const accounts = report.checks.find((item) => item.id === 'accounts');
    expect(accounts).toMatchObject({ status: 'fail', detail: expect.stringContaining('coverage unverified: ') });
    expect(accounts?.detail).toContain('AWSOrganizationsNotInUseException');
    expect(accounts?.remedy).toContain('management account or a delegated administrator');
  });

  it('does not trust a member account’s rule for its name alone', async () => {
    standIn().seedOrganization({ accounts: [{ id: HEALTHY }, { id: FORGED }] });
    standIn().seedAggregator('organization', {
      regions: ['us-east-1'],
      results: [...resultsOf(HEALTHY, deployedName), ...resultsOf(FORGED, (base) => `OrgConfigRule-${base}-forged00`)],
      resources: [certificate(HEALTHY), certificate(FORGED)],
    });

    const { code, report } = await doctor();

    expect(code).toBe(2);
    expect(report.checks.find((item) => item.id === 'accounts')?.status).toBe('fail');
    expect(report.checks.some((item) => item.id === `account:${HEALTHY}`)).toBe(false);
    expect(report.checks.find((item) => item.id === `account:${FORGED}`)?.detail).toContain(`results of ${EXPIRED} only from rules not proven to be the deployment's (OrgConfigRule-${EXPIRED}-forged00 in us-east-1)`);
  });
});
