import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/run-cli';
import type { AggregateEvaluation, AggregateReader, RuleInstance, SourceStatus } from '../../../src/adapters/config-aggregate-types';
import { evaluateCertificate } from '../../../src/core/evaluate-certificate';
import { cert, fakeEnvironment, NOW } from '../fake-environment';

const DAY = 86_400_000;
const RULES = ['iam-server-certificate-expired', 'iam-server-certificate-expiring'] as const;

/** Beyond the accounts with data: more accounts the aggregator lists, and its sources' status. */
interface AggregatorExtras {
  readonly listedWithoutData?: readonly string[];
  readonly statuses?: readonly SourceStatus[];
}

/**
 * An account aggregator over `accounts` (plus `listedWithoutData`), each with
 * one certificate `daysLeft` away; `failing` accounts throw.
 */
function fakeAggregator(accounts: readonly string[], daysLeft: number, failing: readonly string[] = [], extras: AggregatorExtras = {}) {
  let inFlight = 0;
  const stats = { peak: 0, calls: 0 };
  const reader: AggregateReader = {
    sources: async () => ({ kind: 'accounts', accountIds: [...accounts, ...(extras.listedWithoutData ?? [])], regions: ['us-east-1'] }),
    sourceStatuses: async () => [...(extras.statuses ?? [])],
    ruleInstances: async () => accounts.flatMap((accountId) => RULES.map((ruleName) => ({ ruleName, accountId, region: 'us-east-1' }))),
    evaluations: async (_aggregator: string, instance: RuleInstance): Promise<AggregateEvaluation[]> => {
      stats.calls += 1;
      inFlight += 1;
      stats.peak = Math.max(stats.peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      if (failing.includes(instance.accountId)) throw new Error('AccessDeniedException: not authorized');
      // Config answers an empty list for a rule an account does not have.
      if (!accounts.includes(instance.accountId)) return [];
      const verdict = evaluateCertificate({ name: `c-${instance.accountId}`, expiration: new Date(NOW.getTime() + daysLeft * DAY) }, NOW, {
        daysToExpiration: instance.ruleName.endsWith('expiring') ? 30 : 0,
      });
      return [
        {
          ...instance,
          resourceType: 'AWS::IAM::ServerCertificate',
          resourceId: `ASCA${instance.accountId}`,
          complianceType: verdict.complianceType,
          annotation: verdict.annotation,
          recordedAt: NOW,
          invokedAt: NOW,
        },
      ];
    },
    certificates: async () => accounts.map((accountId) => ({ accountId, region: 'us-east-1', resourceId: `ASCA${accountId}`, resourceName: `c-${accountId}` })),
  };
  return { reader, stats };
}

const accounts = (count: number): string[] => Array.from({ length: count }, (_, index) => String(100000000000 + index));

describe('report --aggregator', () => {
  it('reads every account within --concurrency, reports progress on stderr, and exits 2 on an expired certificate', async () => {
    const { reader, stats } = fakeAggregator(accounts(50), -2);
    const fake = fakeEnvironment({ aggregates: reader });

    const code = await runCli(['report', '--aggregator', 'org', '--concurrency', '5'], fake.environment);

    expect(code).toBe(2);
    expect(stats.calls).toBe(100);
    expect(stats.peak).toBe(5);
    const lines = fake.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 50 + 1 + 1);
    expect(lines.at(-2)).toBe('NOTE Aggregates 50 listed accounts, regions us-east-1.');
    expect(fake.stdout()).toContain('50 of 50 accounts read');
    expect(fake.stderr()).toContain('fetching 100 rule results in 50 accounts, 5 at a time');
    expect(fake.stderr()).toContain('rule results 100/100\n');
  });

  it('lists an account that failed as missing, keeps the others, and exits 1', async () => {
    const { reader } = fakeAggregator(accounts(3), 100, ['100000000001']);
    const fake = fakeEnvironment({ aggregates: reader });

    const code = await runCli(['report', '--aggregator', 'org', '--html', 'org.html'], fake.environment);

    expect(code).toBe(1);
    expect(fake.stdout()).toContain('MISSING 100000000001: iam-server-certificate-expi');
    expect(fake.stdout()).toContain('AccessDeniedException: not authorized');
    expect(fake.stdout()).toContain('2 of 3 accounts read');
    expect(fake.stderr()).toContain('1 of 3 accounts could not be read and are listed as missing');
    expect(fake.written.get('org.html')).toContain('<h2>Missing accounts (1)</h2>');
  });

  it('lists an account whose source FAILED and that sent no data as missing, and counts it in the coverage', async () => {
    const [a, b, c] = accounts(3) as [string, string, string];
    const failed: SourceStatus = {
      sourceId: c,
      region: 'us-east-1',
      status: 'FAILED',
      updatedAt: new Date('2026-11-22T08:00:00Z'),
      errorCode: 'AuthorizationNotFoundException',
      errorMessage: 'The source account has not authorized the aggregator account.',
    };
    const succeeded = (sourceId: string): SourceStatus => ({ ...failed, sourceId, status: 'SUCCEEDED', errorCode: undefined, errorMessage: undefined });
    const { reader } = fakeAggregator([a, b], 100, [], { listedWithoutData: [c], statuses: [succeeded(a), succeeded(b), failed] });
    const fake = fakeEnvironment({ aggregates: reader });

    const code = await runCli(['report', '--aggregator', 'org', '--html', 'org.html'], fake.environment);

    expect(code).toBe(1);
    expect(fake.stdout()).toContain(
      `MISSING ${c}: aggregation FAILED in us-east-1 (last update 2026-11-22T08:00:00Z): AuthorizationNotFoundException: The source account has not authorized the aggregator account.; no result of the deployment's rules and no recorded IAM server certificates in the aggregator (asked for iam-server-certificate-expired, iam-server-certificate-expiring in us-east-1 directly: no result)\n`,
    );
    expect(fake.stdout()).toContain('2 of 3 accounts read\n');
    expect(fake.stderr()).toContain('1 of 3 accounts could not be read and are listed as missing');
    const html = fake.written.get('org.html') ?? '';
    expect(html).toContain('<span id="account-count">2 of 3</span>');
    expect(html).toContain(`<li><span class="account">${c}</span>: aggregation FAILED in us-east-1`);
  });

  it('fails, naming the aggregator, when neither rule has results there', async () => {
    const fake = fakeEnvironment();

    const code = await runCli(['report', '--aggregator', 'org'], fake.environment);

    expect(code).toBe(1);
    expect(fake.stderr()).toMatch(/Config aggregator org has no results of iam-server-certificate-expired or iam-server-certificate-expiring \(under that name, as OrgConfigRule-<name>-<suffix>, or as <name>-conformance-pack-<suffix>\)/);
    expect(fake.stdout()).toBe('');
  });

  it('writes JSON with the coverage for scripts', async () => {
    const { reader } = fakeAggregator(accounts(2), 10);
    const fake = fakeEnvironment({ aggregates: reader });

    expect(await runCli(['report', '--aggregator', 'org', '--json'], fake.environment)).toBe(0);
    const report = JSON.parse(fake.stdout()) as { accounts: string[]; missing: unknown[]; certificates: { state: string; daysLeft: number }[]; generatedAt: string };
    expect(report.accounts).toEqual(accounts(2));
    expect(report.missing).toEqual([]);
    expect(report.certificates.map((row) => [row.state, row.daysLeft])).toEqual([['expiring', 10], ['expiring', 10]]);
    expect(report.generatedAt).toBe('2026-11-23T12:00:00Z');
  });

  it.each([
    [['--aggregator', 'bad name'], /--aggregator must be a Config aggregator name/],
    [['--aggregator', 'org', '--csv'], /--csv is not available with --aggregator/],
    [['--aggregator', 'org', '--regions', 'us-east-1'], /--aggregator reads Config results only/],
    [['--aggregator', 'org', '--concurrency', '0'], /--concurrency must be a whole number from 1 to 64, got "0"/],
    [['--aggregator', 'org', '--concurrency', '65'], /--concurrency must be a whole number from 1 to 64/],
    [['--concurrency', '4'], /--concurrency applies to --aggregator only/],
    [['--aggregator', 'org', '--conformance-pack', 'p', '--expired-rule', 'x'], /--conformance-pack cannot be combined with --expired-rule\/--expiring-rule/],
    [['--aggregator', 'org', '--expiring-rule', 'y', '--conformance-pack', 'p'], /--conformance-pack cannot be combined with --expired-rule\/--expiring-rule/],
    [['--html', ''], /--html needs a file name/],
  ])('rejects %p', async (args, message) => {
    const fake = fakeEnvironment();

    expect(await runCli(['report', ...args], fake.environment)).toBe(252);
    expect(fake.stderr()).toMatch(message);
  });
});

describe('report --conformance-pack with --expired-rule or --expiring-rule', () => {
  it('is documented as refused, in report --help and in docs/cli.md’s exit code 252 row', async () => {
    const fake = fakeEnvironment();
    expect(await runCli(['report', '--help'], fake.environment)).toBe(0);
    expect(fake.stdout().replace(/\s+/g, ' ')).toContain('not with --expired-rule/--expiring-rule');
    const docs = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'cli.md'), 'utf8');
    const row = docs.split('\n').find((line) => line.startsWith('| 252 |')) ?? '';
    expect(row).toContain('`--conformance-pack` with `--expired-rule` or `--expiring-rule`');
  });
});

describe('report --html (one account)', () => {
  it('writes the table as a self-contained page, names escaped, and still prints the text table', async () => {
    const fake = fakeEnvironment({ certificates: [cert('<b>evil</b>', 5), cert('www', 200)] });

    expect(await runCli(['report', '--no-usage', '--html', 'out/report.html'], fake.environment)).toBe(0);

    const html = fake.written.get('out/report.html') ?? '';
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('&#60;b&#62;evil&#60;/b&#62;');
    expect(html).not.toContain('<b>evil</b>');
    expect(html).not.toMatch(/\b(?:src|href)\s*=/);
    expect(html).toContain('IAM in account 123456789012');
    expect(fake.stdout()).toMatch(/^ACCOUNT\s+NAME\s+ID/);
    expect(fake.stderr()).toContain('wrote HTML report to out/report.html');
  });
});
