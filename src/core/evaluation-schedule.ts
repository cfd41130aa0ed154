import { createHash } from 'node:crypto';
import { nextVerdictChange, type CertificateTags, type PolicyParameters } from './certificate-policy';
import type { ServerCertificate } from './server-certificate';

/**
 * The one-time EventBridge Scheduler schedule that re-runs a rule at the next
 * instant a certificate's verdict changes (`evaluateAtExpiry`): its name, its
 * `at()` expression and its target, as plain values. Pure: every instant is a
 * parameter.
 */

/** Schedule names: 1 to 64 characters of `[0-9a-zA-Z-_.]` (EventBridge Scheduler API reference, CreateSchedule `Name`). */
export const MAX_SCHEDULE_NAME_LENGTH = 64;
/** Hex digits of the rule name's SHA-256 that end every schedule name: 48 bits, so two rule names collide with odds of about 1 in 2^24 even among 4,000 rules of one account. */
export const SCHEDULE_NAME_HASH_LENGTH = 12;
/** Room for the readable part: the name, a `-`, the hash. */
const READABLE_LENGTH = MAX_SCHEDULE_NAME_LENGTH - 1 - SCHEDULE_NAME_HASH_LENGTH;
const NOT_IN_SCHEDULE_NAMES = /[^0-9a-zA-Z\-_.]/g;

/**
 * At least this long between the call that sets the schedule and its `at()`
 * instant. Scheduler invokes a target "with 60 second precision … between
 * 1:00:00 and 1:00:59" (EventBridge Scheduler User Guide, "Schedule types",
 * note), and what it does with an `at()` already past when the request
 * arrives is not documented. A crossing that is (nearly) due is scheduled a
 * minute after the call instead: late by at most that minute, never lost to
 * an expression Scheduler refuses or never fires. It also leaves the
 * invocation that sets the schedule a minute to finish, since
 * StartConfigRulesEvaluation refuses to start while the rule's evaluation is
 * in progress.
 */
export const MIN_SCHEDULE_LEAD_MS = 60_000;

/**
 * How long after its crossing the warning rule's schedule fires. Both rules
 * cross at an expiry (the strict rule turns NON_COMPLIANT; the warning rule's
 * verdict turns from expiring to expired, and its Security Hub finding from
 * passed to failed for an excepted certificate: it must run then too), and
 * StartConfigRulesEvaluation refuses a second call "more than once per
 * minute" (AWS Config API reference, StartConfigRulesEvaluation, Errors).
 * Whether EventBridge Scheduler retries that refusal is not documented (its
 * RetryPolicy reference says only that it retries "when the target returns an
 * error"), so the two rules never share an instant: the strict rule fires at
 * the crossing, within Scheduler's minute ("between 1:00:00 and 1:00:59":
 * Scheduler User Guide, "Schedule types"), the warning rule three minutes
 * later, a clear minute after the strict rule's start at its latest and
 * after its evaluation, which takes seconds, has ended. The warning rule's
 * verdicts come three minutes later; IAM.26's, the strict rule's, never wait.
 */
export const WARNING_RULE_SCHEDULE_OFFSET_MS = 3 * 60_000;

/**
 * Retries of the target call. StartConfigRulesEvaluation answers
 * `LimitExceededException` "if an evaluation is in progress or if you call
 * the StartConfigRulesEvaluation API more than once per minute" (AWS Config
 * API reference, StartConfigRulesEvaluation, Errors): the rule's own run, or
 * the other rule's schedule firing the same minute. Scheduler retries "with
 * exponential backoff … until either the maximum number of attempts is made or
 * until the duration of the MaximumEventAgeInSeconds is reached" (Scheduler
 * API reference, RetryPolicy: attempts 0 to 185, age 60 to 86,400 s): every
 * attempt Scheduler allows, within an hour. A verdict an hour late is the
 * periodic run's job again, and the hour stays well inside its 24.
 */
export const SCHEDULE_RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 3_600 } as const;

/**
 * The schedule name for a Config rule: its name with every character
 * Scheduler does not take made a `-`, cut to fit, then `-` and the first
 * {@link SCHEDULE_NAME_HASH_LENGTH} hex digits of the SHA-256 of the whole
 * rule name. Config rule names take up to 128 characters of any kind
 * (`OrgConfigRule-…`, `…-conformance-pack-…`: Config API reference,
 * ConfigRule `ConfigRuleName`), so names that clean or cut to the same text
 * still differ by their hash, and the same rule always gets the same name.
 *
 * @example
 * scheduleNameFor('iam-server-certificate-expired'); // 'iam-server-certificate-expired-<12 hex digits>'
 */
export function scheduleNameFor(ruleName: string): string {
  const readable = ruleName.replace(NOT_IN_SCHEDULE_NAMES, '-').slice(0, READABLE_LENGTH);
  const hash = createHash('sha256').update(ruleName, 'utf8').digest('hex').slice(0, SCHEDULE_NAME_HASH_LENGTH);
  return `${readable}-${hash}`;
}

/**
 * When the schedule should fire for a verdict change at `crossing`, set at
 * `callTime`: the crossing rounded up to its whole second (an `at()` names
 * seconds; rounded down it could fire before the verdict flips), and never
 * less than {@link MIN_SCHEDULE_LEAD_MS} after the call.
 */
export function scheduleInstant(crossing: Date, callTime: Date): Date {
  const earliest = Math.max(crossing.getTime(), callTime.getTime() + MIN_SCHEDULE_LEAD_MS);
  return new Date(Math.ceil(earliest / 1000) * 1000);
}

/**
 * `at(yyyy-mm-ddThh:mm:ss)` of a whole-second instant, read in UTC (the
 * schedule's `ScheduleExpressionTimezone` is `UTC`; Scheduler API reference,
 * CreateSchedule `ScheduleExpression`). An instant with milliseconds is
 * refused: cutting them would fire early.
 */
export function atExpression(instant: Date): string {
  if (instant.getTime() % 1000 !== 0) throw new RangeError(`at() takes whole seconds; round ${instant.toISOString()} up first (scheduleInstant)`);
  return `at(${instant.toISOString().slice(0, 19)})`;
}

/** The instant an `at(yyyy-mm-ddThh:mm:ss)` expression (UTC) names; `undefined` for any other expression. */
export function instantOfAt(expression: string): Date | undefined {
  const match = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (match?.[1] === undefined) return undefined;
  const instant = new Date(`${match[1]}Z`);
  return Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 19) !== match[1] ? undefined : instant;
}

/**
 * The universal target that starts an on-demand evaluation of Config rules:
 * `arn:<partition>:scheduler:::aws-sdk:<service>:<apiAction>` (EventBridge
 * Scheduler User Guide, "Using universal targets"; the action camelCase).
 */
export function startEvaluationTargetArn(partition: string): string {
  return `arn:${partition}:scheduler:::aws-sdk:config:startConfigRulesEvaluation`;
}

/** The target's `Input`: the StartConfigRulesEvaluation request, this one rule (Config API reference: `ConfigRuleNames`, 1 to 25). */
export function startEvaluationInput(ruleName: string): string {
  return JSON.stringify({ ConfigRuleNames: [ruleName] });
}

/** The one-time schedule a rule keeps, whole, as CreateSchedule and UpdateSchedule take it. */
export interface EvaluationSchedule {
  readonly name: string;
  readonly group: string;
  /** `at(yyyy-mm-ddThh:mm:ss)`, UTC. */
  readonly expression: string;
  readonly targetArn: string;
  readonly roleArn: string;
  /** The StartConfigRulesEvaluation request. */
  readonly input: string;
  readonly description: string;
}

/** Scheduler descriptions: 0 to 512 characters (service model, `Description`). */
const MAX_DESCRIPTION_LENGTH = 512;

/** What a rule needs to describe its schedule. */
export interface ScheduleRequest {
  readonly ruleName: string;
  readonly group: string;
  readonly partition: string;
  /** The scheduler execution role, an ARN. */
  readonly roleArn: string;
  /** The next verdict change (see {@link EarliestCrossing}). */
  readonly crossing: Date;
  /** Whether the rule is the strict one (`daysToExpiration` 0): it fires at the crossing, the warning rule {@link WARNING_RULE_SCHEDULE_OFFSET_MS} later. */
  readonly strict: boolean;
  /** When the schedule is set. */
  readonly callTime: Date;
}

/**
 * The schedule that re-runs `ruleName` at its next verdict change: at the
 * crossing for the strict rule, {@link WARNING_RULE_SCHEDULE_OFFSET_MS}
 * after it for the warning rule, so the two never start an evaluation in the
 * same minute.
 *
 * @example
 * evaluationSchedule({ ruleName: 'iam-server-certificate-expired', group: 'default', partition: 'aws',
 *   roleArn, crossing: new Date('2027-01-31T12:00:00.250Z'), callTime: now, strict: true }).expression; // 'at(2027-01-31T12:00:01)'
 */
export function evaluationSchedule(request: ScheduleRequest): EvaluationSchedule {
  const crossing = new Date(request.crossing.getTime() + (request.strict ? 0 : WARNING_RULE_SCHEDULE_OFFSET_MS));
  const instant = scheduleInstant(crossing, request.callTime);
  return {
    name: scheduleNameFor(request.ruleName),
    group: request.group,
    expression: atExpression(instant),
    targetArn: startEvaluationTargetArn(request.partition),
    roleArn: request.roleArn,
    input: startEvaluationInput(request.ruleName),
    description: `Re-runs AWS Config rule ${request.ruleName} when an IAM server certificate's verdict changes (evaluateAtExpiry)`.slice(0, MAX_DESCRIPTION_LENGTH),
  };
}

/**
 * The earliest next verdict change over the certificates of one periodic
 * run ({@link nextVerdictChange}: expiry, entering the window, an
 * exception's reach or end), fed one judged certificate at a time so a large
 * account is never held whole.
 */
export class EarliestCrossing {
  private earliest: number | undefined;

  public constructor(
    private readonly now: Date,
    private readonly parameters: PolicyParameters,
  ) {}

  /** Takes in one certificate, with the tags it was judged with (`undefined`: not read). */
  public add(certificate: Pick<ServerCertificate, 'name' | 'expiration'>, tags: CertificateTags | undefined): void {
    const change = nextVerdictChange(certificate, this.now, this.parameters, tags)?.getTime();
    if (change !== undefined && (this.earliest === undefined || change < this.earliest)) this.earliest = change;
  }

  /** The earliest change after the run's instant; `undefined` when no certificate's verdict will change again. */
  public get instant(): Date | undefined {
    return this.earliest === undefined ? undefined : new Date(this.earliest);
  }
}
