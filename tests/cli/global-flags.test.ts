import { parseCommandLine } from '../../src/cli/global-flags';
import { CliUsageError } from '../../src/errors';

const NONE = { profile: undefined, region: undefined, version: false, help: false };

describe('parseCommandLine', () => {
  it.each([
    [['--profile', 'prod', '--region', 'eu-west-1', 'report', '--json']],
    [['report', '--profile', 'prod', '--json', '--region', 'eu-west-1']],
    [['--profile=prod', 'report', '--region=eu-west-1', '--json']],
    [['--region', 'eu-west-1', 'report', '--json', '--profile', 'prod']],
  ])('takes --profile and --region before or after the command, as the AWS CLI does: %j', (argv) => {
    expect(parseCommandLine(argv)).toEqual({ globals: { ...NONE, profile: 'prod', region: 'eu-west-1' }, command: 'report', args: ['--json'] });
  });

  it("leaves the command's own flags, values and positionals in order", () => {
    expect(parseCommandLine(['check-iac', 'plan.json', '--days', '7', '--sarif', 'cdk.out/'])).toEqual({
      globals: NONE,
      command: 'check-iac',
      args: ['plan.json', '--days', '7', '--sarif', 'cdk.out/'],
    });
  });

  it('leaves everything after -- to the command, global-looking words included', () => {
    expect(parseCommandLine(['check-iac', '--region', 'us-east-1', '--', '--profile', 'x.json'])).toEqual({
      globals: { ...NONE, region: 'us-east-1' },
      command: 'check-iac',
      args: ['--', '--profile', 'x.json'],
    });
  });

  it('finds --version anywhere, and --help only before the command', () => {
    expect(parseCommandLine(['--version'])).toEqual({ globals: { ...NONE, version: true }, command: undefined, args: [] });
    expect(parseCommandLine(['report', '--days', '3', '--version']).globals.version).toBe(true);
    expect(parseCommandLine(['-h'])).toEqual({ globals: { ...NONE, help: true }, command: undefined, args: [] });
    expect(parseCommandLine(['report', '--help'])).toEqual({ globals: NONE, command: 'report', args: ['--help'] });
  });

  it.each([
    [['--profile'], '--profile needs a value, as in --profile prod, got nothing'],
    [['report', '--profile', '--json'], '--profile needs a value, as in --profile prod, got "--json"'],
    [['--profile=', 'report'], '--profile needs a value, as in --profile prod, got ""'],
    [['report', '--region'], '--region needs a value, as in --region eu-west-1, got nothing'],
    [['--region', 'Europe', 'report'], '--region must be an AWS region such as eu-west-1, got "Europe"'],
    [['--profile', 'a\u001b[2Jb', 'report'], '--profile must be a profile name, got "a\\u001b[2Jb"'],
    [['--profile', 'prod', 'retire', '--profile', 'dev'], '--profile given twice; give it once'],
    [['--region', 'us-east-1', 'report', '--region=eu-west-1'], '--region given twice; give it once'],
    [['--days', '3', 'report'], 'unknown flag "--days" before the command; a command\'s own flags go after it'],
    [['--', 'report'], 'give the command before --'],
  ])('refuses %j as a usage error: %s', (argv, message) => {
    let thrown: unknown;
    try {
      parseCommandLine(argv);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliUsageError);
    expect((thrown as CliUsageError).command).toBe('');
    expect((thrown as CliUsageError).message).toContain(message);
  });
});
