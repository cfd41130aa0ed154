import { CONFORMANCE_PACK_NAME } from '../../core/deployed-rule-names';
import { describeValue } from '../../core/describe-value';
import { DEFAULT_RULE_NAMES } from '../../core/deployed-rule-names';
import { CliUsageError } from '../../errors';
import { parseFlags } from '../parse-flags';
import { ACCOUNT_ID } from '../../core/account-id';

export const DOCTOR_COMMAND = 'doctor';

/** The `doctor` command's flags, validated. */
export interface DoctorOptions {
  readonly help: boolean;
  /** The rule names to look for (`--rule`, repeatable); default the two serverless.yml deploys. */
  readonly rules: readonly string[];
  /**
   * Whether `--rule` named them: then, over an organization aggregator, a
   * member's rule of exactly that name counts as given, as `report`'s
   * `--expired-rule`/`--expiring-rule` do (src/cli/report/aggregate-proof.ts).
   */
  readonly rulesGiven: boolean;
  /** Accounts to try the member role in (`--account`, repeatable). */
  readonly accounts: readonly string[];
  readonly aggregator: string | undefined;
  /** Organization conformance packs to read the status of (`--conformance-pack`, repeatable, with `--aggregator`). */
  readonly conformancePacks: readonly string[];
  /**
   * `--log-group`: the log group the rules' function writes to, when it is not
   * Lambda's default `/aws/lambda/FUNCTION` (the one-account template gives
   * its function a group of its own, named in its `LogGroupName` output).
   */
  readonly logGroup: string | undefined;
  readonly format: 'text' | 'json';
}

// ConfigRuleName: 1 to 128 characters, not blank (Config API reference, ConfigRule.ConfigRuleName,
// pattern .*\S.*); printable ASCII here, as every rule name this project deploys.
const RULE_NAME = /^[\x21-\x7e]{1,128}$/;
// ConfigurationAggregatorName: [\w\-]+, 1 to 256 characters (Config API reference).
const AGGREGATOR_NAME = /^[\w-]{1,256}$/;
// logGroupName: 1 to 512 of a-z, A-Z, 0-9, _ - / . # (CloudWatch Logs API reference, CreateLogGroup and
// FilterLogEvents, logGroupName: pattern [\.\-_/#A-Za-z0-9]+).
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** Parses `doctor`'s flags; a bad value is a {@link CliUsageError} naming the flag. */
export function parseDoctorFlags(args: readonly string[]): DoctorOptions {
  const command = DOCTOR_COMMAND;
  const flags = parseFlags(command, args, {
    rule: { type: 'string', multiple: true },
    account: { type: 'string', multiple: true },
    aggregator: { type: 'string' },
    'conformance-pack': { type: 'string', multiple: true },
    'log-group': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const rules = each(flags.rule, RULE_NAME, '--rule', 'a Config rule name (1 to 128 printable characters, no spaces)');
  const accounts = each(flags.account, ACCOUNT_ID, '--account', 'a 12-digit AWS account id');
  const conformancePacks = each(flags['conformance-pack'], CONFORMANCE_PACK_NAME, '--conformance-pack', 'an organization conformance pack name (a letter, then letters, digits and -, up to 128)');
  const aggregator = flags.aggregator;
  if (aggregator !== undefined && !AGGREGATOR_NAME.test(aggregator)) {
    throw new CliUsageError(command, `${command}: --aggregator must be a Config aggregator name (letters, digits, _ and -, up to 256), got ${describeValue(aggregator)}`);
  }
  if (aggregator !== undefined && accounts.length > 0) {
    throw new CliUsageError(command, `${command}: --account names accounts to try the member role in; with --aggregator every account of the aggregator is tried`);
  }
  if (aggregator === undefined && conformancePacks.length > 0) throw new CliUsageError(command, `${command}: --conformance-pack applies to --aggregator only`);
  const logGroup = flags['log-group'];
  if (logGroup !== undefined && !LOG_GROUP_NAME.test(logGroup)) {
    throw new CliUsageError(command, `${command}: --log-group must be a CloudWatch Logs log group name (1 to 512 of letters, digits and _-/.#), got ${describeValue(logGroup)}`);
  }
  return {
    help: flags.help === true,
    rules: rules.length > 0 ? rules : [...DEFAULT_RULE_NAMES],
    rulesGiven: rules.length > 0,
    accounts,
    aggregator,
    conformancePacks,
    logGroup,
    format: flags.json === true ? 'json' : 'text',
  };
}

function each(values: readonly string[] | undefined, pattern: RegExp, flag: string, what: string): string[] {
  const checked = (values ?? []).map((value) => {
    if (!pattern.test(value)) throw new CliUsageError(DOCTOR_COMMAND, `${DOCTOR_COMMAND}: ${flag} must be ${what}, got ${describeValue(value)}`);
    return value;
  });
  return [...new Set(checked)];
}
