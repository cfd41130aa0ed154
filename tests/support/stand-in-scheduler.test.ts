import { ConfigServiceClient, StartConfigRulesEvaluationCommand } from '@aws-sdk/client-config-service';
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import type { StandIn } from './stand-in/stand-in';
import type { RuleInvocation } from './stand-in/config-rule-evaluations';
import { arnLike, scheduleGroupArn } from './stand-in/scheduler-roles';
import { useStandInThroughSdk } from './stand-in-through-sdk';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/scheduler`;
const RULE = 'iam-server-certificate-expired';

describe("the stand-in's EventBridge Scheduler and Config on-demand evaluations, through the real SDK clients", () => {
  const sdk = useStandInThroughSdk();
  let standIn: StandIn;
  let scheduler: SchedulerClient;
  let config: ConfigServiceClient;
  let invocations: RuleInvocation[];

  beforeAll(() => {
    standIn = sdk.standIn();
    const credentials = { accessKeyId: 'AKIATESTSTANDIN00001', secretAccessKey: 'secret' };
    scheduler = sdk.client(() => new SchedulerClient({ region: 'us-east-1', credentials, maxAttempts: 1 }));
    config = sdk.client(() => new ConfigServiceClient({ region: 'us-east-1', credentials, maxAttempts: 1 }));
  });
  let ruleArn: string;
  beforeEach(() => {
    invocations = [];
    standIn.onRuleInvocation(async (invocation) => void invocations.push(invocation));
    ruleArn = standIn.defineConfigRule({ name: RULE, inputParameters: '{"daysToExpiration":"0"}' });
    // The role as the templates make it: trusted by this account's Scheduler for the default group, allowed to start the rule.
    standIn.scheduler.roles.define(ACCOUNT, 'scheduler', { sourceAccount: ACCOUNT, sourceArn: scheduleGroupArn(ACCOUNT, 'default'), startEvaluationOn: [ruleArn] });
  });

  const inMinutes = (minutes: number): string => `at(${new Date(standIn.clock.now().getTime() + minutes * 60_000).toISOString().slice(0, 19)})`;
  const schedule = (overrides: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput => ({
    Name: 'rule-schedule',
    ScheduleExpression: inMinutes(60),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: 'arn:aws:scheduler:::aws-sdk:config:startConfigRulesEvaluation',
      RoleArn: ROLE,
      Input: JSON.stringify({ ConfigRuleNames: [RULE] }),
      RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 3600 },
    },
    ...overrides,
  });
  const errorOf = async (promise: Promise<unknown>): Promise<string> => promise.then(() => 'no error', (error: Error) => error.name);

  it('SC1: creates, reads, updates and deletes a schedule of the default group; a second create is ConflictException, a missing one ResourceNotFoundException', async () => {
    expect((await scheduler.send(new CreateScheduleCommand(schedule()))).ScheduleArn).toBe(`arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/rule-schedule`);
    expect(await errorOf(scheduler.send(new CreateScheduleCommand(schedule())))).toBe('ConflictException');
    const read = await scheduler.send(new GetScheduleCommand({ Name: 'rule-schedule' }));
    expect(read).toMatchObject({ GroupName: 'default', ScheduleExpressionTimezone: 'UTC', ActionAfterCompletion: 'DELETE', State: 'ENABLED', Target: { RoleArn: ROLE } });
    expect(read.CreationDate).toBeInstanceOf(Date);
    // One expression, computed once: real time runs on, and a second boundary may pass between two computations.
    const later = inMinutes(90);
    await scheduler.send(new UpdateScheduleCommand({ ...schedule({ ScheduleExpression: later }), Name: 'rule-schedule' } as never));
    expect((await scheduler.send(new GetScheduleCommand({ Name: 'rule-schedule', GroupName: 'default' }))).ScheduleExpression).toBe(later);
    await scheduler.send(new DeleteScheduleCommand({ Name: 'rule-schedule' }));
    for (const call of [new GetScheduleCommand({ Name: 'rule-schedule' }), new DeleteScheduleCommand({ Name: 'rule-schedule' }), new UpdateScheduleCommand({ ...schedule(), Name: 'rule-schedule' } as never)]) {
      expect(await errorOf(scheduler.send(call as never))).toBe('ResourceNotFoundException');
    }
    expect(await errorOf(scheduler.send(new CreateScheduleCommand(schedule({ GroupName: 'no-such-group' }))))).toBe('ResourceNotFoundException');
  });

  it('SC2: validates names, expressions, the role ARN and the retry policy as the service model does (ValidationException)', async () => {
    const invalid = [
      schedule({ Name: 'x'.repeat(65) }),
      schedule({ Name: 'has space' }),
      schedule({ ScheduleExpression: 'at(2027-02-30T00:00:00)' }),
      schedule({ ScheduleExpression: 'at(2027-01-01 00:00:00)' }),
      schedule({ ScheduleExpression: 'at(2000-01-01T00:00:00)' }),
      schedule({ Target: { ...schedule().Target!, RoleArn: 'scheduler' } }),
      schedule({ Target: { ...schedule().Target!, RetryPolicy: { MaximumEventAgeInSeconds: 59 } } }),
      schedule({ Target: { ...schedule().Target!, RetryPolicy: { MaximumRetryAttempts: 186 } } }),
    ];
    for (const input of invalid) expect([input.Name, input.ScheduleExpression, await errorOf(scheduler.send(new CreateScheduleCommand(input)))]).toEqual([input.Name, input.ScheduleExpression, 'ValidationException']);
    // What Scheduler does with an at() already past is not documented: the stand-in models both answers.
    standIn.scheduler.pastAt = 'fire';
    expect(await errorOf(scheduler.send(new CreateScheduleCommand(schedule({ ScheduleExpression: 'at(2000-01-01T00:00:00)' }))))).toBe('no error');
  });

  it('SC3: fires on the stand-in\'s clock at at() plus the modelled 30 s, starts the rule\'s evaluation, then deletes itself; Config invokes the rule 15 s later', async () => {
    const expression = inMinutes(60);
    await scheduler.send(new CreateScheduleCommand(schedule({ ScheduleExpression: expression })));
    // The instant the expression names (UTC), not a second reading of the clock, which runs on in real time.
    const due = Date.parse(`${expression.slice('at('.length, -1)}Z`);
    await standIn.clock.advance(59 * 60_000);
    expect(invocations).toEqual([]);
    expect(standIn.scheduler.list()).toHaveLength(1);
    await standIn.clock.advance(2 * 60_000);
    expect(invocations).toHaveLength(1);
    const event = invocations[0]?.event as Record<string, string>;
    const invoking = JSON.parse(event['invokingEvent'] ?? '{}') as Record<string, string>;
    expect(invoking['messageType']).toBe('ScheduledNotification');
    const created = Date.parse(invoking['notificationCreationTime'] ?? '');
    // at() names whole seconds; the modelled firing (30 s) and invocation (15 s) delays follow.
    expect(created - Math.floor(due / 1000) * 1000).toBeGreaterThanOrEqual(45_000);
    expect(created - Math.floor(due / 1000) * 1000).toBeLessThan(47_000);
    expect(event).toMatchObject({ configRuleName: RULE, ruleParameters: '{"daysToExpiration":"0"}', accountId: ACCOUNT });
    expect(standIn.scheduler.list()).toEqual([]);
    expect(standIn.scheduler.history()[0]?.attempts.map((attempt) => attempt.outcome)).toEqual(['ok']);
  });

  it('SC4: StartConfigRulesEvaluation refuses an unknown rule, a second call within a minute and a rule whose evaluation is in progress (LimitExceededException)', async () => {
    expect(await errorOf(config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: ['no-such-rule'] })))).toBe('NoSuchConfigRuleException');
    await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [RULE] }));
    await standIn.clock.advance(10_000);
    expect(await errorOf(config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [RULE] })))).toBe('LimitExceededException');
    let finish: () => void = () => undefined;
    standIn.onRuleInvocation(() => new Promise<void>((resolve) => (finish = resolve)));
    const running = standIn.clock.advance(10_000);
    await new Promise((resolve) => setImmediate(resolve));
    await standIn.clock.advance(60_000);
    // A minute later, while the function is still running: in progress.
    expect(await errorOf(config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [RULE] })))).toBe('LimitExceededException');
    finish();
    await running;
    expect(await errorOf(config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [RULE] })))).toBe('no error');
  });

  it('SC5: a target call refused with LimitExceededException is retried with backoff within the retry policy, and the schedule deleted only after', async () => {
    await scheduler.send(new CreateScheduleCommand(schedule({ ScheduleExpression: inMinutes(2) })));
    // Another on-demand evaluation of the account a moment before the schedule fires: the once-a-minute limit.
    await standIn.clock.advance(2 * 60_000 + 20_000);
    await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [RULE] }));
    await standIn.clock.advance(5 * 60_000);
    const [firing] = standIn.scheduler.history();
    expect(firing?.attempts.map((attempt) => attempt.outcome)).toEqual(['LimitExceededException', 'ok']);
    expect((firing?.attempts[1]?.at.getTime() ?? 0) - (firing?.attempts[0]?.at.getTime() ?? 0)).toBe(60_000);
    expect(invocations).toHaveLength(2);
    expect(standIn.scheduler.list()).toEqual([]);
  });

  it('SC6: gives up at the retry policy\'s event age, then deletes the schedule', async () => {
    await scheduler.send(new CreateScheduleCommand(schedule({ ScheduleExpression: inMinutes(2), Target: { ...schedule().Target!, RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 185 } } })));
    standIn.onRuleInvocation(() => new Promise<void>(() => undefined));
    await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [RULE] }));
    void standIn.clock.advance(20_000);
    await new Promise((resolve) => setImmediate(resolve));
    await standIn.clock.advance(10 * 60_000);
    expect(standIn.scheduler.history()[0]?.attempts.map((attempt) => attempt.outcome)).toEqual(['LimitExceededException', 'LimitExceededException']);
    expect(standIn.scheduler.list()).toEqual([]);
  });

  it('SC7: writing a schedule needs iam:PassRole on its role (AccessDeniedException), and a role Scheduler can assume for this account and group (ValidationException)', async () => {
    const cannotAssume = 'The execution role you provide must allow AWS EventBridge Scheduler to assume the role.';
    const refusal = async (input: CreateScheduleCommandInput): Promise<string> => scheduler.send(new CreateScheduleCommand(input)).then(() => 'no error', (error: Error) => `${error.name}: ${error.message}`);
    const withRole = (name: string) => schedule({ Target: { ...schedule().Target!, RoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}` } });
    expect(await refusal(withRole('no-such-role'))).toBe(`ValidationException: ${cannotAssume}`);
    standIn.scheduler.roles.define(ACCOUNT, 'trusts-events', { trustedService: 'events.amazonaws.com', startEvaluationOn: [ruleArn] });
    expect(await refusal(withRole('trusts-events'))).toBe(`ValidationException: ${cannotAssume}`);
    // Scoped to a schedule rather than its group: Scheduler's aws:SourceArn is the group's (User Guide, "Confused deputy prevention").
    standIn.scheduler.roles.define(ACCOUNT, 'scoped-to-schedules', { sourceAccount: ACCOUNT, sourceArn: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/*`, startEvaluationOn: [ruleArn] });
    expect(await refusal(withRole('scoped-to-schedules'))).toBe(`ValidationException: ${cannotAssume}`);
    standIn.scheduler.roles.define(ACCOUNT, 'other-account', { sourceAccount: '999999999999', startEvaluationOn: [ruleArn] });
    expect(await refusal(withRole('other-account'))).toBe(`ValidationException: ${cannotAssume}`);
    // Another group than the role's.
    standIn.scheduler.addGroup(ACCOUNT, 'cert-expiry');
    expect(await refusal(schedule({ GroupName: 'cert-expiry' }))).toBe(`ValidationException: ${cannotAssume}`);
    expect(await refusal(schedule())).toBe('no error');

    standIn.denyAction(ACCOUNT, 'iam:PassRole');
    expect(await refusal(schedule({ Name: 'second' }))).toMatch(/^AccessDeniedException: User: \S+ is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role\/scheduler because/);
    const update = await scheduler.send(new UpdateScheduleCommand({ ...schedule(), Name: 'rule-schedule' } as never)).then(() => 'no error', (error: Error) => error.name);
    expect(update).toBe('AccessDeniedException');
    expect(standIn.scheduler.list().map((stored) => stored['Name'])).toEqual(['rule-schedule']);
    expect(arnLike('arn:aws:scheduler:*:123456789012:schedule-group/*', scheduleGroupArn(ACCOUNT, 'default'))).toBe(true);
  });

  it('SC8: a role without config:StartConfigRulesEvaluation on the rule, or deleted since, fails at the invocation: not retried, dropped, counted in the group\'s metrics', async () => {
    standIn.scheduler.roles.define(ACCOUNT, 'no-permission', { sourceAccount: ACCOUNT, startEvaluationOn: [`arn:aws:config:us-east-1:${ACCOUNT}:config-rule/config-rule-other`] });
    await scheduler.send(new CreateScheduleCommand(schedule({ ScheduleExpression: inMinutes(2), Target: { ...schedule().Target!, RoleArn: `arn:aws:iam::${ACCOUNT}:role/no-permission` } })));
    await scheduler.send(new CreateScheduleCommand(schedule({ Name: 'role-deleted', ScheduleExpression: inMinutes(4) })));
    standIn.scheduler.roles.delete(ROLE);
    await standIn.clock.advance(10 * 60_000);
    expect(standIn.scheduler.history().map((firing) => [firing.schedule, firing.attempts.map((attempt) => attempt.outcome)])).toEqual([
      ['rule-schedule', ['AccessDeniedException']],
      ['role-deleted', ['AccessDeniedException']],
    ]);
    expect(invocations).toEqual([]);
    expect(standIn.scheduler.list()).toEqual([]);
    expect(standIn.scheduler.metrics(ACCOUNT, 'default')).toEqual({ InvocationAttemptCount: 2, TargetErrorCount: 2, InvocationDroppedCount: 2 });
    expect(standIn.scheduler.metrics(ACCOUNT, 'other')).toEqual({ InvocationAttemptCount: 0, TargetErrorCount: 0, InvocationDroppedCount: 0 });
  });

  it('SC9: whether Scheduler retries LimitExceededException is not documented: with limitExceeded "dropped" the invocation is given up at the first refusal', async () => {
    standIn.scheduler.limitExceeded = 'dropped';
    await scheduler.send(new CreateScheduleCommand(schedule({ ScheduleExpression: inMinutes(2) })));
    await standIn.clock.advance(2 * 60_000 + 20_000);
    await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [RULE] }));
    await standIn.clock.advance(5 * 60_000);
    expect(standIn.scheduler.history()[0]?.attempts.map((attempt) => attempt.outcome)).toEqual(['LimitExceededException']);
    expect(invocations).toHaveLength(1);
    expect(standIn.scheduler.list()).toEqual([]);
    expect(standIn.scheduler.metrics()).toEqual({ InvocationAttemptCount: 1, TargetErrorCount: 1, InvocationDroppedCount: 1 });
    // The default: retried (SC5), and reset() puts it back.
    standIn.reset();
    expect(standIn.scheduler.limitExceeded).toBe('retried');
  });

  it('SC10: CreateSchedule past the "Number of schedules" quota is ServiceQuotaExceededException; writeRefusal makes every create and update answer the error it names; reset() restores both', async () => {
    const failure = async (promise: Promise<unknown>): Promise<string> => promise.then(() => 'no error', (error: Error & { $metadata?: { httpStatusCode?: number } }) => `${error.name} ${error.$metadata?.httpStatusCode ?? '?'}`);
    standIn.scheduler.scheduleQuota = 1;
    await scheduler.send(new CreateScheduleCommand(schedule()));
    expect(await failure(scheduler.send(new CreateScheduleCommand(schedule({ Name: 'second' }))))).toBe('ServiceQuotaExceededException 402');
    standIn.scheduler.scheduleQuota = 2;
    expect(await failure(scheduler.send(new CreateScheduleCommand(schedule({ Name: 'second' }))))).toBe('no error');
    for (const [refusal, status] of [['ConflictException', 409], ['ServiceQuotaExceededException', 402], ['ValidationException', 400]] as const) {
      standIn.scheduler.writeRefusal = refusal;
      expect(await failure(scheduler.send(new CreateScheduleCommand(schedule({ Name: 'third' }))))).toBe(`${refusal} ${status}`);
      expect(await failure(scheduler.send(new UpdateScheduleCommand({ ...schedule(), Name: 'rule-schedule' } as never)))).toBe(`${refusal} ${status}`);
      expect(await failure(scheduler.send(new GetScheduleCommand({ Name: 'rule-schedule' })))).toBe('no error');
    }
    standIn.reset();
    expect([standIn.scheduler.writeRefusal, standIn.scheduler.scheduleQuota]).toEqual([undefined, 10_000_000]);
  });
});
