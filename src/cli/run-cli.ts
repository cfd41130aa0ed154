import type { CliEnvironment, CommandEnvironment } from './cli-dependencies';
import { CliUsageError, describeError } from '../errors';
import type { AwsTarget } from './aws-target';
import { explainCredentialProblem } from './credential-problem';
import { ExitCode } from './exit-codes';
import { parseCommandLine, type CommandLine } from './global-flags';
import { MAIN_HELP, PROGRAM } from './help-text';
import { printable } from './terminal-text';
import { versionLine } from './version';
import { checkIacCommand } from './check-iac/check-iac-command';
import { reportCommand } from './report/report-command';
import { retireCommand } from './retire/retire-command';
import { rotateCommand } from './rotate/rotate-command';

const COMMANDS: Readonly<Record<string, (args: readonly string[], environment: CommandEnvironment) => Promise<ExitCode>>> = {
  report: reportCommand,
  retire: retireCommand,
  rotate: rotateCommand,
  'check-iac': checkIacCommand,
  // Loaded when it runs: its clients (CloudWatch Logs among them) would add some 9 MiB to the heap every
  // other command starts with, which check-iac's memory guard counts on (src/cli/check-iac/iac-limits.ts).
  doctor: async (args, environment) => (await import('./doctor/doctor-command')).doctorCommand(args, environment),
};

/**
 * Runs one command line (without `node` and the script) and returns the exit
 * code. Never throws: every failure is printed to stderr as one line. A bad
 * command line is {@link ExitCode.Usage}, missing or expired credentials
 * (or no region) {@link ExitCode.Credentials} with what to do, anything else
 * {@link ExitCode.Error}. `--profile`, `--region` and `--version` are taken
 * wherever they are, before or after the command.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), environment);
 */
export async function runCli(argv: readonly string[], environment: CliEnvironment): Promise<ExitCode> {
  const { io } = environment;
  let line: CommandLine;
  try {
    line = parseCommandLine(argv);
  } catch (error) {
    return failed(error, undefined, environment.profile, io);
  }
  const { globals, command, args } = line;
  if (globals.version) {
    io.stdout(`${versionLine()}\n`);
    return ExitCode.Ok;
  }
  if (command === 'help' || (command === undefined && globals.help)) {
    io.stdout(MAIN_HELP);
    return ExitCode.Ok;
  }
  if (command === undefined) {
    // As the AWS CLI does: usage on stderr, so nothing mistakes it for a result.
    io.stderr(MAIN_HELP);
    return ExitCode.Usage;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) {
    io.stderr(`${PROGRAM}: unknown command ${printable(JSON.stringify(command))}; commands: ${Object.keys(COMMANDS).join(', ')} (see ${PROGRAM} --help)\n`);
    return ExitCode.Usage;
  }
  const profile = globals.profile ?? environment.profile;
  try {
    return await run(args, bind(environment, { region: globals.region, profile }));
  } catch (error) {
    return failed(error, command, profile, io);
  }
}

/** The environment a command sees: services built for the global `--region` and the profile in effect. */
function bind(environment: CliEnvironment, target: AwsTarget): CommandEnvironment {
  const { services, rotation, profile: _processProfile, ...rest } = environment;
  return {
    ...rest,
    target,
    services: () => services(target),
    ...(rotation === undefined ? {} : { rotation: () => rotation(target) }),
    ...(target.profile === undefined ? {} : { profile: target.profile }),
  };
}

/**
 * Prints one line for a failure and picks its exit code. Every message goes
 * through `printable()`: a usage error quotes what was typed, advice names
 * the profile, and an error quotes what AWS or the file system answered,
 * none of which may move the cursor or start a new log line.
 */
function failed(error: unknown, command: string | undefined, profile: string | undefined, io: CliEnvironment['io']): ExitCode {
  const where = command === undefined ? `${PROGRAM}:` : `${PROGRAM} ${command}:`;
  if (error instanceof CliUsageError) {
    // A command's messages start with its name ("report: unknown flag …"); the global flags' do not.
    io.stderr(`${error.command === '' ? where : PROGRAM} ${printable(error.message)}\n`);
    return ExitCode.Usage;
  }
  const advice = explainCredentialProblem(error, profile);
  if (advice !== undefined) {
    io.stderr(`${where} ${printable(advice)}\n`);
    return ExitCode.Credentials;
  }
  io.stderr(`${where} ${printable(describeError(error))}\n`);
  return ExitCode.Error;
}
