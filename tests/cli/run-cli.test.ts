import { runCli } from '../../src/cli/run-cli';
import { fakeEnvironment } from './fake-environment';

describe('runCli', () => {
  it('prints the command list and exits 0 for --help', async () => {
    const fake = fakeEnvironment();
    await expect(runCli(['--help'], fake.environment)).resolves.toBe(0);
    expect(fake.stdout()).toContain('report');
    expect(fake.stdout()).toContain('retire');
  });

  it('prints usage and exits 1 when no command is given', async () => {
    const fake = fakeEnvironment();
    await expect(runCli([], fake.environment)).resolves.toBe(1);
    expect(fake.stdout()).toContain('Usage: iam-cert-expiry <command>');
  });

  it('names the unknown command and exits 1', async () => {
    const fake = fakeEnvironment();
    await expect(runCli(['purge'], fake.environment)).resolves.toBe(1);
    expect(fake.stderr()).toContain('unknown command "purge"');
  });

  it('does not treat inherited object keys as commands', async () => {
    const fake = fakeEnvironment();
    await expect(runCli(['toString'], fake.environment)).resolves.toBe(1);
    expect(fake.stderr()).toContain('unknown command "toString"');
  });

  it.each([
    [['report', '--foo'], 'report: unknown flag --foo'],
    [['retire', '--force'], 'retire: unknown flag --force'],
    [['report', '--days'], "'--days <value>' argument missing"],
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
  ])('rejects %j with an error naming the flag and exit 1, touching no AWS service', async (argv, message) => {
    const fake = fakeEnvironment();
    await expect(runCli(argv, fake.environment)).resolves.toBe(1);
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
});
