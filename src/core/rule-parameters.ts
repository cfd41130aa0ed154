import { InvalidRuleParameterError } from '../errors';
import { describeValue } from './describe-value';

/** The rule's settings, validated. */
export interface RuleParameters {
  /**
   * A certificate expiring within this many days is NON_COMPLIANT too;
   * 0 flags only certificates that have already expired (IAM.26, CIS 1.19).
   */
  readonly daysToExpiration: number;
}

/** Bounds of `daysToExpiration`: ten years covers any certificate a CA issues today. */
export const DAYS_TO_EXPIRATION_MIN = 0;
export const DAYS_TO_EXPIRATION_MAX = 3650;

/** Used when the rule has no `daysToExpiration`: the strict IAM.26 / CIS 1.19 check. */
export const DEFAULT_RULE_PARAMETERS: RuleParameters = { daysToExpiration: 0 };

const KNOWN_KEYS = ['daysToExpiration'] as const;

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
  };
}

function parseDays(value: unknown): number {
  const range = `an integer from ${DAYS_TO_EXPIRATION_MIN} to ${DAYS_TO_EXPIRATION_MAX}`;
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return DEFAULT_RULE_PARAMETERS.daysToExpiration;
  }
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
