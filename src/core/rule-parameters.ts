import { InvalidRuleParameterError } from '../errors';
import { describeValue } from './describe-value';
import { partitionOf } from './recording-region';

/** The rule's settings, validated. */
export interface RuleParameters {
  /**
   * A certificate expiring within this many days is NON_COMPLIANT too;
   * 0 flags only certificates that have already expired (the controls of compliance-references.ts).
   */
  readonly daysToExpiration: number;
  /**
   * Name of the role to assume in the evaluated account when it is not the
   * Lambda's own (organization deployments); absent: the event's `executionRoleArn`.
   */
  readonly executionRoleName: string | undefined;
  /** False keeps every call on the Lambda's own credentials, whatever the account. */
  readonly assumeRoleMode: boolean;
  /** Whether annotations say what uses each certificate (load balancers, CloudFront). */
  readonly checkUsage: boolean;
  /**
   * Regions whose load balancers the usage check scans; absent (or
   * {@link ALL_ENABLED_REGIONS}): every region enabled for the account.
   */
  readonly usageRegions: readonly string[] | undefined;
  /**
   * Whether periodic runs also import one Security Hub finding per
   * certificate (docs/security-hub.md), and read each certificate's owner tag.
   */
  readonly securityHubFindings: boolean;
  /**
   * The IAM tag whose value names a certificate's owner, given explicitly;
   * see {@link ownerTagKeyOf} for the key in effect.
   */
  readonly ownerTagKey: string | undefined;
  /** Where findings and alerts point for what to do: the rotation runbook. */
  readonly runbookUrl: string;
  /**
   * Whether certificates' own tags may set their warning window
   * (`iam-cert-expiry:window-days`) and a time-boxed exception
   * (`iam-cert-expiry:exception`); see src/core/certificate-policy.ts. Off: no
   * tag is read for them and every verdict is the rule's alone.
   */
  readonly tagOverrides: boolean;
  /** An exception that ends more than this many days after the evaluation is ignored. */
  readonly maxExceptionDays: number;
  // --- Expiry events (issue 21 part 1; src/core/expiry-event.ts) ---
  /**
   * Whether periodic runs put one EventBridge event per expired or expiring
   * certificate, the way ACM sends its expiry events. Off by default.
   */
  readonly expiryEvents: boolean;
  /**
   * The event bus the events go to (an EventBridge event-bus ARN, e.g. an
   * organization's central bus); absent: the evaluated account's default bus.
   */
  readonly eventBusArn: string | undefined;
  // --- end of expiry events ---
  // --- evaluateAtExpiry (issue 21 part 3): a re-evaluation at the next verdict change ---
  /**
   * Whether periodic runs keep one EventBridge Scheduler one-time schedule
   * that re-runs the rule at the next instant a certificate's verdict changes
   * (src/core/evaluation-schedule.ts, src/rule/keep-evaluation-schedule.ts).
   */
  readonly evaluateAtExpiry: boolean;
  /** The scheduler execution role's name (with its path, if any), in the evaluated account; set whenever {@link evaluateAtExpiry} is. */
  readonly schedulerRole: string | undefined;
  /** The EventBridge Scheduler schedule group the schedule is kept in. */
  readonly scheduleGroup: string;
  // --- end evaluateAtExpiry ---
}

/** Bounds of `daysToExpiration`: ten years covers any certificate a CA issues today. */
export const DAYS_TO_EXPIRATION_MIN = 0;
export const DAYS_TO_EXPIRATION_MAX = 3650;

/** Bounds of `maxExceptionDays`: a waiver of more than a year is no longer time-boxed. */
export const MAX_EXCEPTION_DAYS_MIN = 1;
export const MAX_EXCEPTION_DAYS_MAX = 365;

/** Used when the rule has no `daysToExpiration`: the strict check of Security Hub IAM.26 and CIS (compliance-references.ts). */
export const DEFAULT_RULE_PARAMETERS: RuleParameters = {
  daysToExpiration: 0,
  executionRoleName: undefined,
  assumeRoleMode: true,
  checkUsage: false,
  usageRegions: undefined,
  securityHubFindings: false,
  ownerTagKey: undefined,
  // AWS's own page on managing IAM server certificates; point it at your copy of docs/runbook.md.
  runbookUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html',
  tagOverrides: false,
  maxExceptionDays: 90,
  // Expiry events (issue 21 part 1): off, so a deployment that does not ask for them changes nothing.
  expiryEvents: false,
  eventBusArn: undefined,
  // --- evaluateAtExpiry (issue 21 part 3) ---
  evaluateAtExpiry: false,
  schedulerRole: undefined,
  // EventBridge Scheduler's own default group (API reference, CreateSchedule GroupName: "If you omit this, the default schedule group is used").
  scheduleGroup: 'default',
  // --- end evaluateAtExpiry ---
};

/** Every parameter the rule takes; any other key is refused. The README and docs/parameters.md list each (tests/readme.test.ts). */
export const KNOWN_KEYS = [
  'daysToExpiration',
  'ExecutionRoleName',
  'AssumeRoleMode',
  'checkUsage',
  'usageRegions',
  'securityHubFindings',
  'ownerTagKey',
  'runbookUrl',
  'tagOverrides',
  'maxExceptionDays',
  // Expiry events (issue 21 part 1).
  'expiryEvents',
  'eventBusArn',
  // --- evaluateAtExpiry (issue 21 part 3) ---
  'evaluateAtExpiry',
  'schedulerRole',
  'scheduleGroup',
  // --- end evaluateAtExpiry ---
] as const;

// IAM tag keys: 1-128 characters of letters, spaces, digits and _.:/=+-@ (IAM API reference, Tag data type).
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
/** Our cap on the runbook link: it goes into every finding and alert. */
const MAX_RUNBOOK_URL_LENGTH = 512;

// AWS region names: us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, ap-southeast-5.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** More regions than any partition has: a typo'd list fails loudly instead of scanning forever. */
const MAX_USAGE_REGIONS = 40;
/**
 * The `usageRegions` value that asks for the default, every region enabled
 * for the account, where a value must be given: AWS Config refuses blank
 * input parameter values, so a deployment template cannot pass an empty one.
 */
export const ALL_ENABLED_REGIONS = 'all';

// IAM role names: 1-64 characters of [\w+=,.@-] (IAM API reference, CreateRole RoleName),
// after an optional path of /-separated segments of printable ASCII (CreateRole Path:
// up to 512 characters), as in service-role/MyRole; rdklib accepts the same.
const ROLE_NAME = /^(?:[\x21-\x2E\x30-\x7E]+\/){0,32}[\w+=,.@-]{1,64}$/;
const MAX_ROLE_PATH_AND_NAME = 512 + 64;

/**
 * Parses the rule's `ruleParameters` JSON string (the rule's `InputParameters`).
 * Values may be numbers or numeric strings, because the Config console and
 * conformance packs pass every parameter as a string. Absent, empty or `{}`
 * gives the defaults. Unknown keys and bad values throw
 * {@link InvalidRuleParameterError} naming the key and the accepted range.
 *
 * @example
 * parseRuleParameters('{"daysToExpiration":"30"}'); // { daysToExpiration: 30 }
 */
export function parseRuleParameters(raw: string | undefined): RuleParameters {
  if (raw === undefined || raw.trim() === '') {
    return DEFAULT_RULE_PARAMETERS;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidRuleParameterError('ruleParameters', `is not valid JSON: ${describeValue(raw)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRuleParameterError('ruleParameters', 'must be a JSON object of key/value pairs');
  }
  const entries = parsed as Record<string, unknown>;
  for (const key of Object.keys(entries)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      throw new InvalidRuleParameterError(describeValue(key), `is not a parameter of this rule; known parameters: ${KNOWN_KEYS.join(', ')}`);
    }
  }
  return {
    daysToExpiration: parseDays(entries['daysToExpiration']),
    executionRoleName: parseRoleName(entries['ExecutionRoleName']),
    assumeRoleMode: parseBoolean('AssumeRoleMode', entries['AssumeRoleMode'], DEFAULT_RULE_PARAMETERS.assumeRoleMode),
    checkUsage: parseBoolean('checkUsage', entries['checkUsage'], DEFAULT_RULE_PARAMETERS.checkUsage),
    usageRegions: parseRegions(entries['usageRegions']),
    securityHubFindings: parseBoolean('securityHubFindings', entries['securityHubFindings'], DEFAULT_RULE_PARAMETERS.securityHubFindings),
    ownerTagKey: parseTagKey(entries['ownerTagKey']),
    runbookUrl: parseRunbookUrl(entries['runbookUrl']),
    tagOverrides: parseBoolean('tagOverrides', entries['tagOverrides'], DEFAULT_RULE_PARAMETERS.tagOverrides),
    maxExceptionDays: parseWholeNumber('maxExceptionDays', entries['maxExceptionDays'], DEFAULT_RULE_PARAMETERS.maxExceptionDays, MAX_EXCEPTION_DAYS_MIN, MAX_EXCEPTION_DAYS_MAX),
    ...parseExpiryEvents(entries),
    ...parseEvaluateAtExpiry(entries),
  };
}

// --- evaluateAtExpiry (issue 21 part 3) ---
// Scheduler schedule group names: 1-64 of [0-9a-zA-Z-_.] (EventBridge Scheduler API reference,
// CreateSchedule GroupName; ScheduleGroupName in the service model).
const SCHEDULE_GROUP = /^[0-9a-zA-Z\-_.]{1,64}$/;

/**
 * `evaluateAtExpiry`, the scheduler role it needs and the schedule group.
 * The role is required with the switch on: a schedule without a role it may
 * pass cannot be created, and a missing one must fail here, naming the key,
 * rather than after every evaluation was delivered.
 */
function parseEvaluateAtExpiry(entries: Readonly<Record<string, unknown>>): Pick<RuleParameters, 'evaluateAtExpiry' | 'schedulerRole' | 'scheduleGroup'> {
  const evaluateAtExpiry = parseBoolean('evaluateAtExpiry', entries['evaluateAtExpiry'], DEFAULT_RULE_PARAMETERS.evaluateAtExpiry);
  const schedulerRole = isBlank(entries['schedulerRole']) ? undefined : roleNameOf('schedulerRole', entries['schedulerRole']);
  if (evaluateAtExpiry && schedulerRole === undefined) {
    throw new InvalidRuleParameterError(
      'schedulerRole',
      'is required when evaluateAtExpiry is true: the name of the role EventBridge Scheduler assumes to call config:StartConfigRulesEvaluation (the stack\'s SchedulerRoleName output)',
    );
  }
  const group = entries['scheduleGroup'];
  if (!isBlank(group) && (typeof group !== 'string' || !SCHEDULE_GROUP.test(group.trim()))) {
    throw new InvalidRuleParameterError('scheduleGroup', `must be an EventBridge Scheduler schedule group name (1 to 64 letters, digits and -_.), got ${describeValue(group)}`);
  }
  return { evaluateAtExpiry, schedulerRole, scheduleGroup: typeof group === 'string' && group.trim() !== '' ? group.trim() : DEFAULT_RULE_PARAMETERS.scheduleGroup };
}
// --- end evaluateAtExpiry ---

/**
 * Absent, `null` or blank: the parameter's default, as docs/parameters.md
 * says. Config refuses blank values for managed rules' parameters, and a
 * template that cannot omit a key may write null instead.
 */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function parseDays(value: unknown): number {
  return parseWholeNumber('daysToExpiration', value, DEFAULT_RULE_PARAMETERS.daysToExpiration, DAYS_TO_EXPIRATION_MIN, DAYS_TO_EXPIRATION_MAX);
}

/** An integer from `min` to `max`, as a number or a numeric string; blank: `fallback`. */
function parseWholeNumber(key: string, value: unknown, fallback: number, min: number, max: number): number {
  const range = `an integer from ${min} to ${max}`;
  if (isBlank(value)) return fallback;
  let number: number;
  if (typeof value === 'number') {
    number = value;
  } else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) {
    number = Number(value);
  } else {
    throw new InvalidRuleParameterError(key, `must be ${range}, got ${describeValue(value)}`);
  }
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new InvalidRuleParameterError(key, `must be ${range}, got ${describeValue(value)}`);
  }
  return number;
}

function parseRoleName(value: unknown): string | undefined {
  return isBlank(value) ? undefined : roleNameOf('ExecutionRoleName', value);
}

/** An IAM role name, optionally after its path; `key` names the parameter in the error. */
function roleNameOf(key: string, value: unknown): string {
  const name = typeof value === 'string' ? value.trim().replace(/^\/+/, '') : undefined;
  if (name === undefined || name.length > MAX_ROLE_PATH_AND_NAME || name.startsWith('arn:') || !ROLE_NAME.test(name)) {
    throw new InvalidRuleParameterError(
      key,
      `must be an IAM role name (1 to 64 of letters, digits and +=,.@_-), optionally after its path as in service-role/Name, not an ARN; got ${describeValue(value)}`,
    );
  }
  return name;
}

function parseBoolean(key: string, value: unknown, fallback: boolean): boolean {
  if (isBlank(value)) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw new InvalidRuleParameterError(key, `must be true or false, got ${describeValue(value)}`);
}

function parseRegions(value: unknown): readonly string[] | undefined {
  if (isBlank(value) || (typeof value === 'string' && value.trim().toLowerCase() === ALL_ENABLED_REGIONS)) return undefined;
  const problem = `must be "${ALL_ENABLED_REGIONS}" or a comma-separated list of AWS regions such as "us-east-1,eu-west-1", got ${describeValue(value)}`;
  if (typeof value !== 'string') throw new InvalidRuleParameterError('usageRegions', problem);
  const regions = [...new Set(value.split(',').map((region) => region.trim()))];
  if (regions.length > MAX_USAGE_REGIONS || !regions.every((region) => REGION.test(region))) {
    throw new InvalidRuleParameterError('usageRegions', problem);
  }
  return regions;
}

/** The owner tag Security Hub findings name when the rule sets none. */
export const DEFAULT_OWNER_TAG_KEY = 'owner';

/**
 * The owner tag in effect: the one the rule names, or {@link DEFAULT_OWNER_TAG_KEY}
 * when Security Hub findings are on; `undefined` (no tag reads at all) otherwise.
 */
export function ownerTagKeyOf(parameters: Pick<RuleParameters, 'ownerTagKey' | 'securityHubFindings'>): string | undefined {
  return parameters.ownerTagKey ?? (parameters.securityHubFindings ? DEFAULT_OWNER_TAG_KEY : undefined);
}

/**
 * The parameters a certificate's window and exception depend on
 * (src/core/certificate-policy.ts), overrides off unless given.
 */
export function policyParameters(
  parameters: Pick<RuleParameters, 'daysToExpiration'> & Partial<Pick<RuleParameters, 'tagOverrides' | 'maxExceptionDays'>>,
): Pick<RuleParameters, 'daysToExpiration' | 'tagOverrides' | 'maxExceptionDays'> {
  return {
    daysToExpiration: parameters.daysToExpiration,
    tagOverrides: parameters.tagOverrides ?? DEFAULT_RULE_PARAMETERS.tagOverrides,
    maxExceptionDays: parameters.maxExceptionDays ?? DEFAULT_RULE_PARAMETERS.maxExceptionDays,
  };
}

/** Whether the rule reads certificates' tags at all (`iam:ListServerCertificateTags`): owners named, or tag overrides on. */
export function readsCertificateTags(parameters: Pick<RuleParameters, 'ownerTagKey' | 'securityHubFindings' | 'tagOverrides'>): boolean {
  return ownerTagKeyOf(parameters) !== undefined || parameters.tagOverrides;
}

function parseTagKey(value: unknown): string | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value !== 'string' || !TAG_KEY.test(value.trim())) {
    throw new InvalidRuleParameterError('ownerTagKey', `must be an IAM tag key (1 to 128 letters, digits, spaces and _.:/=+-@), got ${describeValue(value)}`);
  }
  return value.trim();
}

function parseRunbookUrl(value: unknown): string {
  if (isBlank(value)) return DEFAULT_RULE_PARAMETERS.runbookUrl;
  const problem = `must be an https:// URL of at most ${MAX_RUNBOOK_URL_LENGTH} characters, got ${describeValue(value)}`;
  if (typeof value !== 'string' || value.trim().length > MAX_RUNBOOK_URL_LENGTH) throw new InvalidRuleParameterError('runbookUrl', problem);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidRuleParameterError('runbookUrl', problem);
  }
  if (url.protocol !== 'https:') throw new InvalidRuleParameterError('runbookUrl', problem);
  return url.toString();
}

// --- Expiry events (issue 21 part 1) ---

/**
 * An EventBridge event-bus ARN as `PutEvents` takes one for `EventBusName`:
 * `arn:<partition>:events:<region>:<account>:event-bus/<name>`, the name
 * 1 to 256 of `[.\-_A-Za-z0-9]` (EventBridge API model, `NonPartnerEventBusNameOrArn`
 * and `EventBusName`: a partner bus's `/` is not allowed here).
 */
const EVENT_BUS_ARN = /^arn:(aws[a-z-]*):events:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):event-bus\/([.\-_A-Za-z0-9]{1,256})$/;

/** The parts of a validated {@link RuleParameters.eventBusArn}. */
export interface EventBusArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

/**
 * The partition of an event bus's region: `aws-cn` for `cn-…`, `aws-us-gov`
 * for `us-gov-…`, the ISO partitions for their regions, else `aws` (AWS
 * General Reference, "Partitions"; the ARN of a resource names the partition
 * its region belongs to).
 */
function partitionOfBusRegion(region: string): string {
  const iso: ReadonlyArray<readonly [RegExp, string]> = [
    [/^us-isob-/, 'aws-iso-b'],
    [/^us-isof-/, 'aws-iso-f'],
    [/^eu-isoe-/, 'aws-iso-e'],
    [/^us-iso-/, 'aws-iso'],
  ];
  return iso.find(([prefix]) => prefix.test(region))?.[1] ?? partitionOf(region) ?? 'aws';
}

/** The parts of an event-bus ARN this rule accepts; `undefined` for anything else. */
export function eventBusArnParts(value: string): EventBusArnParts | undefined {
  const match = EVENT_BUS_ARN.exec(value);
  if (match === null) return undefined;
  const [, partition = '', region = '', accountId = '', name = ''] = match;
  return partitionOfBusRegion(region) === partition ? { partition, region, accountId, name } : undefined;
}

/**
 * The `eventBusArn` value that asks for the default, the evaluated account's
 * default bus, where a value must be given (AWS Config refuses blank input
 * parameter values, as for {@link ALL_ENABLED_REGIONS}).
 */
export const DEFAULT_EVENT_BUS = 'default';

function parseExpiryEvents(entries: Readonly<Record<string, unknown>>): Pick<RuleParameters, 'expiryEvents' | 'eventBusArn'> {
  const expiryEvents = parseBoolean('expiryEvents', entries['expiryEvents'], DEFAULT_RULE_PARAMETERS.expiryEvents);
  const raw = entries['eventBusArn'];
  if (isBlank(raw) || (typeof raw === 'string' && raw.trim() === DEFAULT_EVENT_BUS)) return { expiryEvents, eventBusArn: undefined };
  const value = typeof raw === 'string' ? raw.trim() : undefined;
  if (value === undefined || eventBusArnParts(value) === undefined) {
    throw new InvalidRuleParameterError(
      'eventBusArn',
      `must be "${DEFAULT_EVENT_BUS}" or an EventBridge event bus ARN, arn:<partition>:events:<region>:<account>:event-bus/<name>, in the partition of its region (arn:aws-cn:… for cn-…, arn:aws-us-gov:… for us-gov-…), got ${describeValue(raw)}`,
    );
  }
  // A bus named while events are off would send nothing, silently: refuse it rather than let someone believe it works.
  if (!expiryEvents) throw new InvalidRuleParameterError('eventBusArn', 'is set but expiryEvents is not "true": no event would be sent; set expiryEvents to "true", or leave eventBusArn out');
  return { expiryEvents, eventBusArn: value };
}
// --- end of expiry events ---
