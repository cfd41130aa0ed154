import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_SCHEDULE_WRITE_ATTEMPTS, SchedulerEvaluationSchedules } from '../../src/adapters/scheduler-evaluation-schedules';
import { evaluationSchedule, SCHEDULE_RETRY_POLICY } from '../../src/core/evaluation-schedule';
import { TimeBudget } from '../../src/core/time-budget';
import { AccessDeniedError, EvaluationScheduleError, TimeBudgetExceededError } from '../../src/errors';

const scheduler = mockClient(SchedulerClient);
const NOW = new Date('2026-11-23T12:00:00Z');
const ROLE = 'arn:aws:iam::123456789012:role/stack-SchedulerRole-1A2B';
const schedule = evaluationSchedule({
  ruleName: 'iam-server-certificate-expired',
  group: 'default',
  partition: 'aws',
  roleArn: ROLE,
  crossing: new Date('2026-11-23T13:00:00Z'),
  callTime: NOW,
  strict: true,
});

const notFound = () => new ResourceNotFoundException({ message: 'Schedule iam-server-certificate-expired-x does not exist.', Message: 'Schedule iam-server-certificate-expired-x does not exist.', $metadata: {} });
const conflict = () => new ConflictException({ message: 'Schedule already exists.', Message: 'Schedule already exists.', $metadata: {} });

/** What GetSchedule answers for the schedule as we write it. */
function stored(overrides: Record<string, unknown> = {}) {
  return {
    Name: schedule.name,
    GroupName: 'default',
    ScheduleExpression: schedule.expression,
    ScheduleExpressionTimezone: 'UTC',
    Description: schedule.description,
    State: 'ENABLED' as const,
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    ActionAfterCompletion: 'DELETE' as const,
    Target: { Arn: schedule.targetArn, RoleArn: ROLE, Input: schedule.input, RetryPolicy: { ...SCHEDULE_RETRY_POLICY } },
    ...overrides,
  };
}

const store = () => new SchedulerEvaluationSchedules(new SchedulerClient({ region: 'us-east-1', maxAttempts: 1 }));

describe('SchedulerEvaluationSchedules', () => {
  afterEach(() => scheduler.reset());

  it('A1: creates the schedule when GetSchedule finds none: at() in UTC, no flexible window, deleted after it runs, the retry policy', async () => {
    scheduler.on(GetScheduleCommand).rejects(notFound());
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    expect(await store().put(schedule)).toBe('created');
    expect(scheduler).toHaveReceivedCommandWith(GetScheduleCommand, { Name: schedule.name, GroupName: 'default' });
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toEqual({
      Name: schedule.name,
      GroupName: 'default',
      ScheduleExpression: 'at(2026-11-23T13:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      Description: schedule.description,
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: 'arn:aws:scheduler:::aws-sdk:config:startConfigRulesEvaluation',
        RoleArn: ROLE,
        Input: '{"ConfigRuleNames":["iam-server-certificate-expired"]}',
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 3600 },
      },
    });
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('A2: updates the schedule there with the whole schedule when it differs, and writes nothing when it is the same', async () => {
    scheduler.on(GetScheduleCommand).resolves(stored({ ScheduleExpression: 'at(2026-12-01T00:00:00)' }));
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    expect(await store().put(schedule)).toBe('updated');
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]?.args[0].input).toMatchObject({ ScheduleExpression: 'at(2026-11-23T13:00:00)', ActionAfterCompletion: 'DELETE' });
    scheduler.reset();
    scheduler.on(GetScheduleCommand).resolves(stored());
    expect(await store().put(schedule)).toBe('unchanged');
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
    // A schedule someone disabled, or with another role, is rewritten.
    scheduler.reset();
    scheduler.on(GetScheduleCommand).resolves(stored({ State: 'DISABLED' }));
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    expect(await store().put(schedule)).toBe('updated');
  });

  it('A3: a schedule created between GetSchedule and CreateSchedule (ConflictException) is read again and updated', async () => {
    scheduler.on(GetScheduleCommand).rejectsOnce(notFound()).resolves(stored({ ScheduleExpression: 'at(2026-12-01T00:00:00)' }));
    scheduler.on(CreateScheduleCommand).rejects(conflict());
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    expect(await store().put(schedule)).toBe('updated');
    expect(scheduler.commandCalls(GetScheduleCommand)).toHaveLength(2);
  });

  it('A4: a schedule that fired and deleted itself before UpdateSchedule (ResourceNotFoundException) is created again', async () => {
    scheduler.on(GetScheduleCommand).resolvesOnce(stored({ ScheduleExpression: 'at(2026-11-23T12:00:30)' })).rejects(notFound());
    scheduler.on(UpdateScheduleCommand).rejects(notFound());
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    expect(await store().put(schedule)).toBe('created');
  });

  it(`A5: gives up after ${MAX_SCHEDULE_WRITE_ATTEMPTS} races, naming the schedule and its group`, async () => {
    scheduler.on(GetScheduleCommand).rejects(notFound());
    scheduler.on(CreateScheduleCommand).rejects(conflict());
    const error = await store().put(schedule).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EvaluationScheduleError);
    expect(error).toMatchObject({ schedule: schedule.name, group: 'default' });
    expect((error as Error).message).toMatch(/kept changing under 3 attempts/);
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(MAX_SCHEDULE_WRITE_ATTEMPTS);
  });

  it('A6: a group that does not exist (CreateSchedule ResourceNotFoundException) is said plainly; a ValidationException is passed on', async () => {
    scheduler.on(GetScheduleCommand).rejects(notFound());
    scheduler.on(CreateScheduleCommand).rejects(notFound());
    await expect(store().put({ ...schedule, group: 'cert-expiry' })).rejects.toThrow(/schedule group cert-expiry does not exist; create it or leave the rule parameter scheduleGroup out/);
    scheduler.reset();
    scheduler.on(GetScheduleCommand).rejects(notFound());
    scheduler.on(CreateScheduleCommand).rejects(new ValidationException({ message: 'Invalid Schedule Expression at(…).', Message: 'Invalid Schedule Expression at(…).', $metadata: {} }));
    await expect(store().put(schedule)).rejects.toThrow(/CreateSchedule failed \(ValidationException: Invalid Schedule Expression/);
  });

  it('A6b: a scheduler role Scheduler cannot assume (ValidationException "… must allow AWS EventBridge Scheduler to assume the role.") names the role and what to check, on create and update', async () => {
    const message = 'The execution role you provide must allow AWS EventBridge Scheduler to assume the role.';
    const refused = () => new ValidationException({ message, Message: message, $metadata: {} });
    scheduler.on(GetScheduleCommand).rejects(notFound());
    scheduler.on(CreateScheduleCommand).rejects(refused());
    await expect(store().put(schedule)).rejects.toThrow(
      `CreateSchedule failed (EventBridge Scheduler cannot assume the scheduler role ${ROLE} (ValidationException: ${message}): the role does not exist, or its trust policy does not let scheduler.amazonaws.com assume it for schedule group default. Check the rule parameter schedulerRole`,
    );
    scheduler.reset();
    scheduler.on(GetScheduleCommand).resolves({ Name: schedule.name, ScheduleExpression: 'at(2030-01-01T00:00:00)' });
    scheduler.on(UpdateScheduleCommand).rejects(refused());
    await expect(store().put(schedule)).rejects.toThrow(/UpdateSchedule failed \(EventBridge Scheduler cannot assume the scheduler role /);
  });

  it('A7: deletes the schedule; one that is not there (ResourceNotFoundException) is fine; a conflict is tried again', async () => {
    scheduler.on(DeleteScheduleCommand).resolves({});
    expect(await store().remove(schedule.name, 'default')).toBe('deleted');
    expect(scheduler).toHaveReceivedCommandWith(DeleteScheduleCommand, { Name: schedule.name, GroupName: 'default' });
    scheduler.reset();
    scheduler.on(DeleteScheduleCommand).rejects(notFound());
    expect(await store().remove(schedule.name, 'default')).toBe('absent');
    scheduler.reset();
    scheduler.on(DeleteScheduleCommand).rejectsOnce(conflict()).resolves({});
    expect(await store().remove(schedule.name, 'default')).toBe('deleted');
    expect(scheduler.commandCalls(DeleteScheduleCommand)).toHaveLength(2);
  });

  it('A8: an AccessDenied names the scheduler action to grant; a spent budget stops before any call', async () => {
    // What explainAccessDenied (on every client of aws-clients.ts) makes of a refusal; the mock bypasses middleware.
    const denied = new AccessDeniedError("the Lambda's role may not call scheduler:GetSchedule in account 123456789012 (AccessDeniedException: …). Grant scheduler:GetSchedule to it.", 'scheduler:GetSchedule', '123456789012');
    scheduler.on(GetScheduleCommand).rejects(denied);
    const error = await store().put(schedule).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EvaluationScheduleError);
    expect((error as Error).message).toMatch(/: the Lambda's role may not call scheduler:GetSchedule in account 123456789012 .*Grant scheduler:GetSchedule to it\. Every evaluation/);
    expect((error as Error).cause).toBe(denied);
    scheduler.reset();
    const spent = new TimeBudget(Date.now() - 1, Date.now);
    await expect(store().put(schedule, spent)).rejects.toBeInstanceOf(TimeBudgetExceededError);
    expect(scheduler.calls()).toHaveLength(0);
  });
});
