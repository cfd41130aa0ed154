import type { StandInClock } from './clock';
import type { ConfigRuleEvaluations } from './config-rule-evaluations';
import type { JsonBody } from './config-service';
import { ServiceError } from './reply';
import { CANNOT_ASSUME_MESSAGE, SchedulerRoles } from './scheduler-roles';
import type { StandInState } from './state';

/**
 * EventBridge Scheduler, restJson1 (service model `scheduler`, AWS SDK for
 * JavaScript v3 codegen/sdk-codegen/aws-models/scheduler.json): CreateSchedule
 * `POST /schedules/{Name}`, GetSchedule `GET`, UpdateSchedule `PUT`,
 * DeleteSchedule `DELETE`, the group in the body (create, update) or the
 * `groupName` query (get, delete), `default` when absent. Only what the rule
 * uses is modelled: one-time `at()` schedules in UTC whose target is the
 * universal target of Config's StartConfigRulesEvaluation.
 */

/** The operations served, by method (all on `/schedules/{Name}`). */
const OPERATION_BY_METHOD: Readonly<Record<string, string>> = { POST: 'CreateSchedule', GET: 'GetSchedule', PUT: 'UpdateSchedule', DELETE: 'DeleteSchedule' };

// Name and GroupName: 1 to 64 of [0-9a-zA-Z-_.]; RoleArn: arn:aws(-[a-z]+)?:iam::\d{12}:role/[\w+=,.@/-]+, 1 to 1,600;
// ScheduleExpression 1 to 256, ScheduleExpressionTimezone 1 to 50, Description 0 to 512; RetryPolicy:
// MaximumRetryAttempts 0 to 185, MaximumEventAgeInSeconds 60 to 86,400 (the service model's shapes).
const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const AT = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;
// arn:<partition>:scheduler:::aws-sdk:<service>:<apiAction> (Scheduler User Guide, "Using universal targets").
const UNIVERSAL_TARGET = /^arn:aws[\w-]*:scheduler:::aws-sdk:([a-z0-9]+):([a-zA-Z0-9]+)$/;
const DEFAULT_GROUP = 'default';

/** Modelled: the backoff before the first retry of a failed target call, doubled each time (the guide says "exponential backoff", not its base). */
export const FIRST_RETRY_DELAY_MS = 60_000;

/**
 * Modelled: how long after its at() instant a schedule calls its target.
 * Scheduler invokes targets "with 60 second precision … between 1:00:00 and
 * 1:00:59" (User Guide, "Schedule types", note): 30 s, the middle.
 */
export const SCHEDULER_FIRING_DELAY_MS = 30_000;

/** A schedule as the stand-in keeps it: the request's fields, as GetSchedule answers them. */
interface StoredSchedule {
  readonly accountId: string;
  readonly Name: string;
  readonly GroupName: string;
  readonly Arn: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone: string | undefined;
  readonly Description: string | undefined;
  readonly State: string;
  readonly FlexibleTimeWindow: { readonly Mode: string; readonly MaximumWindowInMinutes?: number };
  readonly ActionAfterCompletion: string;
  readonly Target: {
    readonly Arn: string;
    readonly RoleArn: string;
    readonly Input?: string;
    readonly RetryPolicy?: { readonly MaximumRetryAttempts?: number; readonly MaximumEventAgeInSeconds?: number };
  };
  readonly CreationDate: Date;
  readonly LastModificationDate: Date;
  /** When it fires: its at() instant (plus {@link StandInScheduler.firingDelayMs}). */
  readonly fireAt: Date;
  /** Changes on every write, so a firing queued for an older version does nothing. */
  readonly version: number;
}

/** One invocation of a schedule's target, for tests. */
export interface ScheduleFiring {
  readonly accountId: string;
  readonly schedule: string;
  readonly group: string;
  /** The at() instant. */
  readonly due: Date;
  readonly attempts: { readonly at: Date; readonly outcome: string }[];
  readonly roleArn: string;
}

/**
 * What the schedules of one account and group did, under the names of
 * Scheduler's CloudWatch metrics (namespace `AWS/Scheduler`, dimension
 * `ScheduleGroup`: Scheduler User Guide, "Monitoring Amazon EventBridge
 * Scheduler with Amazon CloudWatch"): every attempt to call a target, every
 * error a target returned, and every invocation given up ("dropped") once
 * the retry policy is spent or the error is not retried.
 */
export interface SchedulerMetrics {
  InvocationAttemptCount: number;
  TargetErrorCount: number;
  InvocationDroppedCount: number;
}

/** Scheduler's default "Number of schedules" quota per account and Region (Scheduler User Guide, "Quotas for Amazon EventBridge Scheduler"). */
export const SCHEDULE_QUOTA = 10_000_000;

/** The write refusals {@link StandInScheduler.writeRefusal} can force, with their HTTP status (Scheduler API reference, Errors). */
export const WRITE_REFUSAL_STATUS = { ConflictException: 409, ServiceQuotaExceededException: 402, ValidationException: 400 } as const;
export type WriteRefusal = keyof typeof WRITE_REFUSAL_STATUS;

/** The operation a request names, or `undefined` for a path this stand-in does not serve. */
export function schedulerOperation(method: string | undefined, path: string): { operation: string; name: string } | undefined {
  const match = /^\/schedules\/([^/]+)$/.exec(path);
  const operation = OPERATION_BY_METHOD[method ?? ''];
  if (match?.[1] === undefined || operation === undefined) return undefined;
  return { operation, name: decodeURIComponent(match[1]) };
}

/**
 * Every account's schedules, and their firing on the stand-in's clock: at its
 * `at()` instant (plus {@link firingDelayMs}) a schedule calls its target; a
 * universal target of `config:startConfigRulesEvaluation` starts the
 * evaluation in the schedule's account, as the schedule's execution role
 * ({@link roles}: it must exist, trust Scheduler for this account and group,
 * and allow the call on the rule; scheduler-roles.ts). A call Config refuses
 * with `ThrottlingException` is tried again with exponential backoff, within
 * the RetryPolicy's attempts and event age (Scheduler API reference,
 * RetryPolicy), and one refused with `LimitExceededException` as
 * {@link limitExceeded} says; any other error is not retried. Then, with
 * `ActionAfterCompletion` `DELETE`, the schedule is deleted.
 */
export class StandInScheduler {
  /** How long after its at() instant a schedule calls its target ({@link SCHEDULER_FIRING_DELAY_MS} unless a test says otherwise). */
  public firingDelayMs = SCHEDULER_FIRING_DELAY_MS;
  /**
   * What Scheduler does with an at() in the past is not documented: `'refuse'`
   * (the default) answers ValidationException; `'fire'` fires it at once.
   */
  public pastAt: 'refuse' | 'fire' = 'refuse';
  /**
   * Whether Scheduler retries a target call that StartConfigRulesEvaluation
   * refuses with `LimitExceededException` ("more than once per minute", "an
   * evaluation is in progress": Config API reference) is not documented: the
   * RetryPolicy reference says it retries "when the target returns an error"
   * without naming which. `'retried'` (the default) retries it like
   * throttling; `'dropped'` gives the invocation up at once. Tests run the
   * rule under both.
   */
  public limitExceeded: 'retried' | 'dropped' = 'retried';
  /**
   * Schedules an account may hold: "Number of schedules", 10,000,000 per
   * Region by default (Scheduler User Guide, "Quotas for Amazon EventBridge
   * Scheduler"). CreateSchedule beyond it answers
   * `ServiceQuotaExceededException` ("The request exceeds a service quota":
   * Scheduler API reference, CreateSchedule, Errors, HTTP 402). Tests lower it.
   */
  public scheduleQuota = SCHEDULE_QUOTA;
  /**
   * A refusal every CreateSchedule and UpdateSchedule gets, for errors the
   * caller must not retry into success (Scheduler API reference,
   * CreateSchedule and UpdateSchedule, Errors): `ConflictException`
   * ("Updating or deleting the resource can cause an inconsistent state", HTTP
   * 409: a schedule changed by someone else on every read-write round),
   * `ServiceQuotaExceededException` (HTTP 402) or `ValidationException`
   * (HTTP 400). `undefined` (the default): writes are answered as modelled.
   */
  public writeRefusal: WriteRefusal | undefined = undefined;
  /** The execution roles schedules run as (scheduler-roles.ts). */
  public readonly roles = new SchedulerRoles();
  private readonly schedules = new Map<string, StoredSchedule>();
  private readonly counters = new Map<string, SchedulerMetrics>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly firings: ScheduleFiring[] = [];
  private versions = 0;

  public constructor(
    private readonly clock: StandInClock,
    private readonly config: ConfigRuleEvaluations,
    private readonly stateOf: (accountId: string) => StandInState,
  ) {}

  /** Adds a schedule group to `accountId` (every account has `default`). */
  public addGroup(accountId: string, group: string): void {
    this.groupsOf(accountId).add(group);
  }

  /** The schedules of `accountId` (every account when absent), as GetSchedule would answer them, with when each fires. */
  public list(accountId?: string): (Record<string, unknown> & { readonly fireAt: Date })[] {
    return [...this.schedules.values()].filter((schedule) => accountId === undefined || schedule.accountId === accountId).map((schedule) => ({ ...describe(schedule), fireAt: schedule.fireAt }));
  }

  /** Every target call the schedules made, with each attempt. */
  public history(): readonly ScheduleFiring[] {
    return this.firings;
  }

  /** The metrics of `group` (every group when absent) in `accountId` (every account when absent), summed. */
  public metrics(accountId?: string, group?: string): SchedulerMetrics {
    const total: SchedulerMetrics = { InvocationAttemptCount: 0, TargetErrorCount: 0, InvocationDroppedCount: 0 };
    for (const [key, counts] of this.counters) {
      const [account, name] = key.split('\u0000');
      if ((accountId !== undefined && account !== accountId) || (group !== undefined && name !== group)) continue;
      total.InvocationAttemptCount += counts.InvocationAttemptCount;
      total.TargetErrorCount += counts.TargetErrorCount;
      total.InvocationDroppedCount += counts.InvocationDroppedCount;
    }
    return total;
  }

  /** Forgets schedules, groups, roles, firings and metrics (queued firings find nothing and do nothing); the switches go back to their defaults. */
  public clear(): void {
    this.schedules.clear();
    this.groups.clear();
    this.firings.length = 0;
    this.counters.clear();
    this.roles.clear();
    this.limitExceeded = 'retried';
    this.scheduleQuota = SCHEDULE_QUOTA;
    this.writeRefusal = undefined;
  }

  /** Runs one request of `accountId`. */
  public run(accountId: string, operation: string, name: string, query: URLSearchParams, body: JsonBody): unknown {
    if (!NAME.test(name)) throw validation(`Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$ and have length between 1 and 64`);
    const group = operation === 'CreateSchedule' || operation === 'UpdateSchedule' ? body['GroupName'] : query.get('groupName') ?? undefined;
    const groupName = group === undefined || group === null ? DEFAULT_GROUP : group;
    if (typeof groupName !== 'string' || !NAME.test(groupName)) throw validation(`Value at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$`);
    if (!this.groupsOf(accountId).has(groupName)) throw new ServiceError('ResourceNotFoundException', `Schedule group ${groupName} does not exist.`, 404);
    const key = keyOf(accountId, groupName, name);
    const existing = this.schedules.get(key);
    if ((operation === 'CreateSchedule' || operation === 'UpdateSchedule') && this.writeRefusal !== undefined) {
      throw new ServiceError(this.writeRefusal, `${operation} refused (stand-in writeRefusal ${this.writeRefusal})`, WRITE_REFUSAL_STATUS[this.writeRefusal]);
    }
    switch (operation) {
      case 'GetSchedule':
        if (existing === undefined) throw notFound(name);
        return describe(existing);
      case 'DeleteSchedule':
        if (existing === undefined) throw notFound(name);
        this.schedules.delete(key);
        return {};
      case 'CreateSchedule':
        if (existing !== undefined) throw new ServiceError('ConflictException', `Schedule ${name} already exists.`, 409);
        if (this.countOf(accountId) >= this.scheduleQuota) throw new ServiceError('ServiceQuotaExceededException', `Number of schedules quota (${this.scheduleQuota}) reached.`, 402);
        return { ScheduleArn: this.store(accountId, groupName, name, body, undefined).Arn };
      case 'UpdateSchedule':
        if (existing === undefined) throw notFound(name);
        return { ScheduleArn: this.store(accountId, groupName, name, body, existing).Arn };
      default:
        throw new ServiceError('UnknownOperationException', `Operation ${operation} is not supported by the stand-in`);
    }
  }

  private store(accountId: string, group: string, name: string, body: JsonBody, existing: StoredSchedule | undefined): StoredSchedule {
    const now = this.clock.now();
    const expression = stringField(body, 'ScheduleExpression', 1, 256);
    const due = atInstant(expression);
    const timezone = optionalString(body, 'ScheduleExpressionTimezone', 1, 50);
    if (timezone !== undefined && timezone !== 'UTC') throw validation(`The stand-in models at() in UTC only, got ScheduleExpressionTimezone ${timezone}`);
    if (due.getTime() <= now.getTime() && this.pastAt === 'refuse') throw validation(`The schedule expression ${expression} is in the past.`);
    const window = body['FlexibleTimeWindow'];
    if (typeof window !== 'object' || window === null || !['OFF', 'FLEXIBLE'].includes(String((window as JsonBody)['Mode']))) {
      throw validation("1 validation error detected: Value null at 'flexibleTimeWindow.mode' failed to satisfy constraint: Member must not be null");
    }
    const target = body['Target'];
    if (typeof target !== 'object' || target === null) throw validation("1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null");
    stringField(target as JsonBody, 'Arn', 1, 1600);
    const roleArn = stringField(target as JsonBody, 'RoleArn', 1, 1600);
    if (!ROLE_ARN.test(roleArn)) throw validation(`Value '${roleArn}' at 'target.roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern`);
    // Checked when the schedule is written: a role Scheduler cannot assume for this account and group (scheduler-roles.ts).
    if (this.roles.assumeRefusal(roleArn, accountId, group) !== undefined) throw validation(CANNOT_ASSUME_MESSAGE);
    const retry = (target as JsonBody)['RetryPolicy'] as JsonBody | undefined;
    if (retry !== undefined) {
      rangeField(retry, 'MaximumRetryAttempts', 0, 185);
      rangeField(retry, 'MaximumEventAgeInSeconds', 60, 86_400);
    }
    const actionAfterCompletion = body['ActionAfterCompletion'] ?? 'NONE';
    if (actionAfterCompletion !== 'NONE' && actionAfterCompletion !== 'DELETE') throw validation(`Value '${String(actionAfterCompletion)}' at 'actionAfterCompletion' failed to satisfy enum value set: [NONE, DELETE]`);
    const state = body['State'] ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') throw validation(`Value '${String(state)}' at 'state' failed to satisfy enum value set: [ENABLED, DISABLED]`);
    const schedule: StoredSchedule = {
      accountId,
      Name: name,
      GroupName: group,
      Arn: `arn:aws:scheduler:us-east-1:${accountId}:schedule/${group}/${name}`,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timezone,
      Description: optionalString(body, 'Description', 0, 512),
      State: state,
      FlexibleTimeWindow: window as StoredSchedule['FlexibleTimeWindow'],
      ActionAfterCompletion: actionAfterCompletion,
      Target: target as StoredSchedule['Target'],
      CreationDate: existing?.CreationDate ?? now,
      LastModificationDate: now,
      fireAt: new Date(Math.max(due.getTime(), now.getTime()) + this.firingDelayMs),
      version: (this.versions += 1),
    };
    this.schedules.set(keyOf(accountId, group, name), schedule);
    if (state === 'ENABLED') this.clock.at(schedule.fireAt, `scheduler:fire ${group}/${name}`, (at) => this.fire(schedule, at));
    return schedule;
  }

  /** The schedule's one invocation, with the retries its policy allows; then ActionAfterCompletion. */
  private async fire(schedule: StoredSchedule, at: Date): Promise<void> {
    const key = keyOf(schedule.accountId, schedule.GroupName, schedule.Name);
    // Changed or deleted since this firing was queued: the current version has its own.
    if (this.schedules.get(key)?.version !== schedule.version) return;
    const firing: ScheduleFiring = { accountId: schedule.accountId, schedule: schedule.Name, group: schedule.GroupName, due: atInstant(schedule.ScheduleExpression), attempts: [], roleArn: schedule.Target.RoleArn };
    this.firings.push(firing);
    await this.attempt(schedule, firing, 0, at.getTime(), at);
  }

  private async attempt(schedule: StoredSchedule, firing: ScheduleFiring, retries: number, firstAt: number, now: Date): Promise<void> {
    let outcome = 'ok';
    try {
      this.callTarget(schedule);
    } catch (error) {
      outcome = error instanceof ServiceError ? error.code : String(error);
    }
    firing.attempts.push({ at: now, outcome });
    const counts = this.countersOf(schedule.accountId, schedule.GroupName);
    counts.InvocationAttemptCount += 1;
    if (outcome !== 'ok') counts.TargetErrorCount += 1;
    const policy = schedule.Target.RetryPolicy ?? {};
    // The service's defaults: 185 attempts within 86,400 s (RetryPolicy, CloudFormation AWS::Scheduler::Schedule RetryPolicy).
    const maxRetries = policy.MaximumRetryAttempts ?? 185;
    const maxAgeMs = (policy.MaximumEventAgeInSeconds ?? 86_400) * 1000;
    const retryAt = now.getTime() + FIRST_RETRY_DELAY_MS * 2 ** retries;
    const retriable = outcome === 'ThrottlingException' || (outcome === 'LimitExceededException' && this.limitExceeded === 'retried');
    if (retriable && retries < maxRetries && retryAt - firstAt <= maxAgeMs) {
      this.clock.at(new Date(retryAt), `scheduler:retry ${schedule.GroupName}/${schedule.Name}`, (at) => this.attempt(schedule, firing, retries + 1, firstAt, at));
      return;
    }
    if (outcome !== 'ok') counts.InvocationDroppedCount += 1;
    const key = keyOf(schedule.accountId, schedule.GroupName, schedule.Name);
    if (schedule.ActionAfterCompletion === 'DELETE' && this.schedules.get(key)?.version === schedule.version) this.schedules.delete(key);
  }

  /** The universal target call, as the schedule's role, in the schedule's account. */
  private callTarget(schedule: StoredSchedule): void {
    const target = UNIVERSAL_TARGET.exec(schedule.Target.Arn);
    if (target?.[1] !== 'config' || target[2] !== 'startConfigRulesEvaluation') throw new Error(`the stand-in's Scheduler calls only config:startConfigRulesEvaluation, not ${schedule.Target.Arn}`);
    let input: unknown;
    try {
      input = JSON.parse(schedule.Target.Input ?? '{}');
    } catch {
      throw new ServiceError('SerializationException', 'The target Input is not JSON');
    }
    const state = this.stateOf(schedule.accountId);
    const role = schedule.Target.RoleArn;
    // The role may have changed or gone since the schedule was written (a deleted stack): assumed again at each call.
    if (this.roles.assumeRefusal(role, schedule.accountId, schedule.GroupName) !== undefined) {
      throw new ServiceError('AccessDeniedException', `EventBridge Scheduler could not assume ${role}`, 403);
    }
    const names = (input as JsonBody)['ConfigRuleNames'];
    for (const name of Array.isArray(names) ? names : []) {
      const ruleArn = typeof name === 'string' ? state.configRules.invocationFields(name)?.arn : undefined;
      if (ruleArn !== undefined && !this.roles.allowsStart(role, ruleArn)) {
        const session = role.replace(/:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/, ':sts::$1:assumed-role/$2/scheduler');
        throw new ServiceError('AccessDeniedException', `User: ${session} is not authorized to perform: config:StartConfigRulesEvaluation on resource: ${ruleArn}`, 400);
      }
    }
    this.config.start(state, input as JsonBody);
  }

  private countOf(accountId: string): number {
    return [...this.schedules.values()].filter((schedule) => schedule.accountId === accountId).length;
  }

  private countersOf(accountId: string, group: string): SchedulerMetrics {
    const key = `${accountId}\u0000${group}`;
    let counts = this.counters.get(key);
    if (counts === undefined) {
      counts = { InvocationAttemptCount: 0, TargetErrorCount: 0, InvocationDroppedCount: 0 };
      this.counters.set(key, counts);
    }
    return counts;
  }

  private groupsOf(accountId: string): Set<string> {
    let groups = this.groups.get(accountId);
    if (groups === undefined) {
      groups = new Set([DEFAULT_GROUP]);
      this.groups.set(accountId, groups);
    }
    return groups;
  }
}

/** GetSchedule's answer: timestamps as epoch seconds (restJson1's default timestamp format). */
function describe(schedule: StoredSchedule): Record<string, unknown> {
  const { accountId: _account, fireAt: _fireAt, version: _version, CreationDate, LastModificationDate, ...fields } = schedule;
  return { ...fields, CreationDate: CreationDate.getTime() / 1000, LastModificationDate: LastModificationDate.getTime() / 1000 };
}

/** The instant of `at(yyyy-mm-ddThh:mm:ss)` in UTC; anything else is refused. */
function atInstant(expression: string): Date {
  const match = AT.exec(expression);
  const instant = match?.[1] === undefined ? undefined : new Date(`${match[1]}Z`);
  if (instant === undefined || Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 19) !== match?.[1]) {
    throw validation(`Invalid Schedule Expression ${expression}.`);
  }
  return instant;
}

function stringField(body: JsonBody, field: string, min: number, max: number): string {
  const value = body[field];
  if (typeof value !== 'string') throw validation(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  if (value.length < min || value.length > max) throw validation(`Value at '${field}' failed to satisfy constraint: Member must have length between ${min} and ${max}`);
  return value;
}

function optionalString(body: JsonBody, field: string, min: number, max: number): string | undefined {
  return body[field] === undefined || body[field] === null ? undefined : stringField(body, field, min, max);
}

function rangeField(body: JsonBody, field: string, min: number, max: number): void {
  const value = body[field];
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)) {
    throw validation(`Value '${String(value)}' at 'target.retryPolicy.${field}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
}

function validation(message: string): ServiceError {
  return new ServiceError('ValidationException', message, 400);
}

function notFound(name: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404);
}

function keyOf(accountId: string, group: string, name: string): string {
  return `${accountId}\u0000${group}\u0000${name}`;
}
