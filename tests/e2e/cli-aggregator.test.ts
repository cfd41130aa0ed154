import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, runCliProcess, standInCliEnvironment, type CliRun } from '../support/bundle/build-cli';
import { fleetAccount, fleetSeed, FLEET_RULES } from '../support/aggregator-fleet';
import { StandIn } from '../support/stand-in/stand-in';

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
    standIn.seedAggregator('org', fleetSeed({ accounts: ACCOUNTS, certificatesPerAccount: PER_ACCOUNT, now: new Date(), extraInFirstAccount: EXTRA, unreadableAccounts: [unreadable] }));
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
    expect(lines.at(-2)).toMatch(new RegExp(`^MISSING ${unreadable}: iam-server-certificate-expi`));
    expect(lines.at(-1)).toBe(`${ACCOUNTS - 1} of ${ACCOUNTS} accounts read`);
  }, 60_000);

  it('fails loudly, naming the aggregator, when it does not exist', async () => {
    const run = await cli('report', '--aggregator', 'no-such');

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/NoSuchConfigurationAggregatorException|configuration aggregator no-such does not exist/);
    expect(run.stdout).toBe('');
  });
});
