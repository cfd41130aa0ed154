import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../scripts/cli-bundle';
import { runCliProcess, standInCliEnvironment, type CliRun } from '../support/bundle/cli-process';
import { DEFAULT_ENABLED_REGIONS } from '../support/stand-in/account-service';
import { StandIn } from '../support/stand-in/stand-in';

const DAY = 86_400_000;

interface JsonCertificate {
  readonly name: string;
  readonly status: string;
  readonly usage: { readonly state: string } | null;
  readonly usageText: string;
}

/**
 * The built CLI (`node cli.js`, bundled like `npm run build`) in its own
 * process, against the stand-in's IAM, ELB, ELBv2 and CloudFront, reached
 * through the standard `AWS_ENDPOINT_URL_…` variables only.
 */
describe('iam-cert-expiry against the stand-in, usage included', () => {
  let standIn: StandIn;
  let directory: string;
  let cliPath: string;
  let ids: Map<string, string>;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'cli-usage-'));
    cliPath = join(directory, 'cli.js');
    [standIn] = await Promise.all([StandIn.start(), buildCli(cliPath)]);
  });
  afterAll(async () => {
    await standIn.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  /**
   * Six certificates, each with one story: served by a classic listener, by an
   * ALB as default and as SNI extra, by CloudFront (by id), or by nothing.
   */
  beforeEach(() => {
    standIn.reset();
    const now = Date.now();
    const certificates = standIn.seedCertificates([
      { name: 'classic-expired', expiration: new Date(now - 10 * DAY) },
      { name: 'alb-default', expiration: new Date(now + 100 * DAY) },
      { name: 'alb-sni-expired', expiration: new Date(now - 5 * DAY) },
      { name: 'cdn', expiration: new Date(now + 10 * DAY) },
      { name: 'orphan-expired', expiration: new Date(now - 20 * DAY) },
      { name: 'spare', expiration: new Date(now + 200 * DAY) },
    ]);
    ids = new Map(certificates.map((certificate) => [certificate.name, certificate.id]));
    const arn = (name: string): string => standIn.certificate(name)?.arn ?? '';
    standIn.addClassicLoadBalancer({ name: 'legacy-elb', listeners: [{ port: 80 }, { port: 443, certificateArn: arn('classic-expired') }] });
    standIn.addLoadBalancerV2({ name: 'shop-alb', listeners: [{ port: 443, certificateArn: arn('alb-default'), extraCertificateArns: [arn('alb-sni-expired')] }] });
    standIn.addDistribution({ id: 'E1CDNEXAMPLE01', aliases: ['cdn.example.com'], iamCertificateId: ids.get('cdn') ?? '' });
  });

  interface AuditLine {
    readonly event: string;
    readonly certificate?: { readonly name: string; readonly id: string };
    readonly decision?: string;
    readonly dryRun: boolean;
    readonly actor: { readonly arn: string; readonly account: string };
    readonly regions: readonly string[];
  }

  function readAudit(file: string): AuditLine[] {
    return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as AuditLine);
  }

  function cliEnvironment(): Record<string, string> {
    // A failed look-up is retried once, then reported: enough to show it, fast enough for a test.
    return standInCliEnvironment(standIn, directory);
  }

  function cli(...args: string[]): Promise<CliRun> {
    return runCliProcess(cliPath, args, cliEnvironment());
  }

  describe('report', () => {
    it('shows each certificate\'s consumers in the table and exits 2 when some have expired', async () => {
      const run = await cli('report');

      expect(run.code).toBe(2);
      const line = (name: string): string => run.stdout.split('\n').find((text) => text.startsWith(`123456789012  ${name} `)) ?? '';
      expect(line('classic-expired')).toMatch(/expired\s+in use by elb legacy-elb:443$/);
      expect(line('alb-default')).toMatch(/valid\s+in use by elbv2 shop-alb:443$/);
      expect(line('alb-sni-expired')).toMatch(/expired\s+in use by elbv2 shop-alb:443 additional$/);
      expect(line('cdn')).toMatch(/expiring\s+in use by cloudfront E1CDNEXAMPLE01:cdn\.example\.com$/);
      // Safe to delete: expired and checked in every enabled region. A valid certificate nothing uses is only "not referenced".
      expect(line('orphan-expired')).toMatch(/expired\s+not referenced: safe to delete$/);
      expect(line('spare')).toMatch(/valid\s+not referenced$/);
      expect(run.stdout).toContain(`Usage checked in every region enabled for the account (17): ${[...DEFAULT_ENABLED_REGIONS].sort().join(', ')}; and CloudFront.`);
      expect(run.stderr).toContain('scanned cloudfront in global');
    });

    it('gives the usage state and detail per certificate in --json', async () => {
      const run = await cli('report', '--json');

      expect(run.code).toBe(2);
      const report = JSON.parse(run.stdout) as { account: string; usageChecked: boolean; usageScope: { complete: boolean; regionsChecked: string[] }; certificates: JsonCertificate[] };
      expect(report.usageChecked).toBe(true);
      expect(report.account).toBe('123456789012');
      expect(report.usageScope).toMatchObject({ complete: true, regionsChecked: [...DEFAULT_ENABLED_REGIONS].sort() });
      expect(Object.fromEntries(report.certificates.map((c) => [c.name, [c.usage?.state, c.usageText]]))).toEqual({
        'classic-expired': ['in-use', 'in use by elb legacy-elb:443'],
        'alb-default': ['in-use', 'in use by elbv2 shop-alb:443'],
        'alb-sni-expired': ['in-use', 'in use by elbv2 shop-alb:443 additional'],
        cdn: ['in-use', 'in use by cloudfront E1CDNEXAMPLE01:cdn.example.com'],
        'orphan-expired': ['not-referenced', 'not referenced: safe to delete'],
        spare: ['not-referenced', 'not referenced'],
      });
    });

    it('puts usage_state and usage in --csv columns', async () => {
      const run = await cli('report', '--csv');

      expect(run.code).toBe(2);
      const rows = run.stdout.trimEnd().split('\r\n').map((line) => line.split(','));
      expect(rows[0]?.slice(0, 2)).toEqual(['account', 'name']);
      // The last column is tags (issue 21); the usage columns are the four before it.
      expect(rows[0]?.slice(-5)).toEqual(['usage_state', 'usage', 'usage_regions_checked', 'usage_regions_not_checked', 'tags']);
      expect(rows.slice(1).every((row) => row[0] === '123456789012' && row.at(-3) === [...DEFAULT_ENABLED_REGIONS].sort().join(' ') && row.at(-2) === '')).toBe(true);
      const byName = new Map(rows.slice(1).map((row) => [row[1], row.slice(-5, -3)]));
      expect(byName.get('cdn')).toEqual(['in-use', 'in use by cloudfront E1CDNEXAMPLE01:cdn.example.com']);
      expect(byName.get('alb-sni-expired')).toEqual(['in-use', 'in use by elbv2 shop-alb:443 additional']);
      expect(byName.get('orphan-expired')).toEqual(['not-referenced', 'not referenced: safe to delete']);
    });

    it('finds a load balancer in a second region by default, and calls nothing safe to delete when --regions leaves its region out', async () => {
      standIn.seedCertificates([{ name: 'dublin-expired', expiration: new Date(Date.now() - 50 * DAY) }]);
      standIn.addClassicLoadBalancer({ name: 'dublin-elb', region: 'eu-west-1', listeners: [{ port: 8443, certificateArn: standIn.certificate('dublin-expired')?.arn ?? '' }] });

      const everyRegion = JSON.parse((await cli('report', '--json')).stdout) as { certificates: JsonCertificate[] };
      const narrowed = await cli('report', '--regions', 'us-east-1');

      expect(everyRegion.certificates.find((c) => c.name === 'dublin-expired')?.usageText).toBe('in use by elb dublin-elb:8443');
      expect(narrowed.stdout).toMatch(/ dublin-expired .* expired +usage unknown: 16 enabled regions not scanned$/m);
      expect(narrowed.stdout).not.toContain('safe to delete');
      expect(narrowed.stdout).toContain('checked in us-east-1 (1 of 17 enabled regions); not checked: ap-northeast-1 (not in --regions)');
    });

    it('never scans a region the account has not enabled, and refuses to be asked for one, listing the enabled ones', async () => {
      standIn.setRegionOptStatus('me-south-1', 'ENABLED');
      standIn.addClassicLoadBalancer({ name: 'bahrain-elb', region: 'me-south-1', listeners: [{ port: 443 }] });
      standIn.setRegionOptStatus('me-south-1', 'DISABLED');

      const report = await cli('report', '--json');
      const typo = await cli('report', '--regions', 'eu-wst-1,us-east-1');

      expect(report.code).toBe(2);
      expect(standIn.calls.all().some((call) => call.region === 'me-south-1')).toBe(false);
      expect(typo.code).toBe(252);
      expect(typo.stderr).toContain(`iam-cert-expiry report: --regions names eu-wst-1, not a region enabled for this account; the enabled regions are: ${[...DEFAULT_ENABLED_REGIONS].sort().join(', ')}`);
      expect(typo.stdout).toBe('');
    });

    it('says usage unknown, never safe to delete, when one region\'s scan fails', async () => {
      standIn.faults.add({ operation: 'elbv2:DescribeLoadBalancers', onCalls: 'all', region: 'sa-east-1', kind: 'server-error' });

      const run = await cli('report');

      expect(run.stdout).toMatch(/ orphan-expired .* expired +usage unknown: InternalFailure in sa-east-1 for elasticloadbalancing:DescribeLoadBalancers$/m);
      expect(run.stdout).not.toContain('safe to delete');
      expect(run.stdout).toContain('not checked: sa-east-1 (scan failed: InternalFailure for elasticloadbalancing:DescribeLoadBalancers)');
    });

    it('exits 0 when no certificate has expired', async () => {
      for (const name of ['classic-expired', 'alb-sni-expired', 'orphan-expired']) standIn.deleteCertificate(name);

      const run = await cli('report');

      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^123456789012 +alb-default .*in use by elbv2 shop-alb:443$/m);
    });

    it('says usage unknown for every certificate nothing was found for when a usage call keeps failing', async () => {
      standIn.faults.add({ operation: 'cloudfront:ListDistributions', onCalls: 'all', kind: 'server-error' });

      const run = await cli('report', '--json');

      const report = JSON.parse(run.stdout) as { certificates: JsonCertificate[] };
      const usage = Object.fromEntries(report.certificates.map((c) => [c.name, c.usageText]));
      expect(usage['orphan-expired']).toBe('usage unknown: InternalFailure in global for cloudfront:ListDistributions');
      expect(usage['cdn']).toBe('usage unknown: InternalFailure in global for cloudfront:ListDistributions');
      expect(usage['classic-expired']).toBe('in use by elb legacy-elb:443');
      expect(standIn.callCounts()['cloudfront:ListDistributions']).toBe(2);
    });
  });

  describe('stdout closed early', () => {
    it('ends quietly when the reader goes away (report | true): no EPIPE, no stack trace', async () => {
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        // `true` exits without reading, so every write to the pipe fails with EPIPE.
        const child = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cliPath}" report 2>"${join(directory, 'epipe.err')}" | true; echo "cli=\${PIPESTATUS[0]}" >&2`], {
          env: { PATH: process.env['PATH'] ?? '', ...cliEnvironment() },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, stderr }));
      });
      const cliStderr = readFileSync(join(directory, 'epipe.err'), 'utf8');

      expect(cliStderr).not.toMatch(/EPIPE|Error|    at /);
      expect(cliStderr).toContain('scanned cloudfront in global');
      // The command's own exit code (2: some certificates have expired), not a crash's.
      expect(run.stderr).toContain('cli=2');
    });
  });

  describe('retire', () => {
    it('deletes nothing on a dry run and names what --yes would delete', async () => {
      const run = await cli('retire');

      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^would-delete orphan-expired: expired \S+ \(\d+ days ago\) and not referenced$/m);
      expect(run.stdout).toMatch(/^kept classic-expired: expired \S+ but in use by elb legacy-elb:443$/m);
      expect(run.stdout).toMatch(/^kept alb-sni-expired: expired \S+ but in use by elbv2 shop-alb:443 additional$/m);
      expect(run.stdout).toMatch(/^kept spare: not expired/m);
      for (const name of ids.keys()) expect(standIn.certificate(name)).toBeDefined();
      expect(standIn.callCounts()['DeleteServerCertificate']).toBeUndefined();
    });

    it('deletes only the expired unreferenced certificate with --yes and logs every decision', async () => {
      const auditLog = join(directory, 'audit-yes.jsonl');

      const run = await cli('retire', '--yes', '--audit-log', auditLog);

      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^deleted orphan-expired: expired \S+ \(\d+ days ago\) and not referenced$/m);
      expect([...ids.keys()].filter((name) => standIn.certificate(name) === undefined)).toEqual(['orphan-expired']);
      expect(standIn.callCounts()['DeleteServerCertificate']).toBe(1);
      const records = readAudit(auditLog).filter((record) => record.decision !== undefined);
      expect(Object.fromEntries(records.map((record) => [record.certificate?.name, record.decision]))).toEqual({
        'classic-expired': 'kept',
        'alb-default': 'kept',
        'alb-sni-expired': 'kept',
        cdn: 'kept',
        'orphan-expired': 'deleted',
        spare: 'kept',
      });
      expect(records.every((record) => !record.dryRun && record.certificate?.id === ids.get(record.certificate?.name ?? ''))).toBe(true);
      // Who (the stand-in's caller, from STS GetCallerIdentity) and where, on every line.
      expect(
        readAudit(auditLog).every(
          (record) => record.actor.account === '123456789012' && record.actor.arn.startsWith('arn:aws:sts::123456789012:') && record.regions.join() === [...DEFAULT_ENABLED_REGIONS].sort().join(),
        ),
      ).toBe(true);
      expect(readAudit(auditLog).map((record) => record.event)).toEqual(['run-start', 'decision', 'decision', 'decision', 'decision', 'intent', 'outcome', 'decision']);
    });

    it('scans usage once however many certificates it deletes: load balancer calls do not grow with deletions', async () => {
      const now = Date.now();
      standIn.seedCertificates(Array.from({ length: 12 }, (_, index) => ({ name: `gone-${index}`, expiration: new Date(now - (index + 1) * DAY) })));

      const run = await cli('retire', '--yes', '--audit-log', join(directory, 'audit-many.jsonl'));

      expect(run.code).toBe(0);
      const counts = standIn.callCounts();
      expect(counts['DeleteServerCertificate']).toBe(13); // the 12 and orphan-expired
      // One region list, one DescribeLoadBalancers per API and enabled region, one DescribeListeners
      // per ALB, one ListDistributions: the same as a single report, not 13 times it.
      expect(counts['account:ListRegions']).toBe(1);
      expect(counts['elb:DescribeLoadBalancers']).toBe(DEFAULT_ENABLED_REGIONS.length);
      expect(counts['elbv2:DescribeLoadBalancers']).toBe(DEFAULT_ENABLED_REGIONS.length);
      expect(counts['elbv2:DescribeListeners']).toBe(1);
      expect(counts['cloudfront:ListDistributions']).toBe(1);
      // And the id is read again right before each delete.
      expect(counts['GetServerCertificate']).toBe(13);
    });

    it('never deletes a certificate re-uploaded under the same name during the scan', async () => {
      const auditLog = join(directory, 'audit-replaced.jsonl');
      standIn.faults.add({ operation: 'cloudfront:ListDistributions', onCalls: 'all', kind: 'delay', delayMs: 1_500 });

      const running = cli('retire', '--yes', '--audit-log', auditLog);
      // While the scan waits on CloudFront, a rotation re-uploads the name.
      while ((standIn.callCounts()['cloudfront:ListDistributions'] ?? 0) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      standIn.deleteCertificate('orphan-expired');
      const [replacement] = standIn.seedCertificates([{ name: 'orphan-expired', expiration: new Date(Date.now() + 300 * DAY) }]);
      const run = await running;

      expect(run.code).toBe(0);
      expect(standIn.certificate('orphan-expired')?.id).toBe(replacement?.id);
      expect(standIn.callCounts()['DeleteServerCertificate']).toBeUndefined();
      const oldId = ids.get('orphan-expired') ?? '';
      expect(run.stdout).toContain(`kept orphan-expired: replaced under the same name since the listing (id ${oldId} is now ${replacement?.id ?? ''})`);
      expect(readAudit(auditLog).find((record) => record.event === 'outcome')).toMatchObject({
        certificate: { name: 'orphan-expired', id: oldId },
        decision: 'kept',
        reason: expect.stringContaining(`is now ${replacement?.id ?? ''}`),
      });
    });

    const linuxOnly = process.platform === 'linux' ? it : it.skip;
    it('refuses --yes without --audit-log, reading and deleting nothing: no intent record, no delete', async () => {
      const run = await cli('retire', '--yes', '--regions', 'us-east-1');

      expect(run.code).toBe(252);
      expect(run.stderr).toContain('retire: --yes needs --audit-log FILE');
      expect(standIn.callCounts()).toEqual({});
      expect(standIn.certificate('orphan-expired')).toBeDefined();
    });

    linuxOnly.each(['/dev/null', '/dev/full'])('deletes nothing when the audit log is a device that keeps no record (%s)', async (device) => {
      const run = await cli('retire', '--yes', '--audit-log', device);

      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`audit log ${device}: the run-start record could not be written (AuditFileError: is a character device`);
      expect(standIn.callCounts()['DeleteServerCertificate']).toBeUndefined();
      expect(standIn.callCounts()['ListServerCertificates']).toBeUndefined();
      expect(standIn.certificate('orphan-expired')).toBeDefined();
    });

    it('keeps unreferenced expired certificates when an ELBv2 look-up fails', async () => {
      standIn.faults.add({ operation: 'elbv2:DescribeListeners', onCalls: 'all', kind: 'server-error' });

      const run = await cli('retire', '--yes', '--audit-log', join(directory, 'audit-unknown.jsonl'));

      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^kept orphan-expired: expired \S+ but usage unknown: InternalFailure in us-east-1 for elasticloadbalancing:DescribeListeners$/m);
      // The classic listener is still seen, so that certificate is in use, not unknown.
      expect(run.stdout).toMatch(/^kept classic-expired: expired \S+ but in use by elb legacy-elb:443$/m);
      for (const name of ids.keys()) expect(standIn.certificate(name)).toBeDefined();
      expect(standIn.callCounts()['DeleteServerCertificate']).toBeUndefined();
    });

    it('keeps expired unreferenced certificates when --regions leaves enabled regions out, and says why', async () => {
      const run = await cli('retire', '--yes', '--regions', 'us-east-1,eu-west-1', '--audit-log', join(directory, 'audit-narrowed.jsonl'));

      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^kept orphan-expired: expired \S+ and not referenced in the 2 regions scanned, but 15 enabled regions were left out by --regions \(ap-northeast-1, .*\): retire deletes only what was checked in every region enabled for the account; run it without --regions$/m);
      expect(standIn.callCounts()['DeleteServerCertificate']).toBeUndefined();
    });

    it('gives every outcome as JSON with --json, kept ones with why', async () => {
      const run = await cli('retire', '--json');

      expect(run.code).toBe(0);
      const document = JSON.parse(run.stdout) as { dryRun: boolean; usageScope: { complete: boolean }; certificates: { name: string; decision: string; reason: string }[] };
      expect(document.dryRun).toBe(true);
      expect(document.usageScope.complete).toBe(true);
      expect(Object.fromEntries(document.certificates.map((c) => [c.name, c.decision]))).toEqual({
        'classic-expired': 'kept',
        'alb-default': 'kept',
        'alb-sni-expired': 'kept',
        cdn: 'kept',
        'orphan-expired': 'would-delete',
        spare: 'kept',
      });
      expect(document.certificates.find((c) => c.name === 'classic-expired')?.reason).toMatch(/^expired \S+ but in use by elb legacy-elb:443$/);
    });

    it('reports IAM\'s DeleteConflict as in use and goes on with the rest', async () => {
      // Served by a load balancer in a region the account has since opted out of: no scan can read it,
      // IAM (which sees every region) refuses the delete.
      standIn.seedCertificates([{ name: 'far-expired', expiration: new Date(Date.now() - 3 * DAY) }]);
      standIn.setRegionOptStatus('me-south-1', 'ENABLED');
      const far = standIn.addClassicLoadBalancer({ name: 'far-elb', region: 'me-south-1', listeners: [{ port: 443, certificateArn: standIn.certificate('far-expired')?.arn ?? '' }] });
      standIn.setRegionOptStatus('me-south-1', 'DISABLED');
      const auditLog = join(directory, 'audit-conflict.jsonl');

      const run = await cli('retire', '--yes', '--audit-log', auditLog);

      expect(run.code).toBe(0);
      const farId = standIn.certificate('far-expired')?.id ?? '';
      expect(run.stdout).toContain(
        `kept far-expired: IAM refused with DeleteConflict, so it is in use (Certificate: ${farId} is currently in use by ${far.arn}. Please remove it first before deleting it from IAM.)`,
      );
      expect(run.stdout).toMatch(/^deleted orphan-expired: /m);
      expect(standIn.certificate('far-expired')).toBeDefined();
      expect(standIn.certificate('orphan-expired')).toBeUndefined();
      expect(standIn.callCounts()['DeleteServerCertificate']).toBe(2);
      const decisions = readAudit(auditLog).filter((record) => record.event === 'outcome');
      expect(decisions.find((record) => record.certificate?.name === 'far-expired')).toMatchObject({ decision: 'kept', reason: expect.stringContaining('DeleteConflict') });
    });
  });
});
