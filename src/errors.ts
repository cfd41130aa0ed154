import type { UsageService } from './core/usage-service';
import { ACCOUNT_ID } from './core/account-id';

/**
 * Every error this rule raises. One base class so callers can tell our own,
 * explained failures from anything unexpected; `cause` is always passed on so
 * the chain survives into the Lambda logs.
 */
export class RuleError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuleError';
  }
}

/** The Lambda event, or the JSON inside it, is not what AWS Config sends. */
export class InvalidEventError extends RuleError {
  /** Dotted path of the offending field, e.g. `invokingEvent.configurationItem.resourceType`. */
  public readonly field: string;

  public constructor(field: string, problem: string, options?: { cause?: unknown }) {
    super(`Invalid AWS Config event: ${field} ${problem}`, options);
    this.name = 'InvalidEventError';
    this.field = field;
  }
}

/** A rule parameter is unknown or out of range. */
export class InvalidRuleParameterError extends RuleError {
  /** The parameter key as the user wrote it in the rule's `InputParameters`. */
  public readonly key: string;

  public constructor(key: string, problem: string) {
    super(`Invalid rule parameter ${key}: ${problem}`);
    this.name = 'InvalidRuleParameterError';
    this.key = key;
  }
}

/** The event is well formed but asks for something this rule does not evaluate. */
export class UnsupportedEventError extends RuleError {
  public constructor(message: string) {
    super(message);
    this.name = 'UnsupportedEventError';
  }
}

/**
 * Evaluations could not all be delivered to AWS Config. Thrown so the Lambda
 * invocation fails and Config invokes the rule again: nothing half-reported is
 * ever returned as success.
 */
export class EvaluationDeliveryError extends RuleError {
  /** Resource ids whose evaluation AWS Config did not accept. */
  public readonly undelivered: readonly string[];

  public constructor(message: string, undelivered: readonly string[], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EvaluationDeliveryError';
    this.undelivered = undelivered;
  }
}

/** One finding Security Hub refused, and why (BatchImportFindings `FailedFindings`: `Id`, `ErrorCode`, `ErrorMessage`). */
export interface RefusedFinding {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Security Hub findings could not all be imported (`BatchImportFindings`
 * kept failing, or listed some in `FailedFindings`). Thrown so the
 * invocation fails and Config invokes the rule again, as for evaluations.
 */
export class FindingDeliveryError extends RuleError {
  /** Finding ids Security Hub did not accept. */
  public readonly undelivered: readonly string[];
  /** Security Hub's reason for each refused finding, when it gave one. */
  public readonly refusals: readonly RefusedFinding[];

  public constructor(message: string, undelivered: readonly string[], options?: { cause?: unknown; refusals?: readonly RefusedFinding[] }) {
    super(message, options);
    this.name = 'FindingDeliveryError';
    this.undelivered = undelivered;
    this.refusals = options?.refusals ?? [];
  }
}

/** One expiry event EventBridge refused, and why (`PutEvents` result entry: `ErrorCode`, `ErrorMessage`). */
export interface RefusedEvent {
  /** The certificate the event was about (its ARN). */
  readonly certificateArn: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Expiry events could not all be put on the event bus (`PutEvents` kept
 * failing, or listed entries as failed in the end). Raised only after every
 * evaluation was delivered to AWS Config, so the invocation fails loudly and
 * Config runs the rule again.
 */
export class EventDeliveryError extends RuleError {
  /** ARNs of the certificates whose event did not get through. */
  public readonly undelivered: readonly string[];
  /** EventBridge's reason for each refused entry, when it gave one. */
  public readonly refusals: readonly RefusedEvent[];

  public constructor(message: string, undelivered: readonly string[], options?: { cause?: unknown; refusals?: readonly RefusedEvent[] }) {
    super(message, options);
    this.name = 'EventDeliveryError';
    this.undelivered = undelivered;
    this.refusals = options?.refusals ?? [];
  }
}

/**
 * Security Hub answered `InvalidAccessException` (or listed findings as
 * `InvalidAccess`): it is not enabled in the account and region the findings
 * go to (Security Hub User Guide, "BatchImportFindings for finding providers":
 * "If Security Hub CSPM is disabled … the findings are returned in the
 * FailedFindings list, with an InvalidAccess error"). Nothing a resend can fix;
 * the message says what to do.
 */
export class SecurityHubNotEnabledError extends RuleError {
  public readonly accountId: string;
  public readonly region: string;

  public constructor(accountId: string, region: string, detail: string, options?: { cause?: unknown }) {
    // Outside Lambda the account may be known only as "this account".
    const account = ACCOUNT_ID.test(accountId) ? `account ${accountId}` : accountId;
    super(
      `Security Hub is not enabled in ${account}, region ${region} (${detail}), so this rule cannot import its findings there. ` +
        'Enable Security Hub in that account and region (in an Organization, from the Security Hub delegated administrator), ' +
        'or set the rule parameter securityHubFindings to "false".',
      options,
    );
    this.name = 'SecurityHubNotEnabledError';
    this.accountId = accountId;
    this.region = region;
  }
}

/**
 * The Lambda's time is nearly spent. Raised before starting work that might
 * not finish, after what was done has been delivered, so the invocation fails
 * loudly and Config retries instead of the function timing out mid-batch.
 */
export class TimeBudgetExceededError extends RuleError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TimeBudgetExceededError';
  }
}

/**
 * AWS refused a call or a role assumption. The message names who was refused,
 * in which account, and the action to grant, so the fix needs no log digging.
 */
export class AccessDeniedError extends RuleError {
  /** The IAM action that was refused, e.g. `iam:ListServerCertificates`. */
  public readonly action: string;
  public readonly accountId: string;

  public constructor(message: string, action: string, accountId: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AccessDeniedError';
    this.action = action;
    this.accountId = accountId;
  }
}

/** A call of the usage scan failed; the scan reports it as "usage unknown", never as "not referenced". */
export class UsageLookupError extends RuleError {
  public readonly service: UsageService;
  public readonly region: string;
  /** The IAM action of the failed call, e.g. `cloudfront:ListDistributions`. */
  public readonly action: string;

  public constructor(service: UsageService, region: string, action: string, options: { cause: unknown }) {
    super(`${action} failed in ${region}: ${describeError(options.cause)}`, options);
    this.name = 'UsageLookupError';
    this.service = service;
    this.region = region;
    this.action = action;
  }
}

/**
 * Some certificates' tags could not be read (`ListServerCertificateTags`
 * refused, throttled past its retries). Raised only after every evaluation
 * was delivered, judged without those tags and saying so, so the invocation
 * still fails loudly and AWS Config runs it again.
 */
export class TagReadError extends RuleError {
  /** Names of the certificates whose tags were not read. */
  public readonly certificates: readonly string[];

  public constructor(certificates: readonly string[], options: { cause: unknown }) {
    super(
      `Could not read the tags of ${certificates.length} certificate${certificates.length === 1 ? '' : 's'} ` +
        `(first: ${certificates[0] ?? '?'}: ${describeError(options.cause)}). Their evaluations were delivered without ` +
        'their tags (no exception or window tag applied, owner unknown), as their annotations say; grant ' +
        'iam:ListServerCertificateTags on the account\'s server certificates (docs/parameters.md).',
      options,
    );
    this.name = 'TagReadError';
    this.certificates = certificates;
  }
}

/** A step after delivery that failed, as {@link DeferredFailuresError} names it. */
export interface DeferredStepFailure {
  /** The step, as the message names it: `Security Hub findings`, `expiry events`. */
  readonly step: string;
  readonly error: unknown;
}

/**
 * More than one secondary step of a run failed (Security Hub findings,
 * certificate tags, the evaluateAtExpiry schedule, expiry events). Every
 * evaluation was delivered and every step had its turn; this names each
 * failure, in the order the steps ran, so fixing one never uncovers another
 * only at the next run. A single failure is thrown as itself instead.
 */
export class DeferredFailuresError extends RuleError {
  public readonly failures: readonly DeferredStepFailure[];

  public constructor(failures: readonly DeferredStepFailure[]) {
    super(
      `${failures.length} steps failed after every evaluation of this run was delivered to AWS Config: ` +
        failures.map(({ step, error }, index) => `(${index + 1}) ${step}: ${describeError(error)}`).join(' '),
      { cause: new AggregateError(failures.map(({ error }) => error)) },
    );
    this.name = 'DeferredFailuresError';
    this.failures = failures;
  }
}

// --- evaluateAtExpiry (issue 21 part 3) ---
/**
 * The rule's EventBridge Scheduler schedule (evaluateAtExpiry) could not be
 * set or deleted. Raised only after every evaluation was delivered, so the
 * invocation fails loudly (the `Errors` alarm, `RunsFailed`) and Config runs
 * the rule again, without its results going stale.
 */
export class EvaluationScheduleError extends RuleError {
  /** The schedule's name, and its group. */
  public readonly schedule: string;
  public readonly group: string;

  public constructor(schedule: string, group: string, problem: string, options?: { cause?: unknown }) {
    super(
      `Could not keep the EventBridge Scheduler schedule ${schedule} (group ${group}) that re-runs the rule at the next certificate expiry: ${problem.replace(/\.$/, '')}. ` +
        'Every evaluation of this run was delivered; until this is fixed, verdicts change only at the periodic runs (docs/parameters.md, evaluateAtExpiry).',
      options,
    );
    this.name = 'EvaluationScheduleError';
    this.schedule = schedule;
    this.group = group;
  }
}
// --- end evaluateAtExpiry ---

/** A CLI flag is unknown, missing its value or has a bad one; the message names the flag. */
export class CliUsageError extends RuleError {
  /** The command the flags were given to (`report`, `retire`), or `''` for the top level. */
  public readonly command: string;

  public constructor(command: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliUsageError';
    this.command = command;
  }
}

/**
 * A CLI audit record could not be written (and synced). Commands write an
 * intent record before every change and make no change when this is thrown.
 */
export class AuditLogError extends RuleError {
  public readonly file: string;
  /** The record's `event` (`run-start`, `intent`, `outcome`…). */
  public readonly event: string;

  public constructor(file: string, event: string, reason: string, options?: { cause?: unknown }) {
    super(`audit log ${file}: the ${event} record could not be written (${reason})`, options);
    this.name = 'AuditLogError';
    this.file = file;
    this.event = event;
  }
}

/**
 * The audit log's path is no place for a record: not a regular file (a
 * device such as `/dev/null`, a FIFO, a socket, a directory, or a symbolic
 * link to one), or a file that cannot be made owner-only. Nothing is written.
 */
export class AuditFileError extends RuleError {
  public constructor(problem: string, options?: { cause?: unknown }) {
    super(problem, options);
    this.name = 'AuditFileError';
  }
}

/** The CLI cannot tell whose credentials it holds (STS GetCallerIdentity failed), so it changes nothing. */
export class CallerIdentityError extends RuleError {
  public constructor(reason: string, options?: { cause?: unknown }) {
    super(`cannot tell who is acting (sts:GetCallerIdentity failed: ${reason}); nothing was read or changed`, options);
    this.name = 'CallerIdentityError';
  }
}

/** A rotation step found something it cannot act on (a listener gone, a config without an ETag). */
export class RotationError extends RuleError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RotationError';
  }
}

/**
 * A short, printable name for a failure, for an annotation or a table cell:
 * `AccessDenied` for any refusal, else the error's name (`ThrottlingException`,
 * `TimeoutError`) when it is a plain identifier, else `error`.
 */
export function shortErrorName(error: unknown): string {
  if (error instanceof AccessDeniedError || (error instanceof Error && /^AccessDenied(Exception)?$/.test(error.name))) return 'AccessDenied';
  const name = error instanceof Error ? error.name : '';
  return /^[\w.-]{1,40}$/.test(name) ? name : 'error';
}

/** `Name: message`, the way logs and usage failures quote an error. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : `${error.name}: ${error.message}`;
  return String(error);
}
