import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../scripts/cli-bundle';
import { runCliProcess, standInCliEnvironment, type CliRun } from '../support/bundle/cli-process';
import { fleetAccount, fleetSeed, FLEET_ORGANIZATION_RULES, FLEET_RULES } from '../support/aggregator-fleet';
import { StandIn } from '../support/stand-in/stand-in';
import type { AggregatorSeed } from '../support/stand-in/aggregator-service';
import { DEFAULT_CONFORMANCE_PACK } from '../../src/core/deployed-rule-names';

const ACCOUNTS = 600;
const PER_ACCOUNT = 2;
const EXTRA = 120;

/**
 * The built CLI in its own process reading a Config aggregator of 600
 * accounts on the stand-in: every listing pages (1,200 rule deployments > the
 * 1,000 per page of DescribeAggregateComplianceByConfigRules; 122 results in
 * one account > 100 per page of the details call; 1,320 resources > 100 per
 * page of ListAggregateDiscoveredResources), and one account fails.
 */
describe('iam-cert-expiry report --aggregator against the stand-in', () => {
  let standIn: StandIn;
  let directory: string;
  let cliPath: string;
  const unreadable = fleetAccount(17);

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'cli-aggregator-'));
    cliPath = join(directory, 'cli.js');
    [standIn] = await Promise.all([StandIn.start(), buildCli(cliPath)]);
  });
  afterAll(async () => {
    await standIn.stop();
    rmSync(directory, { recursive: true, force: true });
  });
  beforeEach(() => {
    standIn.reset();
    standIn.seedAggregator(
      'org',
      fleetSeed({ accounts: ACCOUNTS, certificatesPerAccount: PER_ACCOUNT, now: new Date(), extraInFirstAccount: EXTRA, unreadableAccounts: [unreadable], listedAccounts: 'fleet' }),
    );
  });

  function cli(...args: string[]): Promise<CliRun> {
    return runCliProcess(cliPath, args, standInCliEnvironment(standIn, directory));
  }

  it('lists every certificate of every readable account, names the failed account as missing and exits 1', async () => {
    const html = join(directory, 'org.html');
    const run = await cli('report', '--aggregator', 'org', '--json', '--html', html, '--concurrency', '16');

    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      accounts: string[];
      missing: { accountId: string; reason: string }[];
      rules: string[];
      ruleWindows: number[];
      certificates: { accountId: string; name: string; state: string; compliance: string; expiration: string | null; lastEvaluated: string | null }[];
    };
    expect(report.accounts).toHaveLength(ACCOUNTS);
    expect(report.missing).toEqual([{ accountId: unreadable, reason: expect.stringContaining('InternalFailure') }]);
    expect(report.rules).toEqual(FLEET_RULES.map((rule) => rule.name).sort());
    expect(report.ruleWindows).toEqual([30]);
    // Every recorded certificate has a row; the unreadable account's come from the inventory, NOT_EVALUATED.
    expect(report.certificates).toHaveLength(ACCOUNTS * PER_ACCOUNT + EXTRA);
    const missingRows = report.certificates.filter((row) => row.accountId === unreadable);
    expect(missingRows.map((row) => row.compliance)).toEqual(['NOT_EVALUATED', 'NOT_EVALUATED']);
    const evaluated = report.certificates.filter((row) => row.accountId !== unreadable);
    expect(evaluated.every((row) => row.expiration !== undefined && row.lastEvaluated !== undefined)).toBe(true);
    expect(evaluated.filter((row) => row.accountId === fleetAccount(0))).toHaveLength(PER_ACCOUNT + EXTRA);
    expect(new Set(evaluated.map((row) => row.state))).toEqual(new Set(['expired', 'expiring', 'valid']));
    // 1,200 deployments, one page each, +2 second pages for account 0, +2 retries (AWS_MAX_ATTEMPTS=2) for the failed account.
    expect(standIn.calls.countOf('GetAggregateComplianceDetailsByConfigRule')).toBe(ACCOUNTS * 2 + 2 + 2);
    expect(standIn.calls.countOf('DescribeAggregateComplianceByConfigRules')).toBe(2);
    expect(standIn.calls.countOf('DescribeConfigurationAggregators')).toBe(1);
    // 600 accounts × 1 region of status: 6 pages of 100.
    expect(standIn.calls.countOf('DescribeConfigurationAggregatorSourcesStatus')).toBe(6);
    expect(standIn.calls.countOf('ListAggregateDiscoveredResources')).toBe(Math.ceil((ACCOUNTS * PER_ACCOUNT + EXTRA) / 100));
    expect(run.stderr).toMatch(/rule results 1200\/1200 \(2 failed\)/);
    expect(run.stderr).toContain(`1 of ${ACCOUNTS} accounts could not be read`);

    const page = readFileSync(html, 'utf8');
    expect(page).toContain(`<li><span class="account">${unreadable}</span>`);
    expect(page).toContain(`${ACCOUNTS - 1} of ${ACCOUNTS}`);
  }, 60_000);

  it('prints a table ending with the missing account and the coverage', async () => {
    const run = await cli('report', '--aggregator', 'org');

    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT\s+REGION\s+NAME\s+EXPIRES\s+DAYS\s+STATE\s+COMPLIANCE\s+LAST EVALUATED\s+ANNOTATION$/);
    expect(lines.slice(-3)).toEqual([
      expect.stringMatching(new RegExp(`^MISSING ${unreadable}: iam-server-certificate-expi`)),
      `NOTE Aggregates ${ACCOUNTS} listed accounts, all regions (AllAwsRegions).`,
      `${ACCOUNTS - 1} of ${ACCOUNTS} accounts read`,
    ]);
  }, 60_000);

  it('lists a source account that FAILED and sent nothing as missing (2 of 3), and reads organization rules by their member-account names', async () => {
    const [a, b, c] = [fleetAccount(0), fleetAccount(1), fleetAccount(2)];
    const html = join(directory, 'three.html');
    standIn.seedAggregator(
      'three',
      fleetSeed({
        accounts: 2,
        certificatesPerAccount: 3,
        now: new Date(),
        organizationRuleAccounts: [b],
        listedAccounts: { alsoWithoutData: [c] },
        sourceStatuses: [
          { sourceId: a, sourceType: 'ACCOUNT', region: 'us-east-1', status: 'SUCCEEDED' },
          { sourceId: b, sourceType: 'ACCOUNT', region: 'us-east-1', status: 'SUCCEEDED' },
          { sourceId: c, sourceType: 'ACCOUNT', region: 'us-east-1', status: 'FAILED', errorCode: 'AuthorizationNotFoundException', errorMessage: 'The source account has not authorized the aggregator account.' },
        ],
      }),
    );

    const run = await cli('report', '--aggregator', 'three', '--json', '--html', html);

    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { accounts: string[]; missing: { accountId: string; reason: string }[]; rules: string[]; certificates: { accountId: string; compliance: string }[] };
    expect(report.accounts).toEqual([a, b, c]);
    expect(report.missing).toEqual([{ accountId: c, reason: expect.stringMatching(/^aggregation FAILED in us-east-1 \(last update [^)]+\): AuthorizationNotFoundException: The source account has not authorized/) }]);
    expect(report.rules).toEqual([...FLEET_ORGANIZATION_RULES, ...FLEET_RULES].map((rule) => rule.name).sort());
    expect(report.certificates.filter((row) => row.accountId === b).map((row) => row.compliance).every((compliance) => compliance !== 'NOT_EVALUATED')).toBe(true);
    expect(report.certificates.filter((row) => row.accountId === b)).toHaveLength(3);
    expect(run.stderr).toContain('1 of 3 accounts could not be read');
    expect(readFileSync(html, 'utf8')).toContain('<span id="account-count">2 of 3</span>');
  }, 60_000);

  it('does not let a member account\'s own rule turn its expired certificate green (exit 2, the look-alike named)', async () => {
    const now = new Date();
    const seed = fleetSeed({ accounts: 1, certificatesPerAccount: 1, now, listedAccounts: 'fleet' });
    const [real] = seed.results;
    // The member's own rule, named like the warning rule, answers COMPLIANT "Valid until 2099", after the real rules ran.
    const forged = { ...real!, ruleName: 'iam-server-certificate-expiring-v2', complianceType: 'COMPLIANT' as const, annotation: 'Valid until 2099-12-31T00:00:00Z (26000 days left); outside the 30-day window.', recordedAt: now };
    standIn.seedAggregator('forged', { ...seed, results: [...seed.results, forged] });

    const run = await cli('report', '--aggregator', 'forged');

    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(new RegExp(`^${fleetAccount(0)}\\s+us-east-1\\s+cert-0-0\\s+\\S+\\s+-40\\s+expired\\s+NON_COMPLIANT`, 'm'));
    expect(run.stdout).toContain(`: iam-server-certificate-expiring-v2 in ${fleetAccount(0)} us-east-1.\n`);
    expect(standIn.calls.all().filter((call) => call.operation === 'GetAggregateComplianceDetailsByConfigRule')).toHaveLength(2);
  }, 60_000);

  describe('an organization aggregator', () => {
    const [a, b, c, d] = [fleetAccount(0), fleetAccount(1), fleetAccount(2), fleetAccount(3)];

    /** Accounts a and b hold certificates; c has none, so its rules' only results are the account-level NOT_APPLICABLE; d sent nothing. */
    function organizationSeed(): AggregatorSeed {
      const seed = fleetSeed({ accounts: 2, certificatesPerAccount: 1, now: new Date() });
      const accountLevel = FLEET_RULES.map((rule) => ({
        ruleName: rule.name,
        accountId: c,
        region: 'us-east-1',
        resourceType: 'AWS::::Account',
        resourceId: c,
        complianceType: 'NOT_APPLICABLE' as const,
        annotation: 'No IAM server certificates in this account.',
        recordedAt: new Date(),
      }));
      return { ...seed, results: [...seed.results, ...accountLevel], regions: ['us-east-1'] };
    }

    /** The organization conformance pack that deploys FLEET_RULES, under the name the docs deploy it with, as the administrator (the stand-in's central account) records it. */
    function seedPack(...accounts: string[]): void {
      standIn.account('123456789012').organizationStatus.seedPack({ name: DEFAULT_CONFORMANCE_PACK, members: accounts.map((accountId) => ({ accountId, status: 'CREATE_SUCCESSFUL' as const })) });
    }

    it('compares with AWS Organizations: an ACTIVE account that sent nothing is missing, a suspended one is not expected, one without certificates is covered', async () => {
      standIn.seedAggregator('organization', organizationSeed());
      seedPack(a, b, c, d);
      standIn.seedOrganization({ accounts: [{ id: '123456789012' }, { id: a }, { id: b }, { id: c }, { id: d }, { id: fleetAccount(4), state: 'SUSPENDED' }] });

      const run = await cli('report', '--aggregator', 'organization', '--json');

      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { accounts: string[]; missing: { accountId: string; reason: string }[]; coverage: { verified: boolean; basis: string }; certificates: { accountId: string }[] };
      expect(report.accounts).toEqual([a, b, c, d, '123456789012']);
      // The management account (the stand-in's central account) has no rules here either: missing, as it should be.
      expect(report.missing.map((missing) => missing.accountId)).toEqual([d, '123456789012']);
      expect(report.missing[0]?.reason).toMatch(/no result of the deployment's rules .*asked for iam-server-certificate-expired-conformance-pack-a1b2c3, iam-server-certificate-expiring-conformance-pack-a1b2c3 in us-east-1 directly: no result/);
      expect(report.coverage).toEqual({ verified: true, basis: 'the 5 ACTIVE accounts AWS Organizations lists (ListAccounts)' });
      expect(report.certificates.map((row) => row.accountId)).toEqual(expect.arrayContaining([a, b]));
      expect(report.certificates.some((row) => row.accountId === c)).toBe(false);
      expect(standIn.calls.countOf('ListAccounts')).toBe(1);
    }, 60_000);

    it('says the coverage is unverified and exits 1 when the caller may not list the organization\'s accounts', async () => {
      standIn.seedAggregator('organization', organizationSeed());
      standIn.seedOrganization({ accounts: [{ id: a }, { id: b }, { id: c }, { id: d }] });
      standIn.denyAction('123456789012', 'organizations:ListAccounts');
      seedPack(a, b, c, d);
      const html = join(directory, 'unverified.html');

      const run = await cli('report', '--aggregator', 'organization', '--html', html);

      expect(run.code).toBe(1);
      expect(run.stdout).not.toMatch(/accounts read\n/);
      expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^COVERAGE UNVERIFIED: Config does not list an organization's accounts, and AWS Organizations' list could not be read \(AccessDeniedException: .*organizations:ListAccounts.*\)/);
      expect(run.stderr).toContain('coverage unverified:');
      expect(readFileSync(html, 'utf8')).toContain('<h2>Coverage unverified</h2>');
    }, 60_000);

    /** Account a's certificate (expired 40 days ago) judged by the organization rules; account b's only results come from a rule it created itself under the plain name, saying COMPLIANT. */
    function forgedMemberSeed(): AggregatorSeed {
      const seed = fleetSeed({ accounts: 2, certificatesPerAccount: 1, now: new Date(), organizationRuleAccounts: [a, b] });
      const organizationName = (kind: string): string => `OrgConfigRule-iam-server-certificate-${kind}-${createHash('sha256').update(`iam-server-certificate-${kind}`).digest('hex').slice(0, 8)}`;
      const results = seed.results.map((result) => {
        const kind = result.ruleName.includes('expiring') ? 'expiring' : 'expired';
        if (result.accountId === a) return { ...result, ruleName: organizationName(kind) };
        return { ...result, ruleName: `iam-server-certificate-${kind}`, complianceType: 'COMPLIANT' as const, annotation: 'Valid until 2099-12-31T00:00:00Z (26000 days left); outside the 30-day window.' };
      });
      return { ...seed, results, regions: ['us-east-1'] };
    }

    it('A1: counts only rules the administrator\'s records prove; an account whose only results come from its own plain-named rule is unverified (exit 1)', async () => {
      standIn.seedAggregator('organization', forgedMemberSeed());
      standIn.seedOrganization({ accounts: [{ id: '123456789012' }, { id: a }, { id: b }] });
      for (const kind of ['expired', 'expiring']) {
        standIn.account('123456789012').organizationStatus.seedRule({ name: `iam-server-certificate-${kind}`, members: [{ accountId: a, status: 'CREATE_SUCCESSFUL' }, { accountId: b, status: 'CREATE_FAILED' }] });
      }

      const run = await cli('report', '--aggregator', 'organization', '--json');

      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { missing: { accountId: string; reason: string }[]; certificates: { accountId: string; compliance: string; rule: string }[]; coverageNotes: string[] };
      expect(report.missing.find((missing) => missing.accountId === b)?.reason).toBe(
        "unverified: its only results come from rules not proven to be the deployment's (iam-server-certificate-expired, iam-server-certificate-expiring)",
      );
      expect(report.certificates.filter((row) => row.accountId === b).map((row) => row.compliance)).toEqual(['NOT_EVALUATED']);
      expect(report.certificates.find((row) => row.accountId === a)).toEqual(expect.objectContaining({ compliance: 'NON_COMPLIANT', rule: expect.stringMatching(/^OrgConfigRule-iam-server-certificate-expired-[0-9a-f]{8}$/) }));
      expect(report.coverageNotes.at(-1)).toMatch(/^Unverified: 2 rule deployments named as the deployment's rules but not proven to be its/);
      expect(standIn.calls.countOf('GetOrganizationConfigRuleDetailedStatus')).toBe(2);
    }, 60_000);

    const organizationName = (kind: string): string => `OrgConfigRule-iam-server-certificate-${kind}-${createHash('sha256').update(`iam-server-certificate-${kind}`).digest('hex').slice(0, 8)}`;
    const kindOf = (ruleName: string): string => (ruleName.includes('expiring') ? 'expiring' : 'expired');
    const FOREVER = { complianceType: 'COMPLIANT' as const, annotation: 'Valid until 2099-12-31T00:00:00Z (26000 days left); outside the 30-day window.' };
    /** Both organization rules, deployed by the administrator in `regions` only, to a and b. */
    function seedOrganizationRules(regions: readonly string[]): void {
      for (const kind of ['expired', 'expiring']) {
        standIn.account('123456789012').organizationStatus.seedRule({ name: `iam-server-certificate-${kind}`, regions, members: [{ accountId: a, status: 'CREATE_SUCCESSFUL' }, { accountId: b, status: 'CREATE_SUCCESSFUL' }] });
      }
    }
    const organizationRegions = (operation: string): string[] => [...new Set(standIn.calls.all().filter((call) => call.operation === operation).map((call) => call.signedRegion ?? ''))].sort();

    it('B1: does not count a member\'s rule of the organization rule\'s exact name in a region the organization rule was not deployed in (exit 1)', async () => {
      const seed = fleetSeed({ accounts: 2, certificatesPerAccount: 1, now: new Date(), organizationRuleAccounts: [a, b] });
      const results = seed.results.map((result) => ({ ...result, ruleName: organizationName(kindOf(result.ruleName)), ...(result.accountId === b ? { region: 'eu-west-1', ...FOREVER } : {}) }));
      const resources = seed.resources.map((resource) => (resource.accountId === b ? { ...resource, region: 'eu-west-1' } : resource));
      standIn.seedAggregator('organization', { ...seed, results, resources, regions: ['us-east-1', 'eu-west-1'] });
      standIn.seedOrganization({ accounts: [{ id: a }, { id: b }] });
      seedOrganizationRules(['us-east-1']);

      const run = await cli('report', '--aggregator', 'organization', '--json');

      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { missing: { accountId: string; reason: string }[]; certificates: { accountId: string; compliance: string }[] };
      expect(report.missing.find((missing) => missing.accountId === b)?.reason).toMatch(/^unverified: its only results come from rules not proven to be the deployment's \(OrgConfigRule-iam-server-certificate-expired-/);
      expect(report.certificates.filter((row) => row.accountId === b).map((row) => row.compliance)).toEqual(['NOT_EVALUATED']);
      // Read in each region the report covers, not only the CLI's own.
      expect(organizationRegions('DescribeOrganizationConfigRuleStatuses')).toEqual(['eu-west-1', 'us-east-1']);
    }, 60_000);

    it('B1: an account proven in one region but whose only results in another come from unproven rules is unverified there (exit 1)', async () => {
      const seed = fleetSeed({ accounts: 2, certificatesPerAccount: 1, now: new Date(), organizationRuleAccounts: [a, b] });
      const proven = seed.results.map((result) => ({ ...result, ruleName: organizationName(kindOf(result.ruleName)) }));
      const forged = proven.filter((result) => result.accountId === b).map((result) => ({ ...result, region: 'eu-west-1', resourceId: `${result.resourceId}EU`, ...FOREVER }));
      standIn.seedAggregator('organization', { ...seed, results: [...proven, ...forged], regions: ['us-east-1', 'eu-west-1'] });
      standIn.seedOrganization({ accounts: [{ id: a }, { id: b }] });
      seedOrganizationRules(['us-east-1']);

      const run = await cli('report', '--aggregator', 'organization', '--json');

      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { missing: { accountId: string; reason: string }[] };
      expect(report.missing.map((missing) => missing.accountId)).toEqual([b]);
      expect(report.missing[0]?.reason).toMatch(/^unverified in a region: its only results there come from rules not proven to be the deployment's \(OrgConfigRule-iam-server-certificate-expired-[0-9a-f]{8} in eu-west-1, /);
    }, 60_000);

    /** a's results from the deployment's conformance pack; b's from `<rule>-conformance-pack-zz9memb3r` rules of its own saying COMPLIANT. */
    function memberPackSeed(): AggregatorSeed {
      const seed = fleetSeed({ accounts: 2, certificatesPerAccount: 1, now: new Date() });
      const results = seed.results.map((result) => (result.accountId === b ? { ...result, ruleName: `iam-server-certificate-${kindOf(result.ruleName)}-conformance-pack-zz9memb3r`, ...FOREVER } : result));
      return { ...seed, results, regions: ['us-east-1'] };
    }

    it('B2: only the deployment\'s own conformance pack vouches for pack-named rules: another organization pack reaching the account proves nothing (exit 1)', async () => {
      standIn.seedAggregator('organization', memberPackSeed());
      standIn.seedOrganization({ accounts: [{ id: a }, { id: b }] });
      seedPack(a);
      standIn.account('123456789012').organizationStatus.seedPack({ name: 'operational-best-practices-for-s3', members: [{ accountId: b, status: 'CREATE_SUCCESSFUL' }] });

      const run = await cli('report', '--aggregator', 'organization', '--json');

      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { missing: { accountId: string; reason: string }[]; certificates: { accountId: string; compliance: string }[] };
      expect(report.missing.map((missing) => missing.accountId)).toEqual([b]);
      expect(report.missing[0]?.reason).toMatch(/^unverified: .*iam-server-certificate-expired-conformance-pack-zz9memb3r/);
      expect(report.certificates.filter((row) => row.accountId === b).map((row) => row.compliance)).toEqual(['NOT_EVALUATED']);
      const asked = standIn.calls.all().filter((call) => call.operation === 'GetOrganizationConformancePackDetailedStatus');
      expect(asked.length).toBeGreaterThan(0);
    }, 60_000);

    it('B2: --conformance-pack names the pack whose members count', async () => {
      standIn.seedAggregator('organization', memberPackSeed());
      standIn.seedOrganization({ accounts: [{ id: a }, { id: b }] });
      standIn.account('123456789012').organizationStatus.seedPack({ name: 'certificates', members: [a, b].map((accountId) => ({ accountId, status: 'CREATE_SUCCESSFUL' as const })) });

      const byDefault = await cli('report', '--aggregator', 'organization', '--json');
      const named = await cli('report', '--aggregator', 'organization', '--json', '--conformance-pack', 'certificates');

      expect(byDefault.code).toBe(1);
      const report = JSON.parse(named.stdout) as { missing: { accountId: string }[]; certificates: { accountId: string; compliance: string }[] };
      expect(report.missing).toEqual([]);
      expect(report.certificates.find((row) => row.accountId === b)?.compliance).toBe('COMPLIANT');
    }, 60_000);

    it('A1: counts nothing, and exits 1, when the organization\'s deployments cannot be read; --expired-rule/--expiring-rule name the rules instead', async () => {
      standIn.seedAggregator('organization', forgedMemberSeed());
      standIn.seedOrganization({ accounts: [{ id: a }, { id: b }] });
      standIn.account('123456789012').organizationStatus.administrator = false;

      const refused = await cli('report', '--aggregator', 'organization');

      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/are named as the deployment's but not proven to be its: the organization's rule deployments could not be read \(in us-east-1: OrganizationAccessDeniedException/);
      const named = await cli('report', '--aggregator', 'organization', '--json', '--expired-rule', 'iam-server-certificate-expired', '--expiring-rule', 'iam-server-certificate-expiring');
      const report = JSON.parse(named.stdout) as { certificates: { accountId: string; compliance: string }[] };
      expect(report.certificates.find((row) => row.accountId === b)?.compliance).toBe('COMPLIANT');
    }, 60_000);
  });

  it('lists the exceptions the rules\' annotations name in JSON, text and HTML, and still exits 2 on an expired certificate under one', async () => {
    const now = new Date();
    const day = (offset: number): string => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const [a, b, c] = [fleetAccount(0), fleetAccount(1), fleetAccount(2)];
    standIn.seedAggregator(
      'excepted',
      fleetSeed({
        accounts: 3,
        certificatesPerAccount: 2,
        now,
        listedAccounts: 'fleet',
        tagged: {
          'cert-0-0': { daysLeft: -5, tags: { 'iam-cert-expiry:exception': `${day(20)} CHG-1234 vendor renewal` } },
          'cert-0-1': { daysLeft: 10, tags: { 'iam-cert-expiry:exception': `${day(30)} INC-77 freeze` } },
          'cert-1-0': { daysLeft: 45, tags: { 'iam-cert-expiry:window-days': '60' } },
          'cert-1-1': { daysLeft: 5, tags: { 'iam-cert-expiry:exception': `${day(-10)} CHG-1 old` } },
          'cert-2-0': { daysLeft: 5, tags: { 'iam-cert-expiry:exception': `${day(200)} CHG-2 next year` } },
          'cert-2-1': { daysLeft: 300, tags: {} },
        },
      }),
    );
    const html = join(directory, 'excepted.html');

    const run = await cli('report', '--aggregator', 'excepted', '--json', '--html', html);

    // Every account read, and the expired certificate under an exception still fails the report.
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      missing: unknown[];
      exceptions: { accountId: string; name: string; lastDay: string | null; reason: string | null; standing: string; standingText: string; state: string }[];
      certificates: { name: string; state: string; compliance: string; taggedWindowDays?: number }[];
    };
    expect(report.missing).toEqual([]);
    expect(report.exceptions.map((entry) => [entry.accountId, entry.name, entry.lastDay, entry.standing, entry.reason, entry.state])).toEqual([
      [b, 'cert-1-1', day(-10), 'ignored', null, 'expiring'],
      [a, 'cert-0-0', day(20), 'honoured', 'CHG-1234 vendor renewal', 'expired'],
      [a, 'cert-0-1', day(30), 'honoured', 'INC-77 freeze', 'expiring'],
      [c, 'cert-2-0', day(200), 'ignored', null, 'expiring'],
    ]);
    const certificate = (name: string) => report.certificates.find((row) => row.name === name);
    expect(certificate('cert-0-0')).toMatchObject({ state: 'expired', compliance: 'NON_COMPLIANT' });
    expect(certificate('cert-0-1')).toMatchObject({ state: 'expiring', compliance: 'COMPLIANT' });
    expect(certificate('cert-1-0')).toMatchObject({ state: 'expiring', compliance: 'NON_COMPLIANT', taggedWindowDays: 60 });

    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h2>Exceptions (4)</h2>');
    expect(page).toContain(`<td class="name">cert-0-0</td><td>${day(20)}</td><td>honoured by the warning rule only: still expired (the strict rule, IAM.26, is not waived)</td><td class="reason">CHG-1234 vendor renewal</td>`);
    expect(page).toContain('<p class="exceptions-coverage">Read from the rules&#39; annotations; accounts whose rules run without tagOverrides show no exceptions.');

    const text = await cli('report', '--aggregator', 'excepted');
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`EXCEPTIONS (4; read from the rules' annotations; accounts whose rules run without tagOverrides show no exceptions)\n  ${b} cert-1-1: through ${day(-10)}, ignored: ended\n`);
  }, 60_000);

  it('fails loudly, naming the aggregator, when it does not exist', async () => {
    const run = await cli('report', '--aggregator', 'no-such');

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/NoSuchConfigurationAggregatorException|configuration aggregator no-such does not exist/);
    expect(run.stdout).toBe('');
  });
});
