import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useStandInThroughSdk } from '../../support/stand-in-through-sdk';
import { ACCOUNT, deployHealthy, EXPIRED, EXPIRING, FUNCTION_ARN, FUNCTION_NAME, LOG_GROUP, MEMBER } from './deployment-fixture';
import { runDoctor, runDoctorJson } from './run-doctor';

const NOW = new Date('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * `doctor` in-process with its real AWS wiring (the SDK clients of Config,
 * CloudWatch Logs, Security Hub and STS, credential chain, endpoints from the
 * environment) against the stand-in.
 */
describe('doctor against the stand-in', () => {
  // One attempt a call: the stand-in answers at once, and a fault must show at once. The environment is restored after the file.
  const { standIn } = useStandInThroughSdk(() => {
    process.env['AWS_MAX_ATTEMPTS'] = '1';
  });

  const doctor = (...args: string[]) => runDoctor(args, NOW);
  const doctorJson = (...args: string[]) => runDoctorJson(args, NOW);

  it('(a) exits 0 with every check ok when a central deployment with Security Hub findings is healthy', async () => {
    deployHealthy(standIn(), NOW, { securityHub: true, central: true });

    const { code, report } = await doctorJson('--account', MEMBER);

    expect(report.checks.filter((item) => item.status !== 'ok')).toEqual([]);
    // Every time read is judged at doctor's own `now`: none may read as later than it.
    expect(report.checks.filter((item) => item.detail.includes('in the future'))).toEqual([]);
    expect(report.checks.map((item) => item.id)).toEqual([
      'credentials',
      'region',
      `rule:${EXPIRED}`,
      `rule:${EXPIRING}`,
      `rule-setup:${EXPIRED}`,
      `rule-status:${EXPIRED}`,
      `rule-setup:${EXPIRING}`,
      `rule-status:${EXPIRING}`,
      'recorder',
      'recorder-recording',
      'recorder-records-type',
      'function-errors:iam-server-certificate-expiry-rule-prod-rule',
      'security-hub',
      `member-role:${MEMBER}`,
    ]);
    expect(code).toBe(0);
    expect(report.exitCode).toBe(0);
    const calls = standIn().callCounts();
    // FilterLogEvents twice: the failure lines, and the latest "rule run complete" line.
    expect(calls).toMatchObject({ DescribeConfigRules: 1, DescribeConfigRuleEvaluationStatus: 1, DescribeConfigurationRecorders: 1, DescribeConfigurationRecorderStatus: 1, 'logs:FilterLogEvents': 2, 'lambda:GetFunctionConfiguration': 1, DescribeHub: 1, AssumeRole: 1 });
  });

  it('(b) exits 2 and prints LastErrorMessage in full, escaped, when the rule’s last run failed', async () => {
    deployHealthy(standIn(), NOW);
    const message = `${'Lambda function arn:aws:lambda:us-east-1:123456789012:function:x could not be invoked; '.repeat(6)}\u001b[31mred\nsecond line`;
    standIn().account(ACCOUNT).configRules.recordInvocation(EXPIRING, new Date(NOW.getTime() - 600_000), { code: 'InsufficientPermissionsException', message });

    const { code, out } = await doctor();

    expect(code).toBe(2);
    expect(out).toMatch(/^FAIL +Config rule iam-server-certificate-expiring ran successfully last time +\[rule-status:iam-server-certificate-expiring\]$/m);
    const escaped = message.replace('\u001b', '\\x1b').replace('\n', '\\n');
    expect(out).toContain(`Config's error: InsufficientPermissionsException: ${escaped}`);
    expect(out).not.toContain('\u001b');
    expect(out).toMatch(/fix: .*start-config-rules-evaluation --config-rule-names iam-server-certificate-expiring/);
  });

  it('(c) fails the recorder check with the fix when the recorder does not record AWS::IAM::ServerCertificate', async () => {
    deployHealthy(standIn(), NOW);
    standIn().account(ACCOUNT).setRecorder({ name: 'default', allSupported: false, strategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::EC2::Instance', 'AWS::S3::Bucket'] });

    const { code, report } = await doctorJson();

    expect(code).toBe(2);
    const recorder = report.checks.find((item) => item.id === 'recorder-records-type');
    expect(recorder?.status).toBe('fail');
    expect(recorder?.detail).toContain('records only the 2 types it lists, and AWS::IAM::ServerCertificate is not one of them');
    expect(recorder?.remedy).toContain('aws configservice put-configuration-recorder');
    expect(report.checks.filter((item) => item.status === 'fail').map((item) => item.id)).toEqual(['recorder-records-type']);
  });

  it('fails the function check with the handler’s error when its log holds a failure newer than the last successful evaluation', async () => {
    deployHealthy(standIn(), NOW);
    standIn()
      .account(ACCOUNT)
      .logs.put('us-east-1', LOG_GROUP, [
        {
          at: new Date(NOW.getTime() - 60_000),
          message: `{"level":"ERROR","message":"rule run failed; AWS Config will retry","rule":"${EXPIRED}","error":{"name":"AccessDeniedError","message":"the Lambda's role may not call config:PutEvaluations in account this account"}}`,
        },
      ]);

    const { code, report } = await doctorJson();

    expect(code).toBe(2);
    const errors = report.checks.find((item) => item.id.startsWith('function-errors:'));
    expect(errors?.status).toBe('fail');
    expect(errors?.detail).toContain(`${EXPIRED}: AccessDeniedError: the Lambda's role may not call config:PutEvaluations`);
  });

  it('skips the function check with the permission it needs, never passes it, when logs:FilterLogEvents is refused', async () => {
    deployHealthy(standIn(), NOW);
    standIn().denyAction(ACCOUNT, 'logs:FilterLogEvents');

    const { code, report } = await doctorJson();

    const errors = report.checks.find((item) => item.id.startsWith('function-errors:'));
    expect(errors?.status).toBe('skipped');
    expect(errors?.detail).toMatch(/^not readable \(needs logs:FilterLogEvents on arn:aws:logs:us-east-1:123456789012:log-group:\/aws\/lambda\/iam-server-certificate-expiry-rule-prod-rule:\*\)/);
    expect(code).toBe(0);
  });

  it('follows empty pages of FilterLogEvents to the failure behind them', async () => {
    deployHealthy(standIn(), NOW);
    const state = standIn().account(ACCOUNT);
    state.logs.emptyPages = 3;
    state.logs.put('us-east-1', LOG_GROUP, [{ at: new Date(NOW.getTime() - 60_000), message: '2026-11-23T11:59:00.000Z abc Task timed out after 120.00 seconds' }]);

    const { report } = await doctorJson();

    const errors = report.checks.find((item) => item.id.startsWith('function-errors:'));
    expect(errors?.status).toBe('fail');
    expect(errors?.detail).toContain('Task timed out after 120.00 seconds');
    // Each search (failure lines, then the latest "rule run complete" line) follows the 3 empty pages.
    expect(standIn().callCounts()['logs:FilterLogEvents']).toBe(8);
  });

  it('searches the log group --log-group names (the one-account stack\'s own group), and skips, naming the flag, when the default group does not exist', async () => {
    deployHealthy(standIn(), NOW);
    const state = standIn().account(ACCOUNT);
    const stackGroup = 'iam-server-certificate-expiry-LogGroup-1A2B3C4D5E6F';
    // The stack's own group instead of Lambda's default one.
    state.logs.clear();
    state.logs.put('us-east-1', stackGroup, [{ at: new Date(NOW.getTime() - 60_000), message: '2026-11-23T11:59:00.000Z abc Task timed out after 120.00 seconds' }]);

    const byDefault = (await doctorJson()).report.checks.find((item) => item.id.startsWith('function-errors:'));
    expect(byDefault).toMatchObject({ status: 'skipped', remedy: expect.stringContaining('--log-group') });

    const named = (await doctorJson('--log-group', stackGroup)).report.checks.find((item) => item.id.startsWith('function-errors:'));
    expect(named?.status).toBe('fail');
    expect(named?.detail).toContain(`${stackGroup}: 1 failure line(s)`);
  });

  it('A3: searches the log group the function\'s LoggingConfig names (GetFunctionConfiguration), not an assumed /aws/lambda/FUNCTION', async () => {
    deployHealthy(standIn(), NOW);
    const state = standIn().account(ACCOUNT);
    const custom = 'central/certificate-rule';
    state.lambdaFunctions.put({ name: FUNCTION_NAME, region: 'us-east-1', logGroup: custom });
    state.logs.put('us-east-1', custom, [{ at: new Date(NOW.getTime() - 60_000), message: '2026-11-23T11:59:00.000Z abc Task timed out after 120.00 seconds' }]);

    const { code, report } = await doctorJson();

    const errors = report.checks.find((item) => item.id.startsWith('function-errors:'));
    expect(errors?.status).toBe('fail');
    expect(errors?.detail).toContain(`${custom}: 1 failure line(s)`);
    expect(code).toBe(2);
  });

  it('A3: falls back to /aws/lambda/FUNCTION, and says so, when GetFunctionConfiguration is refused', async () => {
    deployHealthy(standIn(), NOW);
    standIn().denyAction(ACCOUNT, 'lambda:GetFunctionConfiguration');

    const { report } = await doctorJson();

    const errors = report.checks.find((item) => item.id.startsWith('function-errors:'));
    expect(errors?.status).toBe('ok');
    expect(errors?.detail).toContain("lambda:GetFunctionConfiguration was refused");
    expect(errors?.detail).toContain(LOG_GROUP);
  });

  it('A2: judges the rules from their newest results when Config omits the evaluation status of custom Lambda rules, as its API reference says it does', async () => {
    deployHealthy(standIn(), NOW);
    const state = standIn().account(ACCOUNT);
    state.configRules.customLambdaStatus = 'omitted';
    const recorded = new Date(NOW.getTime() - 2 * 3_600_000);
    for (const ruleName of [EXPIRED, EXPIRING]) {
      state.evaluations.put({ ruleName, resourceType: 'AWS::::Account', resourceId: ACCOUNT, complianceType: 'NOT_APPLICABLE', annotation: undefined, orderingTimestamp: recorded, recordedTime: recorded, resultToken: 't' });
    }

    const { code, report } = await doctorJson();

    const statuses = report.checks.filter((item) => item.id.startsWith('rule-status:'));
    expect(statuses.map((item) => item.status)).toEqual(['ok', 'ok']);
    expect(statuses[0]?.detail).toContain('does not return status information about Config Custom Lambda rules');
    expect(statuses[0]?.detail).toContain('Its newest result was recorded at 2026-11-23T10:00:00Z');
    expect(code).toBe(0);
  });

  it('A2: fails, exit 2, a rule with neither an evaluation status nor any result', async () => {
    deployHealthy(standIn(), NOW);
    standIn().account(ACCOUNT).configRules.customLambdaStatus = 'omitted';

    const { code, report } = await doctorJson();

    const statuses = report.checks.filter((item) => item.id.startsWith('rule-status:'));
    expect(statuses.map((item) => item.status)).toEqual(['fail', 'fail']);
    expect(statuses[0]?.detail).toContain('It has no result at all: no periodic run ever reported');
    expect(code).toBe(2);
  });

  it('A2: fails, exit 2, never warns, a rule without a status whose newest result among the 500 read is older than two periods', async () => {
    deployHealthy(standIn(), NOW);
    const state = standIn().account(ACCOUNT);
    state.configRules.customLambdaStatus = 'omitted';
    const old = new Date(NOW.getTime() - 3 * 24 * 3_600_000);
    for (const ruleName of [EXPIRED, EXPIRING]) {
      for (let index = 0; index < 501; index += 1) {
        state.evaluations.put({ ruleName, resourceType: 'AWS::IAM::ServerCertificate', resourceId: `ASCA${index}`, complianceType: 'COMPLIANT', annotation: undefined, orderingTimestamp: old, recordedTime: old, resultToken: 't' });
      }
    }

    const { code, report } = await doctorJson();

    const statuses = report.checks.filter((item) => item.id.startsWith('rule-status:'));
    expect(statuses.map((item) => item.status)).toEqual(['fail', 'fail']);
    expect(statuses[0]?.detail).toContain('Its newest result was recorded at 2026-11-20T12:00:00Z (of 500 read, the rest not read).');
    expect(code).toBe(2);
  });

  it('A2: fails, exit 2, rules that never ran three days after activation, and a function with no failure but no sign of a run', async () => {
    deployHealthy(standIn(), NOW);
    const state = standIn().account(ACCOUNT);
    for (const name of [EXPIRED, EXPIRING]) {
      state.configRules.put({ name, functionArn: FUNCTION_ARN, inputParameters: { daysToExpiration: name === EXPIRED ? '0' : '30' }, activatedAt: new Date(NOW.getTime() - 3 * 24 * 3_600_000), status: {} });
    }
    // The log group exists, with no line at all: no failure, and no run.
    state.logs.clear();
    state.logs.put('us-east-1', LOG_GROUP, []);

    const { code, report } = await doctorJson();

    const statuses = report.checks.filter((item) => item.id.startsWith('rule-status:') || item.id.startsWith('function-errors:'));
    expect(statuses.map((item) => item.status)).toEqual(['fail', 'fail', 'fail']);
    expect(statuses[0]?.detail).toContain('It has never run successfully, though Config activated it at 2026-11-20T12:00:00Z, more than 25 h ago (it runs every 24 h).');
    expect(statuses[2]?.detail).toContain('But nothing shows that it ran: no "rule run complete" line since 2026-11-22T12:00:00Z');
    expect(code).toBe(2);
  });

  it('finds the rules Config deployed for an organization under their OrgConfigRule- and conformance-pack names', async () => {
    const state = standIn().account(ACCOUNT);
    deployHealthy(standIn(), NOW);
    state.configRules.clear();
    state.configRules.put({ name: `OrgConfigRule-${EXPIRED}-a1b2c3d4`, functionArn: 'arn:aws:lambda:us-east-1:999988887777:function:central', createdBy: 'config-multiaccountsetup.amazonaws.com' });
    state.configRules.put({ name: `${EXPIRING}-conformance-pack-szsm1uv0`, functionArn: 'arn:aws:lambda:us-east-1:999988887777:function:central', createdBy: 'config-conforms.amazonaws.com' });

    const { report } = await doctorJson();

    expect(report.checks.find((item) => item.id === `rule:${EXPIRED}`)).toMatchObject({ status: 'ok', detail: expect.stringContaining(`OrgConfigRule-${EXPIRED}-a1b2c3d4: deployed by an organization rule`) });
    expect(report.checks.find((item) => item.id === `rule:${EXPIRING}`)).toMatchObject({ status: 'ok', detail: expect.stringContaining('deployed by a conformance pack') });
    // The central function's log is in the central account: not searched from here, and said so.
    expect(report.checks.find((item) => item.id === 'function-errors:central')).toMatchObject({ status: 'skipped', detail: expect.stringContaining('account 999988887777') });
  });

  it('fails every rule check when there is no rule, and says where it looked', async () => {
    const { code, report } = await doctorJson();

    expect(code).toBe(2);
    expect(report.checks.find((item) => item.id === `rule:${EXPIRED}`)).toMatchObject({ status: 'fail', detail: expect.stringContaining('None of the 0 Config rules here') });
    expect(report.checks.find((item) => item.id === 'function-errors')?.status).toBe('skipped');
  });

  it('fails the recorder checks when there is no recorder, and when it is stopped', async () => {
    deployHealthy(standIn(), NOW);
    standIn().account(ACCOUNT).setRecorder(undefined);
    const none = await doctorJson();
    expect(none.report.checks.find((item) => item.id === 'recorder')?.status).toBe('fail');
    expect(none.report.checks.find((item) => item.id === 'recorder-records-type')?.status).toBe('skipped');

    standIn().account(ACCOUNT).setRecorder({ name: 'default', allSupported: true, includeGlobalResourceTypes: true, recording: false });
    const stopped = await doctorJson();
    expect(stopped.report.checks.find((item) => item.id === 'recorder-recording')).toMatchObject({ status: 'fail', remedy: 'aws configservice start-configuration-recorder --configuration-recorder-name default' });
  });

  it('fails the Security Hub check when a rule imports findings and Security Hub is off', async () => {
    deployHealthy(standIn(), NOW, { securityHub: true });
    standIn().setSecurityHubEnabled(false);

    const { code, report } = await doctorJson();

    expect(code).toBe(2);
    expect(report.checks.find((item) => item.id === 'security-hub')).toMatchObject({ status: 'fail', detail: expect.stringContaining('is not subscribed to AWS Security Hub') });
  });

  /** Both rules of {@link deployHealthy} again, activated `activatedAt` with `status`. */
  const redeploy = (activatedAt: Date, status: { lastSuccessfulInvocation?: Date; lastSuccessfulEvaluation?: Date; firstEvaluationStarted: boolean }): void => {
    for (const [name, days] of [[EXPIRED, '0'], [EXPIRING, '30']] as const) {
      standIn().account(ACCOUNT).configRules.put({ name, functionArn: FUNCTION_ARN, inputParameters: { daysToExpiration: days, checkUsage: 'false', usageRegions: 'us-east-1' }, activatedAt, status });
    }
  };

  it('B3: exits 2 when the rules’ last successful evaluation is 10 days old, though Config invoked them an hour ago', async () => {
    deployHealthy(standIn(), NOW);
    redeploy(new Date(NOW.getTime() - 30 * DAY), { lastSuccessfulInvocation: new Date(NOW.getTime() - HOUR), lastSuccessfulEvaluation: new Date(NOW.getTime() - 10 * DAY), firstEvaluationStarted: true });

    const { code, report } = await doctorJson();

    expect(code).toBe(2);
    expect(report.checks.filter((item) => item.id.startsWith('rule-status:')).map((item) => item.status)).toEqual(['fail', 'fail']);
  });

  it('S4: exits 3, never 0, and says when to run again while the rules await their first run', async () => {
    deployHealthy(standIn(), NOW);
    redeploy(new Date(NOW.getTime() - 2 * HOUR), { firstEvaluationStarted: false });

    const { code, out, err } = await doctor();

    expect(code).toBe(3);
    expect(out).toMatch(/^not yet known Config rule iam-server-certificate-expired ran successfully last time/m);
    expect(out).not.toMatch(/^FAIL/m);
    // Activated 2 h ago, periodic every 24 h: due a period and an hour after activation.
    expect(err).toContain('not yet known, run again after 2026-11-24T11:00:00Z');
  });

  it('signs every call with the --profile given, for the global --region, as every command does', async () => {
    deployHealthy(standIn(), NOW);
    const directory = mkdtempSync(join(tmpdir(), 'doctor-profile-'));
    const saved = { config: process.env['AWS_CONFIG_FILE'], credentials: process.env['AWS_SHARED_CREDENTIALS_FILE'] };
    writeFileSync(join(directory, 'config'), '[profile auditor]\nregion = eu-west-1\n');
    writeFileSync(join(directory, 'credentials'), '[auditor]\naws_access_key_id = AKIADOCTORPROFILE001\naws_secret_access_key = doctor-profile-secret\n');
    Object.assign(process.env, { AWS_CONFIG_FILE: join(directory, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(directory, 'credentials') });
    try {
      // runDoctor passes the global --region us-east-1: it wins over the profile's eu-west-1.
      const { code, report } = await doctorJson('--profile', 'auditor');

      expect(code).toBe(0);
      expect(report.checks.find((item) => item.id === 'region')?.status).toBe('ok');
      const calls = standIn().calls.all();
      expect(calls.length).toBeGreaterThan(5);
      expect(calls.filter((call) => call.accessKeyId !== 'AKIADOCTORPROFILE001' || call.signedRegion !== 'us-east-1')).toEqual([]);
    } finally {
      for (const [key, value] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
