import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { ROOT } from '../../scripts/handler-bundle';
import { runProcess, type CliRun } from '../support/bundle/cli-process';
import { StandIn } from '../support/stand-in/stand-in';

const DAY = 86_400_000;
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const COMMANDS = ['report', 'retire', 'rotate', 'check-iac', 'doctor'];
const PROFILE_KEY = 'AKIAPROFILEE2E000001';

/**
 * The CLI as a user gets it: the project's files as a clean clone has them
 * (tracked and not ignored: no dist/, no earlier build), its node_modules as
 * `npm ci` installs them, then the documented install (cli.md, "Install"):
 * `npm pack`, whose prepack builds dist/cli.js, and `npm install -g` of the
 * tarball into a temporary prefix, offline. One pack and one install for the
 * whole file; every test runs the installed `iam-cert-expiry`.
 */
describe('iam-cert-expiry packed and installed with npm', () => {
  let directory: string;
  let bin: string;
  let packedFiles: string[];
  let installOutput: string;
  let unpacked: string;
  let standIn: StandIn;

  /**
   * npm with nothing of this machine's npm or AWS settings but PATH and HOME, a private cache, no registry,
   * and at `loglevel` (npm's notices and warnings stay out of the CI log); stdout and stderr are returned.
   */
  function npm(args: readonly string[], cwd: string, loglevel = 'error'): { stdout: string; stderr: string } {
    const result = spawnSync('npm', [...args, '--offline'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        npm_config_loglevel: loglevel,
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? directory,
        npm_config_cache: join(directory, 'npm-cache'),
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
      },
      timeout: 120_000,
    });
    if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.status ?? result.signal ?? result.error?.message}): ${result.stderr}`);
    return { stdout: result.stdout, stderr: result.stderr };
  }

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'cli-install-'));
    const project = join(directory, 'project');
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
    for (const file of files.filter((name) => name !== '' && existsSync(join(ROOT, name)))) {
      mkdirSync(dirname(join(project, file)), { recursive: true });
      cpSync(join(ROOT, file), join(project, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    // A build left from earlier: `npm pack` must not ship it.
    mkdirSync(join(project, 'dist'));
    writeFileSync(join(project, 'dist', 'cli.js'), '#!/usr/bin/env node\nconsole.log("stale build");\n');

    const packs = join(directory, 'packs');
    mkdirSync(packs);
    unpacked = join(directory, 'unpacked');
    mkdirSync(unpacked);
    [standIn] = await Promise.all([
      StandIn.start(),
      (async () => {
        npm(['pack', '--pack-destination', packs], project);
        const [tarball] = readdirSync(packs);
        const tarballPath = join(packs, tarball ?? 'missing.tgz');
        packedFiles = execFileSync('tar', ['-tzf', tarballPath], { encoding: 'utf8' }).trim().split('\n').map((entry) => entry.replace(/^package\//, '')).sort();
        execFileSync('tar', ['-xzf', tarballPath, '-C', unpacked]);
        // At warn, so the test sees any install-script or engine warning (captured, never printed).
        const install = npm(['install', '-g', '--prefix', join(directory, 'prefix'), tarballPath], directory, 'warn');
        installOutput = `${install.stdout}${install.stderr}`;
      })(),
    ]);
    bin = join(directory, 'prefix', 'bin', 'iam-cert-expiry');
  }, 180_000);

  afterAll(async () => {
    await standIn?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  function run(args: readonly string[], environment: Record<string, string> = {}): Promise<CliRun> {
    return runProcess(bin, args, { HOME: directory, ...environment });
  }

  it('packs the built CLI, its docs and nothing of the sources, and installs with no dependency and no install script', () => {
    const allowed = ['LICENSE', 'README.md', 'CHANGELOG.md', 'dist/cli.js', 'package.json'];
    expect(packedFiles.filter((file) => !allowed.includes(file) && !/^docs\/[\w-]+\.md$/.test(file))).toEqual([]);
    expect(packedFiles).toEqual(expect.arrayContaining(['README.md', 'dist/cli.js', 'docs/cli.md', 'package.json']));
    expect(installOutput).not.toMatch(/install-scripts|EBADENGINE|ERR/i);
    const installed = JSON.parse(readFileSync(join(directory, 'prefix', 'lib', 'node_modules', PACKAGE.name, 'package.json'), 'utf8')) as { dependencies?: unknown };
    expect(installed.dependencies).toBeUndefined();
    expect(readdirSync(join(directory, 'prefix', 'lib', 'node_modules'))).toEqual([PACKAGE.name]);
  });

  it('ships every page a packed page links to: each relative link of the README and the docs resolves in the tarball', () => {
    const pages = packedFiles.filter((file) => file.endsWith('.md'));
    const dead = pages.flatMap((page) =>
      relativeLinks(readFileSync(join(unpacked, 'package', page), 'utf8'))
        .map((target) => ({ page, target, file: normalize(join(dirname(page), target)) }))
        .filter(({ file }) => !packedFiles.includes(file))
        .map(({ page, target }) => `${page} → ${target}`),
    );
    expect(dead).toEqual([]);
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/cli.md', 'docs/deploy.md']));
  });

  it('prints the package version with --version: the build npm pack made, not the one left before', async () => {
    const version = await run(['--version']);
    expect(version).toEqual({ code: 0, stdout: `iam-cert-expiry/${PACKAGE.version} node/${process.version} ${process.platform}/${process.arch}\n`, stderr: '' });
  });

  it.each(COMMANDS)('prints the help of %s and exits 0', async (command) => {
    const help = await run([command, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: iam-cert-expiry ${command}`);
    expect(help.stderr).toBe('');
  });

  it('prints usage on stderr and exits 252 when run bare', async () => {
    const bare = await run([]);
    expect(bare.code).toBe(252);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('Usage: iam-cert-expiry [--profile NAME] [--region R] <command> [flags]');
  });

  describe('against the stand-in, with a profile of an AWS config file', () => {
    let environment: Record<string, string>;

    beforeAll(() => {
      const aws = join(directory, 'aws');
      mkdirSync(aws);
      writeFileSync(join(aws, 'config'), '[profile cert-admin]\nregion = eu-west-1\n');
      writeFileSync(join(aws, 'credentials'), `[cert-admin]\naws_access_key_id = ${PROFILE_KEY}\naws_secret_access_key = profile-secret-access-key\n`);
      const { AWS_REGION: _region, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _quiet, ...standInEnvironment } = standIn.environment();
      environment = {
        // The stand-in's endpoints and its default keys (which a profile must override), no region:
        // the region comes from the profile or --region. The CLI silences the SDK's Node notice itself.
        ...standInEnvironment,
        AWS_CONFIG_FILE: join(aws, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(aws, 'credentials'),
        AWS_MAX_ATTEMPTS: '2',
      };
    });

    beforeEach(() => {
      standIn.reset();
      standIn.seedCertificates([
        { name: 'dublin-api', expiration: new Date(Date.now() - 3 * DAY) },
        { name: 'spare', expiration: new Date(Date.now() + 200 * DAY) },
      ]);
      standIn.addClassicLoadBalancer({ name: 'dublin-elb', region: 'eu-west-1', listeners: [{ port: 443, certificateArn: standIn.certificate('dublin-api')?.arn ?? '' }] });
    });

    function usageOf(run: CliRun, name: string): string | undefined {
      return (JSON.parse(run.stdout) as { certificates: { name: string; usageText: string }[] }).certificates.find((c) => c.name === name)?.usageText;
    }

    /** The regions the calls of the global services' clients (every one but ELB, ELBv2 and ACM, which go by region) were signed for. */
    function clientRegions(): string[] {
      const regional = new Set(['elb', 'elbv2', 'acm']);
      return [...new Set(standIn.calls.all().flatMap((call) => (regional.has(call.service) ? [] : [`${call.service} ${call.signedRegion ?? 'unsigned'}`])))].sort();
    }

    it("signs every call with the profile's keys, not the environment's, and builds every client for the profile's region", async () => {
      const report = await run(['--profile', 'cert-admin', 'report', '--json'], environment);

      expect(report.code).toBe(2);
      expect(usageOf(report, 'dublin-api')).toBe('in use by elb dublin-elb:443');
      expect(report.stderr).toContain('scanned elb in eu-west-1');
      expect(report.stderr).not.toMatch(/NodeVersionSupportWarning|Warning:/);
      const keys = new Set(standIn.calls.all().map((call) => call.accessKeyId));
      expect([...keys]).toEqual([PROFILE_KEY]);
      expect(clientRegions()).toEqual(['account eu-west-1', 'cloudfront eu-west-1', 'iam eu-west-1', 'sts eu-west-1']);
    });

    it('takes --region, after the command, over the profile region, for every client (the scan still covers every enabled region)', async () => {
      const report = await run(['report', '--json', '--profile', 'cert-admin', '--region', 'ap-southeast-2'], environment);

      expect(report.code).toBe(2);
      expect(clientRegions()).toEqual(['account ap-southeast-2', 'cloudfront ap-southeast-2', 'iam ap-southeast-2', 'sts ap-southeast-2']);
      expect(report.stderr).toContain('scanned elb in ap-southeast-2');
      expect(usageOf(report, 'dublin-api')).toBe('in use by elb dublin-elb:443');
    });

    it('says in one line what to do, exit 253, calling nothing, for a profile with no credentials', async () => {
      const report = await run(['--profile', 'cert-admn', '--region', 'eu-west-1', 'report'], environment);

      expect(report.code).toBe(253);
      expect(report.stderr).toBe(
        'iam-cert-expiry report: no AWS credentials for profile "cert-admn": it is not in the AWS config or credentials file, or has no keys, SSO or role settings (check `aws configure list-profiles`; set it up with `aws configure --profile cert-admn` or `aws configure sso --profile cert-admn`)\n',
      );
      expect(standIn.calls.all()).toEqual([]);
    });
  });
});

/** The targets of a Markdown page's relative links (`[x](docs/cli.md#install)` → `docs/cli.md`), web and in-page links left out. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => (match[1] ?? '').replace(/#.*$/, ''))
    .filter((target) => target !== '' && !/^[a-z][\w+.-]*:/i.test(target));
}
