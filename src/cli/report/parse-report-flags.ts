import { CliUsageError } from '../../errors';
import { describeValue } from '../../core/describe-value';
import { CONFORMANCE_PACK_NAME, DEFAULT_CONFORMANCE_PACK } from '../../core/deployed-rule-names';
import { DEFAULT_RULE_PARAMETERS, MAX_EXCEPTION_DAYS_MAX, MAX_EXCEPTION_DAYS_MIN } from '../../core/rule-parameters';
import { parseDays, parseFlags, parseRegions } from '../parse-flags';
import { DEFAULT_REPORT_DAYS } from './report-defaults';
import { parseRuleNames } from './parse-rule-names';
import type { DeployedRuleNames } from './aggregate-plan';

export const REPORT_COMMAND = 'report';

/** `--concurrency` when not given: detail calls in flight against the aggregator. */
export const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 64;

// ConfigurationAggregatorName: 1-256 characters, pattern [\w\-]+ (Config API reference,
// GetAggregateComplianceDetailsByConfigRule request parameters).
const AGGREGATOR_NAME = /^[\w-]{1,256}$/;

/** The `report` command's flags, validated. */
export interface ReportOptions {
  readonly help: boolean;
  readonly days: number;
  readonly regions: string[] | undefined;
  readonly skipUsage: boolean;
  readonly format: 'table' | 'json' | 'csv';
  readonly html: string | undefined;
  readonly aggregator: string | undefined;
  readonly concurrency: number;
  /** `--expired-rule` / `--expiring-rule`: the deployed rule names that alone count; `undefined`: the default names. */
  readonly ruleNames: DeployedRuleNames | undefined;
  /**
   * `--conformance-pack`: the organization conformance pack that deployed the
   * rules (default {@link DEFAULT_CONFORMANCE_PACK}); with `--aggregator`,
   * only its members' `<rule>-conformance-pack-…` rules count.
   */
  readonly conformancePack: string;
  /** Read each certificate's window and exception tags (`--no-tags`: not). */
  readonly readTags: boolean;
  /** An exception ending further ahead is ignored, as the rule's `maxExceptionDays` says. */
  readonly maxExceptionDays: number;
}

/** Parses `report`'s flags; every conflict or bad value is a {@link CliUsageError} naming the flag. */
export function parseReportFlags(args: readonly string[]): ReportOptions {
  const command = REPORT_COMMAND;
  const flags = parseFlags(command, args, {
    days: { type: 'string' },
    regions: { type: 'string' },
    'no-usage': { type: 'boolean' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    html: { type: 'string' },
    aggregator: { type: 'string' },
    concurrency: { type: 'string' },
    'expired-rule': { type: 'string' },
    'expiring-rule': { type: 'string' },
    'conformance-pack': { type: 'string' },
    'no-tags': { type: 'boolean' },
    'max-exception-days': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.json === true && flags.csv === true) {
    throw new CliUsageError(command, `${command}: --json and --csv cannot be combined; pick one`);
  }
  const skipUsage = flags['no-usage'] === true;
  const regions = parseRegions(command, flags.regions);
  if (skipUsage && regions !== undefined) {
    throw new CliUsageError(command, `${command}: --regions has no effect with --no-usage; drop one of them`);
  }
  const aggregator = flags.aggregator;
  if (aggregator !== undefined) {
    if (!AGGREGATOR_NAME.test(aggregator)) {
      throw new CliUsageError(command, `${command}: --aggregator must be a Config aggregator name (letters, digits, _ and -, up to 256), got ${describeValue(aggregator)}`);
    }
    if (regions !== undefined || skipUsage || flags['no-tags'] === true || flags['max-exception-days'] !== undefined) {
      throw new CliUsageError(command, `${command}: --aggregator reads Config results only; --regions, --no-usage, --no-tags and --max-exception-days apply to the single-account report`);
    }
    if (flags.csv === true) throw new CliUsageError(command, `${command}: --csv is not available with --aggregator; use --json or --html`);
    const pack = flags['conformance-pack'];
    // With the names, they alone decide which rules count and no deployment is proved (aggregate-report.ts): the pack would be ignored.
    if (pack !== undefined && (flags['expired-rule'] !== undefined || flags['expiring-rule'] !== undefined)) {
      throw new CliUsageError(command, `${command}: --conformance-pack cannot be combined with --expired-rule/--expiring-rule: with those, only the names given count, whatever deployed them; drop one`);
    }
    if (pack !== undefined && !CONFORMANCE_PACK_NAME.test(pack)) {
      throw new CliUsageError(command, `${command}: --conformance-pack must be an organization conformance pack name (a letter, then letters, digits and -, up to 128), got ${describeValue(pack)}`);
    }
  } else {
    const only = [['--concurrency', flags.concurrency], ['--expired-rule', flags['expired-rule']], ['--expiring-rule', flags['expiring-rule']], ['--conformance-pack', flags['conformance-pack']]].find(([, value]) => value !== undefined);
    if (only !== undefined) throw new CliUsageError(command, `${command}: ${only[0] ?? ''} applies to --aggregator only`);
  }
  if (flags.html === '') throw new CliUsageError(command, `${command}: --html needs a file name`);
  if (flags['no-tags'] === true && flags['max-exception-days'] !== undefined) {
    throw new CliUsageError(command, `${command}: --max-exception-days has no effect with --no-tags; drop one of them`);
  }
  return {
    help: flags.help === true,
    days: parseDays(command, flags.days, DEFAULT_REPORT_DAYS),
    regions,
    skipUsage,
    format: flags.json === true ? 'json' : flags.csv === true ? 'csv' : 'table',
    html: flags.html,
    aggregator,
    concurrency: parseConcurrency(flags.concurrency),
    ruleNames: parseRuleNames(command, flags['expired-rule'], flags['expiring-rule']),
    conformancePack: flags['conformance-pack'] ?? DEFAULT_CONFORMANCE_PACK,
    readTags: flags['no-tags'] !== true,
    maxExceptionDays: parseMaxExceptionDays(flags['max-exception-days']),
  };
}

/** `--max-exception-days`: the rule's `maxExceptionDays` (1 to 365, default 90), so the report honours the exceptions the rule does. */
function parseMaxExceptionDays(value: string | undefined): number {
  if (value === undefined) return DEFAULT_RULE_PARAMETERS.maxExceptionDays;
  const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(number) || number < MAX_EXCEPTION_DAYS_MIN || number > MAX_EXCEPTION_DAYS_MAX) {
    throw new CliUsageError(
      REPORT_COMMAND,
      `${REPORT_COMMAND}: --max-exception-days must be a whole number from ${MAX_EXCEPTION_DAYS_MIN} to ${MAX_EXCEPTION_DAYS_MAX}, got ${describeValue(value)}`,
    );
  }
  return number;
}

function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(number) || number < 1 || number > MAX_CONCURRENCY) {
    throw new CliUsageError(REPORT_COMMAND, `${REPORT_COMMAND}: --concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${describeValue(value)}`);
  }
  return number;
}
