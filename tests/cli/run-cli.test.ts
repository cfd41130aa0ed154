import { CredentialsProviderError } from '@smithy/core/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/cli/exit-codes';
import { MAIN_HELP, REPORT_HELP, RETIRE_HELP, ROTATE_HELP } from '../../src/cli/help-text';
import { CHECK_IAC_HELP } from '../../src/cli/check-iac/help';
import { DOCTOR_HELP } from '../../src/cli/doctor/doctor-help';
import { runCli } from '../../src/cli/run-cli';
import { cert, fakeEnvironment } from './fake-environment';

const PACKAGE = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

describe('runCli', () => {
  it('prints the command list and exits 0 for --help', async () => {
    const fake = fakeEnvironment();
    await expect(runCli(['--help'], fake.environment)).resolves.toBe(0);
    expect(fake.stdout()).toContain('report');
    expect(fake.stdout()).toContain('retire');
  });

  it('prints usage to stderr, nothing to stdout, and exits 252 (usage) when no command is given', async () => {
    const fake = fakeEnvironment();
    await expect(runCli([], fake.environment)).resolves.toBe(252);
    expect(fake.stderr()).toContain('Usage: iam-cert-expiry [--profile NAME] [--region R] <command>');
    expect(fake.stdout()).toBe('');
  });

  it('names the unknown command and exits 252', async () => {
    const fake = fakeEnvironment();
    await expect(runCli(['purge'], fake.environment)).resolves.toBe(252);
    expect(fake.stderr()).toContain('unknown command "purge"');
  });

  it('does not treat inherited object keys as commands', async () => {
    const fake = fakeEnvironment();
    await expect(runCli(['toString'], fake.environment)).resolves.toBe(252);
    expect(fake.stderr()).toContain('unknown command "toString"');
  });

  it.each([
    [['report', '--foo'], 'report: unknown flag --foo'],
    [['retire', '--force'], 'retire: unknown flag --force'],
    [['report', '--days'], 'report: --days needs a value, got nothing'],
    [['report', '--regions'], 'report: --regions needs a value, got nothing'],
    [['retire', '--regions', '--yes'], 'retire: --regions needs a value, got "--yes"'],
    [['rotate', '--from'], 'rotate: --from needs a value, got nothing'],
    [['report', '--days', 'soon'], '--days must be a whole number from 0 to 3650, got "soon"'],
    [['report', '--days', '-1'], '--days'],
    [['report', '--days', '3651'], '--days must be a whole number from 0 to 3650, got "3651"'],
    [['report', '--days', '1.5'], '--days must be a whole number'],
    [['report', '--json', '--csv'], '--json and --csv cannot be combined'],
    [['report', '--json=yes'], "'--json' does not take an argument"],
    [['report', '--regions', 'eu-west-1,,us-east-1'], '--regions must be a comma-separated list'],
    [['report', '--regions', 'Europe'], '--regions must be an AWS region such as eu-west-1, got "Europe"'],
    [['report', '--region', 'moon-1'], '--region must be an AWS region'],
    [['report', '--no-usage', '--regions', 'eu-west-1'], '--regions has no effect with --no-usage'],
    [['report', 'extra'], 'unexpected argument "extra"'],
    [['retire', '--audit-log', ''], '--audit-log needs a file name'],
  ])('rejects %j with an error naming the flag and exit 252, touching no AWS service', async (argv, message) => {
    const fake = fakeEnvironment();
    await expect(runCli(argv, fake.environment)).resolves.toBe(252);
    expect(fake.stderr()).toContain(message);
    expect(fake.regionsAsked).toEqual([]);
  });

  it('prints a failed AWS call as one line and exits 1', async () => {
    const error = Object.assign(new Error('User is not authorized to perform: iam:ListServerCertificates'), { name: 'AccessDenied' });
    const fake = fakeEnvironment({ listError: error });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(1);
    expect(fake.stderr()).toContain('iam-cert-expiry report: AccessDenied: User is not authorized to perform: iam:ListServerCertificates');
    expect(fake.stdout()).toBe('');
  });

  it.each(['report', 'retire'])('prints help for %s and exits 0 without calling AWS', async (command) => {
    const fake = fakeEnvironment();
    await expect(runCli([command, '--help'], fake.environment)).resolves.toBe(0);
    expect(fake.stdout()).toContain(`Usage: iam-cert-expiry ${command}`);
    expect(fake.regionsAsked).toEqual([]);
  });

  it.each([[['--version']], [['report', '--days', '3', '--version']], [['--profile', 'prod', '--version']]])(
    'prints the package version, Node.js and platform for %j, exit 0, touching no AWS service',
    async (argv) => {
      const fake = fakeEnvironment();
      await expect(runCli(argv, fake.environment)).resolves.toBe(0);
      expect(fake.stdout()).toBe(`iam-cert-expiry/${PACKAGE.version} node/${process.version} ${process.platform}/${process.arch}\n`);
      expect(fake.regionsAsked).toEqual([]);
    },
  );

  it.each([
    [['--profile', 'prod', '--region', 'eu-west-1', 'report', '--no-usage']],
    [['report', '--no-usage', '--profile', 'prod', '--region', 'eu-west-1']],
    [['--region=eu-west-1', 'report', '--profile=prod', '--no-usage']],
  ])('builds the AWS services for --profile and --region wherever they are: %j', async (argv) => {
    const fake = fakeEnvironment({ certificates: [cert('api', 10)] });
    await expect(runCli(argv, fake.environment)).resolves.toBe(0);
    expect(fake.targetsAsked).toEqual([{ region: 'eu-west-1', profile: 'prod' }]);
  });

  it('takes the profile from AWS_PROFILE without --profile, and --profile over it, in the audit log too', async () => {
    const fromEnvironment = fakeEnvironment({ certificates: [cert('old', -40)], profile: 'from-env' });
    await runCli(['retire', '--audit-log', 'a.jsonl'], fromEnvironment.environment);
    expect(fromEnvironment.targetsAsked).toEqual([{ region: undefined, profile: 'from-env' }]);
    expect(fromEnvironment.auditLines()[0]).toMatchObject({ actor: { profile: 'from-env' } });

    const fromFlag = fakeEnvironment({ certificates: [cert('old', -40)], profile: 'from-env' });
    await runCli(['retire', '--audit-log', 'a.jsonl', '--profile', 'from-flag'], fromFlag.environment);
    expect(fromFlag.targetsAsked).toEqual([{ region: undefined, profile: 'from-flag' }]);
    expect(fromFlag.auditLines()[0]).toMatchObject({ actor: { profile: 'from-flag' } });
  });

  it('accepts the global flags on check-iac, which needs no AWS access, and builds no AWS service', async () => {
    const fake = fakeEnvironment();
    await expect(runCli(['check-iac', '--profile', 'prod', '--region', 'eu-west-1', '--help'], fake.environment)).resolves.toBe(0);
    expect(fake.stdout()).toContain('Usage: iam-cert-expiry check-iac');
    expect(fake.regionsAsked).toEqual([]);
  });

  it.each([
    [['--profile', 'prod', 'report', '--profile', 'dev'], 'iam-cert-expiry: --profile given twice; give it once\n'],
    [['--region', 'moon-1', 'retire'], 'iam-cert-expiry: --region must be an AWS region such as eu-west-1, got "moon-1"\n'],
    [['report', '--profile'], 'iam-cert-expiry: --profile needs a value, as in --profile prod, got nothing\n'],
  ])('refuses a bad global flag %j with one line and exit 252, touching no AWS service', async (argv, line) => {
    const fake = fakeEnvironment();
    await expect(runCli(argv, fake.environment)).resolves.toBe(252);
    expect(fake.stderr()).toBe(line);
    expect(fake.regionsAsked).toEqual([]);
  });

  it.each([
    [['pur\u202ege'], 'unknown command "pur\\u202ege"'],
    [['report', '--days', 'x\u009b2Jy'], '--days must be a whole number from 0 to 3650, got "x\\x9b2Jy"'],
    [['report', '--aggregator', 'org', '--expired-rule', 'a\u009bb'], 'got "a\\x9bb"'],
  ])('escapes what was typed in a usage error %j (C1 controls, bidirectional overrides), exit 252', async (argv, escaped) => {
    const fake = fakeEnvironment();
    await expect(runCli(argv, fake.environment)).resolves.toBe(252);
    expect(fake.stderr()).toContain(escaped);
    expect(fake.stderr()).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('escapes the profile named in credential advice, exit 253', async () => {
    const fake = fakeEnvironment({ listError: new CredentialsProviderError('Could not resolve credentials using profile: [x] in configuration/credentials file(s).', false) });
    await expect(runCli(['--profile', 'prod\u202eved', 'report', '--no-usage'], fake.environment)).resolves.toBe(253);
    expect(fake.stderr()).toContain('no AWS credentials for profile "prod\\u202eved"');
    expect(fake.stderr()).not.toMatch(/[\u202a-\u202e]/);
  });

  it('tells missing credentials from a missing permission when the account\'s regions cannot be listed: exit 253, no "grant account:ListRegions"', async () => {
    const error = new CredentialsProviderError('Could not load credentials from any providers', false);
    const fake = fakeEnvironment({ certificates: [cert('old', -40)], regions: { failure: `CredentialsProviderError: ${error.message}`, error } });
    await expect(runCli(['retire'], fake.environment)).resolves.toBe(253);
    expect(fake.stderr()).toBe(
      'listing the regions enabled for the account (account:ListRegions)\n' +
        'iam-cert-expiry retire: no AWS credentials found: run `aws configure` (access keys) or `aws sso login --profile NAME` (IAM Identity Center), then pass --profile NAME or set AWS_PROFILE\n',
    );
    expect(fake.stdout()).toBe('');
  });

  it.each([
    [['doctor', '--account', '1234'], 'iam-cert-expiry doctor: --account must be a 12-digit AWS account id, got "1234"\n'],
    [['doctor', '--region', 'moon-1'], 'iam-cert-expiry: --region must be an AWS region such as eu-west-1, got "moon-1"\n'],
    [['doctor', '--conformance-pack', 'p'], 'iam-cert-expiry doctor: --conformance-pack applies to --aggregator only\n'],
  ])('refuses a bad doctor command line %j with exit 252, as every command does', async (argv, line) => {
    const fake = fakeEnvironment();
    await expect(runCli(argv, fake.environment)).resolves.toBe(252);
    expect(fake.stderr()).toBe(line);
  });

  it('loads doctor, and its CloudWatch Logs client, only when doctor runs: check-iac\'s memory guard counts on a small starting heap', async () => {
    let loaded = false;
    await jest.isolateModulesAsync(async () => {
      jest.doMock('@aws-sdk/client-cloudwatch-logs', () => {
        loaded = true;
        return jest.requireActual('@aws-sdk/client-cloudwatch-logs');
      });
      const isolated = (require('../../src/cli/run-cli') as typeof import('../../src/cli/run-cli')).runCli;
      await isolated(['check-iac', '--help'], fakeEnvironment().environment);
      await isolated(['report', '--help'], fakeEnvironment().environment);
      expect(loaded).toBe(false);
      await isolated(['doctor', '--help'], fakeEnvironment().environment);
      expect(loaded).toBe(true);
    });
  });

  it('documents every exit code in --help, and the shared ones in every command help', () => {
    for (const code of Object.values(ExitCode)) expect(MAIN_HELP).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
    for (const help of [REPORT_HELP, RETIRE_HELP, ROTATE_HELP, CHECK_IAC_HELP, DOCTOR_HELP]) {
      expect(help).toContain(`${ExitCode.Usage} bad command line`);
      expect(help).toMatch(/--version/);
    }
    for (const help of [REPORT_HELP, RETIRE_HELP, ROTATE_HELP, DOCTOR_HELP]) expect(help).toContain(`${ExitCode.Credentials} no usable AWS credentials or region`);
  });
});
