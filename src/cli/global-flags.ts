import { describeValue } from '../core/describe-value';
import { CliUsageError } from '../errors';
import { parseRegion } from './parse-flags';

/** The flags every command takes, before or after the command name, as the AWS CLI takes its global options. */
export interface GlobalFlags {
  /** `--profile NAME`: the named profile of the AWS config and credentials files. */
  readonly profile: string | undefined;
  /** `--region R`: the region of every AWS client. */
  readonly region: string | undefined;
  /** `--version`: print the version and stop. */
  readonly version: boolean;
  /** `--help` or `-h` before any command: the command list. */
  readonly help: boolean;
}

/** A command line split into the global flags, the command and the command's own arguments. */
export interface CommandLine {
  readonly globals: GlobalFlags;
  /** `undefined` when none was given. */
  readonly command: string | undefined;
  /** Everything else, in order, for the command's own parser. */
  readonly args: readonly string[];
}

const VALUE_FLAGS = { '--profile': 'profile', '--region': 'region' } as const;

type ValueFlag = keyof typeof VALUE_FLAGS;

/** Whether `name` is `--profile` or `--region`. */
function isValueFlag(name: string): name is ValueFlag {
  return Object.hasOwn(VALUE_FLAGS, name);
}

// Control characters would reach the terminal in messages that name the profile; no profile name needs one.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Takes `--profile`, `--region` and `--version` out of a command line
 * wherever they are (`--profile prod report` and `report --profile prod` are
 * the same, as in the AWS CLI), up to a `--`, after which everything belongs
 * to the command. Before the command only these and `--help`/`-h` are
 * flags; the first other word is the command.
 *
 * A global flag given twice is refused rather than the last one winning:
 * which account a `retire --yes` deletes in must never be a guess.
 *
 * @example
 * parseCommandLine(['--profile', 'prod', 'report', '--region=eu-west-1', '--json']);
 * // { globals: { profile: 'prod', region: 'eu-west-1', version: false, help: false }, command: 'report', args: ['--json'] }
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const values: { profile?: string; region?: string } = {};
  const args: string[] = [];
  let command: string | undefined;
  let version = false;
  let help = false;
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index] ?? '';
    if (token === '--') {
      if (command === undefined) throw usage('give the command before --');
      args.push(...argv.slice(index));
      break;
    }
    const equals = token.indexOf('=');
    const name = token.startsWith('--') && equals > 0 ? token.slice(0, equals) : token;
    if (isValueFlag(name)) {
      const value = name === token ? argv[(index += 1)] : token.slice(equals + 1);
      const key = VALUE_FLAGS[name];
      if (values[key] !== undefined) throw usage(`${name} given twice; give it once`);
      values[key] = checkValue(name, value);
    } else if (token === '--version') {
      version = true;
    } else if (command !== undefined) {
      args.push(token);
    } else if (token === '--help' || token === '-h') {
      help = true;
    } else if (token.startsWith('-')) {
      throw usage(`unknown flag ${describeValue(token)} before the command; a command's own flags go after it (see: iam-cert-expiry --help)`);
    } else {
      command = token;
    }
  }
  return { globals: { profile: values.profile, region: values.region, version, help }, command, args };
}

function checkValue(flag: ValueFlag, value: string | undefined): string {
  if (value === undefined || value === '' || value.startsWith('-')) {
    throw usage(`${flag} needs a value, as in ${flag === '--profile' ? '--profile prod' : '--region eu-west-1'}, got ${describeValue(value)}`);
  }
  if (flag === '--region') return parseRegion('', flag, value) ?? value;
  if (CONTROL.test(value)) throw usage(`--profile must be a profile name, got ${describeValue(value)}`);
  return value;
}

function usage(message: string): CliUsageError {
  return new CliUsageError('', message);
}
