import { ruleExistsCheck, ruleSetupCheck, ruleStatusCheck, SILENT_AFTER_PERIODS } from '../../../../src/cli/doctor/checks/rule-checks';
import { DENIED, FAILED, HOUR, hoursAgo, matched, NOW, only, read, rule, status } from './facts';

describe('ruleStatusCheck', () => {
  const healthy = { lastSuccessfulInvocation: hoursAgo(2), lastSuccessfulEvaluation: hoursAgo(2), firstEvaluationStarted: true };

  it('passes a rule whose last invocation and evaluation succeeded within its period', () => {
    const result = ruleStatusCheck(only(rule()), read([status(healthy)]), NOW);
    expect(result.status).toBe('ok');
    expect(result.detail).toContain('last successful invocation 2026-11-23T10:00:00Z (2 h ago); last failed invocation never');
  });

  it('fails a rule whose last failed invocation is newer than its last successful one, with Config’s error in full', () => {
    const message = 'x'.repeat(2_000);
    const result = ruleStatusCheck(only(rule()), read([status({ ...healthy, lastFailedInvocation: hoursAgo(1), lastErrorCode: 'InsufficientPermissionsException', lastErrorMessage: message })]), NOW);
    expect(result.status).toBe('fail');
    expect(result.detail.slice(0, 2)).toEqual(['Its last invocation failed at 2026-11-23T11:00:00Z, after its last successful one.', `Config's error: InsufficientPermissionsException: ${message}`]);
  });

  it('fails a rule whose last evaluation failed after its last successful one', () => {
    const result = ruleStatusCheck(only(rule()), read([status({ ...healthy, lastFailedEvaluation: hoursAgo(1) })]), NOW);
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('Config gave no error code or message.');
  });

  it('fails a rule that failed and never succeeded', () => {
    expect(ruleStatusCheck(only(rule()), read([status({ lastFailedInvocation: hoursAgo(1) })]), NOW).status).toBe('fail');
  });

  it('passes a rule whose failure is older than its last success, and shows that earlier error', () => {
    const result = ruleStatusCheck(only(rule()), read([status({ ...healthy, lastFailedInvocation: hoursAgo(5), lastErrorCode: 'E', lastErrorMessage: 'old' })]), NOW);
    expect(result.status).toBe('ok');
    expect(result.detail[0]).toBe('An earlier failure, since recovered: E: old');
  });

  it('S4: a rule that never ran within its grace after activation is not yet known, with the time to look again (a period and an hour when periodic, an hour when only change-triggered)', () => {
    const activated = (hours: number, overrides = {}) => ruleStatusCheck(only(rule(overrides)), read([status({ firstEvaluationStarted: false, firstActivated: hoursAgo(hours) })]), NOW);
    expect(activated(25)).toMatchObject({ status: 'unknown', knownAfter: hoursAgo(0) });
    expect(activated(25).detail[0]).toBe('Not yet known: it has not run successfully yet, and Config activated it 2026-11-22T11:00:00Z (25 h ago); its first run is due by 2026-11-23T12:00:00Z (doctor fails it after that).');
    expect(activated(25).remedy).toContain('start-config-rules-evaluation --config-rule-names iam-server-certificate-expiring');
    expect(activated(1, { periodic: false }).status).toBe('unknown');
  });

  it('S4: fails a rule that never ran when Config gives no FirstActivatedTime', () => {
    const result = ruleStatusCheck(only(rule()), read([status({ firstEvaluationStarted: false, firstActivated: undefined })]), NOW);
    expect(result.status).toBe('fail');
    expect(result.detail[0]).toContain('gives no activation time');
  });

  it('B3: fails a rule whose last successful evaluation is older than two periods, however recent its successful invocations', () => {
    const result = ruleStatusCheck(only(rule()), read([status({ lastSuccessfulInvocation: hoursAgo(1), lastSuccessfulEvaluation: hoursAgo(24 * 10), firstEvaluationStarted: true })]), NOW);
    expect(result.status).toBe('fail');
    expect(result.detail[0]).toBe('Silent: no successful evaluation since 2026-11-13T12:00:00Z, though it runs every 24 h. Config still invokes it (last at 2026-11-23T11:00:00Z), but the function delivers no results.');
  });

  it('A2: fails a rule that never ran once its grace after FirstActivatedTime is over', () => {
    const activated = (hours: number, overrides = {}) => ruleStatusCheck(only(rule(overrides)), read([status({ firstEvaluationStarted: false, firstActivated: hoursAgo(hours) })]), NOW);
    expect(activated(25 + 1 / 3600).status).toBe('fail');
    expect(activated(72).detail[0]).toBe('It has never run successfully, though Config activated it at 2026-11-20T12:00:00Z, more than 25 h ago (it runs every 24 h).');
    expect(activated(7, { frequency: 'Six_Hours' }).status).toBe('unknown');
    expect(activated(7 + 1 / 3600, { frequency: 'Six_Hours' }).status).toBe('fail');
    expect(activated(1 + 1 / 3600, { periodic: false }).status).toBe('fail');
  });

  it('A2: judges a rule Config gives no status for from its newest result: none fails, one older than two periods fails (a capped read too), a recent one passes, unread or timeless results are not yet known', () => {
    const judged = (newest: { at: Date | undefined; read: number; complete: boolean }) => ruleStatusCheck(only(rule()), read([]), NOW, read(newest));
    expect(judged({ at: undefined, read: 0, complete: true }).status).toBe('fail');
    expect(judged({ at: undefined, read: 0, complete: true }).detail[2]).toContain('gives no activation time (FirstActivatedTime)');
    expect(judged({ at: hoursAgo(49), read: 3, complete: true }).status).toBe('fail');
    expect(judged({ at: hoursAgo(49), read: 500, complete: false })).toMatchObject({
      status: 'fail',
      detail: [
        expect.stringContaining('judged from its results'),
        'Silent as far as read: none of the first 500 results is newer than 2026-11-21T11:00:00Z, though it runs every 24 h; only a newer result among those not read would prove a run.',
        'Its newest result was recorded at 2026-11-21T11:00:00Z (of 500 read, the rest not read).',
      ],
    });
    expect(judged({ at: hoursAgo(2), read: 500, complete: false }).status).toBe('ok');
    expect(judged({ at: hoursAgo(2), read: 3, complete: true }).status).toBe('ok');
    expect(judged({ at: undefined, read: 500, complete: false })).toMatchObject({ status: 'unknown', detail: [expect.any(String), 'Not yet known: none of the first 500 results carries a time, and the rest were not read.'] });
    expect(ruleStatusCheck(only(rule()), read([]), NOW)).toMatchObject({ status: 'unknown', detail: [expect.any(String), 'Not yet known: its results were not read, so nothing shows whether it has run.'] });
  });

  it(`fails a periodic rule as silent after ${SILENT_AFTER_PERIODS} periods without success, not at the boundary`, () => {
    const at = (hours: number) => ruleStatusCheck(only(rule()), read([status({ lastSuccessfulInvocation: hoursAgo(hours), lastSuccessfulEvaluation: hoursAgo(hours) })]), NOW);
    expect(at(48).status).toBe('ok');
    expect(at(48 + 1 / 3600).status).toBe('fail');
    expect(at(49).detail[0]).toBe('Silent: no successful evaluation since 2026-11-21T11:00:00Z, though it runs every 24 h.');
  });

  it('judges silence by the rule’s own frequency', () => {
    const hourly = only(rule({ frequency: 'One_Hour' }));
    expect(ruleStatusCheck(hourly, read([status({ lastSuccessfulInvocation: hoursAgo(3), lastSuccessfulEvaluation: hoursAgo(3) })]), NOW).status).toBe('fail');
    expect(ruleStatusCheck(hourly, read([status({ lastSuccessfulInvocation: new Date(NOW.getTime() - 1.5 * HOUR), lastSuccessfulEvaluation: hoursAgo(1) })]), NOW).status).toBe('ok');
  });

  it('B3: judges a rule Config invoked but records no successful evaluation for as one that never ran: failed after its grace, not yet known within it', () => {
    const invokedOnly = (activatedHoursAgo: number) => ruleStatusCheck(only(rule()), read([status({ lastSuccessfulInvocation: hoursAgo(1), firstActivated: hoursAgo(activatedHoursAgo) })]), NOW);
    expect(invokedOnly(30 * 24).status).toBe('fail');
    expect(invokedOnly(30 * 24).detail[1]).toContain('records no successful evaluation');
    expect(invokedOnly(2).status).toBe('unknown');
  });

  it('is not yet known, never a warning, when Config returned no status for the rule and its results were not read', () => {
    const result = ruleStatusCheck(only(rule()), read([status(healthy, 'another-rule')]), NOW);
    expect(result.status).toBe('unknown');
  });

  it('fails, never skips, when the status cannot be read', () => {
    expect(ruleStatusCheck(only(rule()), DENIED, NOW)).toMatchObject({ status: 'fail', detail: ['not readable (needs config:DescribeConfigRuleEvaluationStatus): AccessDeniedException: no'] });
    expect(ruleStatusCheck(only(rule()), FAILED, NOW).status).toBe('fail');
  });
});

describe('ruleSetupCheck', () => {
  it('passes a rule set up as serverless.yml sets it up, and summarises it', () => {
    const result = ruleSetupCheck(only(rule({ inputParameters: '{"daysToExpiration":"30","securityHubFindings":"true","ExecutionRoleName":"Role"}' })));
    expect(result.status).toBe('ok');
    expect(result.detail).toEqual([
      'ACTIVE; function rule-fn (account 123456789012, us-east-1); runs every 24 h and on changes; scope AWS::IAM::ServerCertificate; daysToExpiration 30; imports Security Hub findings; assumes Role in member accounts.',
    ]);
  });

  it.each([
    ['no periodic trigger', { periodic: false }, 'no periodic trigger'],
    ['a scope without the type', { resourceTypes: ['AWS::EC2::Instance'] }, 'leaves out AWS::IAM::ServerCertificate'],
    ['parameters the function refuses', { inputParameters: '{"daysToExpiration":"-1"}' }, 'Invalid rule parameter daysToExpiration'],
    ['a rule being deleted', { state: 'DELETING' }, 'Config is deleting the rule'],
    ['a managed rule of the same name', { owner: 'AWS', functionArn: undefined }, 'not CUSTOM_LAMBDA'],
    ['a source that is no function', { functionArn: 'arn:aws:s3:::bucket' }, 'not a Lambda function ARN'],
  ])('fails a rule with %s', (_case, overrides, expected) => {
    const result = ruleSetupCheck(only(rule(overrides)));
    expect(result.status).toBe('fail');
    expect(result.detail.join('\n')).toContain(expected);
  });

  it('warns for a rule without a scope or a change trigger', () => {
    expect(ruleSetupCheck(only(rule({ resourceTypes: [] }))).status).toBe('warn');
    expect(ruleSetupCheck(only(rule({ changeTriggered: false }))).status).toBe('warn');
  });
});

describe('ruleExistsCheck', () => {
  it('passes a base name deployed as an organization rule and names how it was deployed', () => {
    const deployed = [rule({ name: 'OrgConfigRule-iam-server-certificate-expired-dbgzf8ba' }), rule({ name: 'other' })];
    const result = ruleExistsCheck('iam-server-certificate-expired', read(deployed), matched(...deployed), 'us-east-1');
    expect(result).toMatchObject({ status: 'ok', detail: ['OrgConfigRule-iam-server-certificate-expired-dbgzf8ba: deployed by an organization rule, ACTIVE'] });
  });

  it('fails a base name no rule deploys, naming how many rules it looked at and what to do', () => {
    const deployed = [rule({ name: 'iam-server-certificate-expiredish' })];
    const result = ruleExistsCheck('iam-server-certificate-expired', read(deployed), matched(...deployed), 'eu-west-1');
    expect(result.status).toBe('fail');
    expect(result.detail[0]).toContain('None of the 1 Config rules here');
    expect(result.remedy).toContain('--rule NAME');
  });

  it('fails when the rules cannot be listed', () => {
    expect(ruleExistsCheck('iam-server-certificate-expired', FAILED, [], 'us-east-1')).toMatchObject({ status: 'fail', detail: ['could not be read: config:DescribeConfigRules failed: ThrottlingException: Rate exceeded'] });
  });
});
