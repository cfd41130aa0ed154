import {
  ActionAfterCompletion,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  FlexibleTimeWindowMode,
  GetScheduleCommand,
  ScheduleState,
  SchedulerClient,
  UpdateScheduleCommand,
  type GetScheduleCommandOutput,
} from '@aws-sdk/client-scheduler';
import { SCHEDULE_RETRY_POLICY, type EvaluationSchedule } from '../core/evaluation-schedule';
import { TimeBudget } from '../core/time-budget';
import { AccessDeniedError, describeError, EvaluationScheduleError, TimeBudgetExceededError } from '../errors';
import type { EvaluationScheduleStore, ScheduleChange } from '../rule/ports';
import { createSchedulerClient } from './aws-clients';

/**
 * Reads, writes and deletes a few times at most when another writer gets in
 * between: Scheduler has no conditional writes, so a schedule that fired and
 * deleted itself (`ActionAfterCompletion` DELETE), or another run of the same
 * rule, can change it between our GetSchedule and our write.
 */
export const MAX_SCHEDULE_WRITE_ATTEMPTS = 3;

/**
 * The IAM actions this adapter calls; the deployments grant them, on the
 * rules' own schedules only, only with evaluateAtExpiry (with `iam:PassRole`
 * on the scheduler role, which CreateSchedule and UpdateSchedule need).
 */
export const EVALUATION_SCHEDULE_IAM_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:GetSchedule', 'scheduler:DeleteSchedule'] as const;

/** The time zone the `at()` expression is read in (CreateSchedule `ScheduleExpressionTimezone`). */
const UTC = 'UTC';

/** Error names of the EventBridge Scheduler API (API reference, Common Errors and each operation's Errors). */
const ErrorName = {
  /** 409: "Updating or deleting the resource can cause an inconsistent state"; CreateSchedule's answer for a name that exists. */
  Conflict: 'ConflictException',
  /** 404: "The request references a resource which does not exist": the schedule, or its group. */
  NotFound: 'ResourceNotFoundException',
} as const;

/**
 * The rule's one-time schedule in EventBridge Scheduler: GetSchedule to know
 * whether it is there (and already right), then CreateSchedule or
 * UpdateSchedule with the whole schedule (UpdateSchedule "uses all values,
 * including empty values, specified in the request and overrides the existing
 * schedule": API reference), and DeleteSchedule when there is nothing ahead.
 *
 * @example
 * await new SchedulerEvaluationSchedules(client).put(evaluationSchedule(request), budget); // 'created'
 */
export class SchedulerEvaluationSchedules implements EvaluationScheduleStore {
  private readonly client: SchedulerClient;

  /** @param client a Scheduler client; a default one from the standard SDK environment when omitted. */
  public constructor(client?: SchedulerClient) {
    this.client = client ?? createSchedulerClient();
  }

  public async put(schedule: EvaluationSchedule, budget: TimeBudget = TimeBudget.unlimited()): Promise<ScheduleChange> {
    let lastRace: unknown;
    for (let attempt = 1; attempt <= MAX_SCHEDULE_WRITE_ATTEMPTS; attempt += 1) {
      const existing = await this.call(schedule, budget, 'GetSchedule', async (abortSignal) => {
        try {
          return await this.client.send(new GetScheduleCommand({ Name: schedule.name, GroupName: schedule.group }), { abortSignal });
        } catch (error) {
          if (nameOf(error) === ErrorName.NotFound) return undefined;
          throw error;
        }
      });
      if (existing !== undefined && isSame(existing, schedule)) return 'unchanged';
      const input = scheduleInput(schedule);
      try {
        if (existing === undefined) {
          await this.call(schedule, budget, 'CreateSchedule', (abortSignal) => this.client.send(new CreateScheduleCommand(input), { abortSignal }), (error) =>
            nameOf(error) === ErrorName.NotFound
              ? `schedule group ${schedule.group} does not exist; create it or leave the rule parameter scheduleGroup out for the default group`
              : roleProblem(error, schedule),
          );
          return 'created';
        }
        await this.call(schedule, budget, 'UpdateSchedule', (abortSignal) => this.client.send(new UpdateScheduleCommand(input), { abortSignal }), (error) => roleProblem(error, schedule));
        return 'updated';
      } catch (error) {
        // Created meanwhile (Conflict on create), fired and deleted itself or deleted (NotFound on update),
        // or changed under us (Conflict on update): read it again and write what is there to write.
        const race = existing === undefined ? ErrorName.Conflict : [ErrorName.NotFound, ErrorName.Conflict];
        if (!(error instanceof EvaluationScheduleError) || !matches(error.cause, race)) throw error;
        lastRace = error;
      }
    }
    throw new EvaluationScheduleError(schedule.name, schedule.group, `it kept changing under ${MAX_SCHEDULE_WRITE_ATTEMPTS} attempts to write it`, { cause: lastRace });
  }

  public async remove(name: string, group: string, budget: TimeBudget = TimeBudget.unlimited()): Promise<ScheduleChange> {
    const target = { name, group };
    let lastRace: unknown;
    for (let attempt = 1; attempt <= MAX_SCHEDULE_WRITE_ATTEMPTS; attempt += 1) {
      try {
        return await this.call(target, budget, 'DeleteSchedule', async (abortSignal) => {
          try {
            await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: group }), { abortSignal });
            return 'deleted';
          } catch (error) {
            // Fired and deleted itself, or never made: nothing ahead, nothing to delete.
            if (nameOf(error) === ErrorName.NotFound) return 'absent';
            throw error;
          }
        });
      } catch (error) {
        if (!(error instanceof EvaluationScheduleError) || !matches(error.cause, ErrorName.Conflict)) throw error;
        lastRace = error;
      }
    }
    throw new EvaluationScheduleError(name, group, `DeleteSchedule kept answering ConflictException (${MAX_SCHEDULE_WRITE_ATTEMPTS} attempts)`, { cause: lastRace });
  }

  /** One call, within the budget; its failure (after the SDK's retries) as an {@link EvaluationScheduleError} naming the call. */
  private async call<T>(
    schedule: Pick<EvaluationSchedule, 'name' | 'group'>,
    budget: TimeBudget,
    action: string,
    send: (abortSignal: AbortSignal | undefined) => Promise<T>,
    explain: (error: unknown) => string | undefined = () => undefined,
  ): Promise<T> {
    budget.ensure(`scheduler:${action}`);
    try {
      return await send(budget.signal());
    } catch (error) {
      budget.throwIfSpentDuring(`scheduler:${action}`, error);
      if (error instanceof TimeBudgetExceededError) throw error;
      const explained = explain(error);
      const problem = error instanceof AccessDeniedError ? error.message : `${action} failed (${explained ?? describeError(error)})`;
      throw new EvaluationScheduleError(schedule.name, schedule.group, problem, { cause: error });
    }
  }
}

/**
 * What Scheduler's refusal of the role means: CreateSchedule and
 * UpdateSchedule answer `ValidationException` "The execution role you
 * provide must allow AWS EventBridge Scheduler to assume the role." for a
 * role that does not exist or whose trust policy does not let
 * `scheduler.amazonaws.com` assume it for this account and schedule group
 * (Scheduler User Guide, "Set up the execution role" and "Confused deputy
 * prevention": `aws:SourceArn` is the schedule group's ARN).
 */
function roleProblem(error: unknown, schedule: EvaluationSchedule): string | undefined {
  if (nameOf(error) !== 'ValidationException' || !/assume the role/i.test(error instanceof Error ? error.message : '')) return undefined;
  return (
    `EventBridge Scheduler cannot assume the scheduler role ${schedule.roleArn} (${describeError(error)}): the role does not exist, ` +
    `or its trust policy does not let scheduler.amazonaws.com assume it for schedule group ${schedule.group}. ` +
    'Check the rule parameter schedulerRole (the stack output SchedulerRoleName) and the role\'s trust policy'
  );
}

/** The whole schedule, as CreateSchedule and UpdateSchedule take it. */
function scheduleInput(schedule: EvaluationSchedule) {
  return {
    Name: schedule.name,
    GroupName: schedule.group,
    ScheduleExpression: schedule.expression,
    ScheduleExpressionTimezone: UTC,
    Description: schedule.description,
    State: ScheduleState.ENABLED,
    FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
    // A one-time schedule is deleted once it has invoked its target (API reference, CreateSchedule ActionAfterCompletion): none pile up.
    ActionAfterCompletion: ActionAfterCompletion.DELETE,
    Target: {
      Arn: schedule.targetArn,
      RoleArn: schedule.roleArn,
      Input: schedule.input,
      RetryPolicy: { ...SCHEDULE_RETRY_POLICY },
    },
  };
}

/** Whether the schedule there already is exactly the one to write: then no write at all. */
function isSame(existing: GetScheduleCommandOutput, schedule: EvaluationSchedule): boolean {
  const target = existing.Target;
  return (
    existing.ScheduleExpression === schedule.expression &&
    existing.ScheduleExpressionTimezone === UTC &&
    existing.State === ScheduleState.ENABLED &&
    existing.FlexibleTimeWindow?.Mode === FlexibleTimeWindowMode.OFF &&
    existing.ActionAfterCompletion === ActionAfterCompletion.DELETE &&
    existing.Description === schedule.description &&
    target?.Arn === schedule.targetArn &&
    target.RoleArn === schedule.roleArn &&
    target.Input === schedule.input &&
    target.RetryPolicy?.MaximumRetryAttempts === SCHEDULE_RETRY_POLICY.MaximumRetryAttempts &&
    target.RetryPolicy.MaximumEventAgeInSeconds === SCHEDULE_RETRY_POLICY.MaximumEventAgeInSeconds
  );
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function matches(error: unknown, names: string | readonly string[]): boolean {
  return (typeof names === 'string' ? [names] : names).includes(nameOf(error));
}
