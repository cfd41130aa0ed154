import { InvalidRuleParameterError } from '../errors';
import { describeValue } from './describe-value';

/** The rule's settings, validated. */
export interface RuleParameters {
  /**
   * A certificate expiring within this many days is NON_COMPLIANT too;
   * 0 flags only certificates that have already expired (IAM.26, CIS 1.19).
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
  /** Regions whose load balancers the usage check scans; absent: the Lambda's own region. */
  readonly usageRegions: readonly string[] | undefined;
}

/** Bounds of `daysToExpiration`: ten years covers any certificate a CA issues today. */
export const DAYS_TO_EXPIRATION_MIN = 0;
export const DAYS_TO_EXPIRATION_MAX = 3650;

/** Used when the rule has no `daysToExpiration`: the strict IAM.26 / CIS 1.19 check. */
export const DEFAULT_RULE_PARAMETERS: RuleParameters = {
  daysToExpiration: 0,
  executionRoleName: undefined,
  assumeRoleMode: true,
  checkUsage: false,
  usageRegions: undefined,
};

const KNOWN_KEYS = ['daysToExpiration', 'ExecutionRoleName', 'AssumeRoleMode', 'checkUsage', 'usageRegions'] as const;

// AWS region names: us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, ap-southeast-5.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** More regions than any partition has: a typo'd list fails loudly instead of scanning forever. */
const MAX_USAGE_REGIONS = 40;

// IAM role names: 1-64 characters of [\w+=,.@-] (IAM API reference, CreateRole RoleName).
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

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
  };
}

/**
 * Absent, `null` or blank: the parameter's default, as docs/parameters.md
 * says. Config refuses blank values for managed rules' parameters, and a
 * template that cannot omit a key may write null instead.
 */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function parseDays(value: unknown): number {
  const range = `an integer from ${DAYS_TO_EXPIRATION_MIN} to ${DAYS_TO_EXPIRATION_MAX}`;
  if (isBlank(value)) return DEFAULT_RULE_PARAMETERS.daysToExpiration;
  let days: number;
  if (typeof value === 'number') {
    days = value;
  } else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) {
    days = Number(value);
  } else {
    throw new InvalidRuleParameterError('daysToExpiration', `must be ${range}, got ${describeValue(value)}`);
  }
  if (!Number.isInteger(days) || days < DAYS_TO_EXPIRATION_MIN || days > DAYS_TO_EXPIRATION_MAX) {
    throw new InvalidRuleParameterError('daysToExpiration', `must be ${range}, got ${describeValue(value)}`);
  }
  return days;
}

function parseRoleName(value: unknown): string | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value !== 'string' || !ROLE_NAME.test(value.trim())) {
    throw new InvalidRuleParameterError(
      'ExecutionRoleName',
      `must be an IAM role name (1 to 64 of letters, digits and +=,.@_-), not an ARN; got ${describeValue(value)}`,
    );
  }
  return value.trim();
}

function parseBoolean(key: string, value: unknown, fallback: boolean): boolean {
  if (isBlank(value)) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw new InvalidRuleParameterError(key, `must be true or false, got ${describeValue(value)}`);
}

function parseRegions(value: unknown): readonly string[] | undefined {
  if (isBlank(value)) return undefined;
  const problem = `must be a comma-separated list of AWS regions such as "us-east-1,eu-west-1", got ${describeValue(value)}`;
  if (typeof value !== 'string') throw new InvalidRuleParameterError('usageRegions', problem);
  const regions = [...new Set(value.split(',').map((region) => region.trim()))];
  if (regions.length > MAX_USAGE_REGIONS || !regions.every((region) => REGION.test(region))) {
    throw new InvalidRuleParameterError('usageRegions', problem);
  }
  return regions;
}
