import { describeValue } from '../../core/describe-value';
import { CliUsageError } from '../../errors';
import type { DeployedRuleNames } from './aggregate-plan';

/**
 * ConfigRuleName: 1 to 128 characters, pattern `.*\S.*` (Config API
 * reference, ConfigRule). Control characters are refused too: no rule name
 * needs one, and they would reach a terminal.
 */
const MAX_RULE_NAME = 128;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * `--expired-rule a,b` and `--expiring-rule c`: the deployed names of the two
 * rules, exactly as Config shows them in the aggregator
 * (`OrgConfigRule-iam-server-certificate-expired-dbgzf8ba`, a name of your
 * own). With either flag, only these names count; `undefined` when neither
 * is given.
 */
export function parseRuleNames(command: string, expired: string | undefined, expiring: string | undefined): DeployedRuleNames | undefined {
  if (expired === undefined && expiring === undefined) return undefined;
  const names = { expired: namesOf(command, '--expired-rule', expired), expiring: namesOf(command, '--expiring-rule', expiring) };
  const both = names.expired.find((name) => names.expiring.includes(name));
  if (both !== undefined) throw new CliUsageError(command, `${command}: ${describeValue(both)} is given as both --expired-rule and --expiring-rule; a rule is one or the other`);
  return names;
}

function namesOf(command: string, flag: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (name === '' || name.length > MAX_RULE_NAME || CONTROL.test(name)) {
      throw new CliUsageError(command, `${command}: ${flag} must be a comma-separated list of Config rule names (1 to ${MAX_RULE_NAME} characters each), got ${describeValue(value)}`);
    }
  }
  return [...new Set(names)];
}
