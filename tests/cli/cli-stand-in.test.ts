import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsServices, type CliEnvironment } from '../../src/cli/cli-dependencies';
import { runCli } from '../../src/cli/run-cli';
import { StandIn } from '../support/stand-in/stand-in';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;

/**
 * The CLI in-process with its real AWS wiring (SDK clients, credential chain,
 * endpoints from the environment) against the local stand-in, which answers
 * IAM, ELB, ELBv2 and CloudFront. tests/e2e/cli-usage.test.ts runs the built
 * CLI in its own process for the usage cases.
 */
describe('CLI against the stand-in', () => {
  let standIn: StandIn;
  const saved = { ...process.env };

  beforeAll(async () => {
    standIn = await StandIn.start();
    Object.assign(process.env, standIn.environment(), { AWS_MAX_ATTEMPTS: '1' });
  });

  afterAll(async () => {
    await standIn.stop();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  beforeEach(() => {
    standIn.reset();
    standIn.seedCertificates([
      { name: 'old-api', expiration: new Date(NOW.getTime() - 10 * DAY) },
      { name: 'www', expiration: new Date(NOW.getTime() + 100 * DAY) },
    ]);
  });

  function environment(out: string[], err: string[]): CliEnvironment {
    return {
      services: awsServices,
      io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) },
      now: NOW,
      clock: () => NOW,
      writeFile: async () => undefined,
      appendLine: async () => undefined,
    };
  }

  it('reports the certificates IAM lists and exits 2 for the expired one', async () => {
    const out: string[] = [];
    await expect(runCli(['report', '--no-usage', '--json'], environment(out, []))).resolves.toBe(2);
    const report = JSON.parse(out.join('')) as { certificates: { name: string; status: string }[] };
    expect(report.certificates.map((c) => [c.name, c.status])).toEqual([
      ['old-api', 'expired'],
      ['www', 'valid'],
    ]);
  });

  it('reads the tags of certificates within a year of expiry over ListServerCertificateTags, and takes AccessDenied as unknown (issue 21)', async () => {
    standIn.deleteCertificate('old-api');
    standIn.seedCertificates([
      { name: 'old-api', expiration: new Date(NOW.getTime() - 10 * DAY), tags: [{ key: 'iam-cert-expiry:exception', value: '2026-12-31 CHG-77' }] },
      { name: 'far', expiration: new Date(NOW.getTime() + 500 * DAY) },
    ]);
    const out: string[] = [];
    await expect(runCli(['report', '--no-usage', '--json'], environment(out, []))).resolves.toBe(2);
    const report = JSON.parse(out.join('')) as { certificates: { name: string; tags?: { waived: boolean; exception: { lastDay: string } } }[] };
    // Expired: the exception is named, and waives nothing.
    expect(report.certificates.find((c) => c.name === 'old-api')?.tags).toMatchObject({ waived: false, exception: { status: 'active', lastDay: '2026-12-31' } });
    // old-api and www (100 days): read; far (500 days): not.
    expect(standIn.callCounts()['ListServerCertificateTags']).toBe(2);

    standIn.denyAction('123456789012', 'iam:ListServerCertificateTags');
    const err: string[] = [];
    await expect(runCli(['report', '--no-usage'], environment([], err))).resolves.toBe(2);
    expect(err.join('')).toContain('tags not read for 2 certificates (AccessDenied)');
  });

  it('deletes an expired certificate when every usage look-up answered and none references it', async () => {
    const out: string[] = [];
    await expect(runCli(['retire', '--yes', '--region', 'us-east-1', '--audit-log', '/dev/null'], environment(out, []))).resolves.toBe(0);
    expect(out.join('')).toMatch(/^deleted old-api: expired \S+ \(\d+ days ago\) and not referenced$/m);
    expect(standIn.certificate('old-api')).toBeUndefined();
    expect(standIn.certificate('www')).toBeDefined();
  });

  it('keeps an expired certificate whose usage could not be checked, even with --yes', async () => {
    standIn.faults.add({ operation: 'elb:DescribeLoadBalancers', onCalls: 'all', kind: 'server-error' });
    const out: string[] = [];
    const err: string[] = [];
    await expect(runCli(['retire', '--yes', '--region', 'us-east-1', '--audit-log', '/dev/null'], environment(out, err))).resolves.toBe(0);
    expect(out.join('')).toMatch(/kept old-api: expired \S+ but usage unknown: InternalFailure in [a-z0-9-]+ for elasticloadbalancing:DescribeLoadBalancers/);
    expect(standIn.certificate('old-api')).toBeDefined();
    expect(standIn.callCounts()['DeleteServerCertificate'] ?? 0).toBe(0);
  });

  describe('--profile and --region reach every client the CLI builds', () => {
    const PROFILE_KEY = 'AKIAPROFILECLI000001';
    let directory: string;
    let before: NodeJS.ProcessEnv;

    beforeAll(() => {
      directory = mkdtempSync(join(tmpdir(), 'cli-target-'));
      writeFileSync(join(directory, 'config'), '[profile cert-admin]\nregion = eu-west-1\n');
      writeFileSync(join(directory, 'credentials'), `[cert-admin]\naws_access_key_id = ${PROFILE_KEY}\naws_secret_access_key = profile-secret\n`);
      before = { ...process.env };
      // The stand-in's own keys and region stay in the environment: the profile and --region must win over both.
      Object.assign(process.env, { AWS_CONFIG_FILE: join(directory, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(directory, 'credentials') });
    });

    afterAll(() => {
      for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
      Object.assign(process.env, before);
      rmSync(directory, { recursive: true, force: true });
    });

    it('signs STS, Account (ListRegions), IAM, CloudFront, Config and Organizations calls with the profile, for --region', async () => {
      const out: string[] = [];
      await expect(runCli(['--profile', 'cert-admin', 'report', '--json', '--region', 'ap-southeast-2'], environment(out, []))).resolves.toBe(2);
      const services = awsServices({ profile: 'cert-admin', region: 'ap-southeast-2' });
      await services.organization.accounts();
      await services.aggregates.sources('org').catch(() => undefined);

      const calls = standIn.calls.all();
      expect(new Set(calls.map((call) => call.service))).toEqual(new Set(['sts', 'account', 'iam', 'elb', 'elbv2', 'cloudfront', 'organizations', 'config']));
      expect(calls.filter((call) => call.accessKeyId !== PROFILE_KEY)).toEqual([]);
      // Load balancers are read in each region enabled for the account; ACM (not called here) in the regions of the consumers; every other client in --region.
      const regional = new Set(['elb', 'elbv2', 'acm']);
      expect(calls.filter((call) => !regional.has(call.service) && call.signedRegion !== 'ap-southeast-2')).toEqual([]);
    });
  });
});
