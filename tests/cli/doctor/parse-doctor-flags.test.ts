import { parseDoctorFlags } from '../../../src/cli/doctor/parse-doctor-flags';
import { CliUsageError } from '../../../src/errors';

describe('parseDoctorFlags', () => {
  it('defaults to the two rules serverless.yml deploys and text output', () => {
    expect(parseDoctorFlags([])).toEqual({
      help: false,
      rules: ['iam-server-certificate-expired', 'iam-server-certificate-expiring'],
      rulesGiven: false,
      accounts: [],
      aggregator: undefined,
      conformancePacks: [],
      format: 'text',
    });
  });

  it('takes --rule and --account repeatedly, dropping repeats', () => {
    const options = parseDoctorFlags(['--rule', 'a', '--rule', 'b', '--rule', 'a', '--account', '111122223333', '--json']);
    expect(options).toMatchObject({ rules: ['a', 'b'], accounts: ['111122223333'], format: 'json' });
    expect(parseDoctorFlags(['--log-group', 'stack-LogGroup-1A2B/x.y#z']).logGroup).toBe('stack-LogGroup-1A2B/x.y#z');
  });

  it.each([
    [['--account', '1234'], '--account must be a 12-digit AWS account id'],
    [['--rule', 'has space'], '--rule must be a Config rule name'],
    [['--aggregator', 'bad name'], '--aggregator must be a Config aggregator name'],
    [['--aggregator', 'org', '--account', '111122223333'], 'with --aggregator every account of the aggregator is tried'],
    [['--conformance-pack', 'p'], '--conformance-pack applies to --aggregator only'],
    [['--aggregator', 'org', '--conformance-pack', '1pack'], '--conformance-pack must be an organization conformance pack name'],
    // The region is the global --region, which runCli takes off the line before doctor sees it (tests/cli/run-cli.test.ts).
    [['--region', 'eu-west-1'], 'unknown flag --region'],
    [['--log-group', 'has space'], '--log-group must be a CloudWatch Logs log group name'],
    [['--log-group', 'a:b'], '--log-group must be a CloudWatch Logs log group name'],
    [['--bogus'], 'unknown flag --bogus'],
  ])('refuses %j naming the flag', (args, message) => {
    expect(() => parseDoctorFlags(args)).toThrow(CliUsageError);
    expect(() => parseDoctorFlags(args)).toThrow(message);
  });
});
