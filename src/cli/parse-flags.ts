import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DAYS_TO_EXPIRATION_MAX, DAYS_TO_EXPIRATION_MIN } from '../core/rule-parameters';
import { describeValue } from '../core/describe-value';
import { CliUsageError } from '../errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `parseArgs` in strict mode, with its errors turned into a
 * {@link CliUsageError} that names the command and the flag.
 */
export function parseFlags<T extends Options>(command: string, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliUsageError(command, describeParseError(command, args, error), { cause: error });
  }
}

// Node's words for a value flag given without its value: "Option '--days <value>' argument missing" (last on the
// line), "Option '--regions' argument is ambiguous" (followed by another flag).
const VALUE_MISSING = /argument missing|argument is ambiguous/;

function describeParseError(command: string, args: readonly string[], error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const help = `see: iam-cert-expiry ${command} --help`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${command}: unknown flag ${quoted} (${help})`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `${command}: unexpected argument ${describeValue(quoted)}; ${command} takes flags only (${help})`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && VALUE_MISSING.test(message)) {
    // Said as the global --profile and --region say it (global-flags.ts): the flag, "needs a value", what came instead.
    const flag = quoted.split(' ')[0] ?? quoted;
    const at = args.indexOf(flag);
    const next = at < 0 ? undefined : args[at + 1];
    return `${command}: ${flag} needs a value, got ${describeValue(next)} (${help})`;
  }
  // Node's own text names the flag, e.g. "Option '--days <value>' argument missing".
  return `${command}: ${message.split('. ')[0] ?? message} (${help})`;
}

/** `--days`: a whole number of days within the rule's own bounds. */
export function parseDays(command: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const days = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(days) || days < DAYS_TO_EXPIRATION_MIN || days > DAYS_TO_EXPIRATION_MAX) {
    throw new CliUsageError(
      command,
      `${command}: --days must be a whole number from ${DAYS_TO_EXPIRATION_MIN} to ${DAYS_TO_EXPIRATION_MAX}, got ${describeValue(value)}`,
    );
  }
  return days;
}

/** AWS region names: `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** A region name, or `undefined` when not given; `command` is `''` for the global `--region`. */
export function parseRegion(command: string, flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!REGION.test(value)) {
    const where = command === '' ? '' : `${command}: `;
    throw new CliUsageError(command, `${where}${flag} must be an AWS region such as eu-west-1, got ${describeValue(value)}`);
  }
  return value;
}

/** `--regions a,b`: a comma-separated list of regions, duplicates dropped. */
export function parseRegions(command: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const regions = value.split(',').map((region) => region.trim());
  if (regions.some((region) => region === '')) {
    throw new CliUsageError(command, `${command}: --regions must be a comma-separated list such as eu-west-1,us-east-1, got ${describeValue(value)}`);
  }
  return [...new Set(regions.map((region) => parseRegion(command, '--regions', region) ?? region))];
}

/** The flags every command that changes things shares, validated. */
export interface ActingFlags {
  /** `true` unless `--yes`: plan and print, change nothing. */
  readonly dryRun: boolean;
  readonly regions: string[] | undefined;
  readonly auditFile: string | undefined;
}

/** Why this command's `--yes` needs `--audit-log`, as its refusal says it. */
export interface ActingReasons {
  /** Follows "--yes needs --audit-log FILE: ": what is recorded, and that nothing changes without it. */
  readonly auditLog: string;
}

/**
 * `--yes`, `--regions` and `--audit-log` of `retire` and `rotate`. `--yes`
 * needs `--audit-log` (no intent record, no change: a change must leave a
 * record an auditor can find, in a file the caller chose and keeps, not one
 * left wherever the command happened to run). `--regions` only narrows the
 * scan, whose default is every region enabled for the account; the commands
 * themselves refuse to delete anything a narrowed scan did not cover.
 */
export function parseActingFlags(
  command: string,
  flags: { readonly yes?: boolean | undefined; readonly regions?: string | undefined; readonly 'audit-log'?: string | undefined },
  reasons: ActingReasons,
): ActingFlags {
  const regions = parseRegions(command, flags.regions);
  const auditFile = flags['audit-log'];
  if (auditFile !== undefined && auditFile.trim() === '') {
    throw new CliUsageError(command, `${command}: --audit-log needs a file name, got ${describeValue(auditFile)}`);
  }
  const dryRun = flags.yes !== true;
  if (!dryRun && auditFile === undefined) throw new CliUsageError(command, `${command}: --yes needs --audit-log FILE: ${reasons.auditLog}`);
  return { dryRun, regions, auditFile };
}
