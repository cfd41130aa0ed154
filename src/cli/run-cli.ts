import type { CliEnvironment } from './cli-dependencies';
import { CliUsageError, describeError } from '../errors';
import { ExitCode } from './exit-codes';
import { MAIN_HELP, PROGRAM } from './help-text';
import { checkIacCommand } from './check-iac/check-iac-command';
import { reportCommand } from './report/report-command';
import { retireCommand } from './retire/retire-command';
import { rotateCommand } from './rotate/rotate-command';

const COMMANDS: Readonly<Record<string, (args: readonly string[], environment: CliEnvironment) => Promise<ExitCode>>> = {
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
 * code. Never throws: every failure is printed to stderr as one line and
 * becomes {@link ExitCode.Error}.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), environment);
 */
export async function runCli(argv: readonly string[], environment: CliEnvironment): Promise<ExitCode> {
  const [command, ...args] = argv;
  const { io } = environment;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(MAIN_HELP);
    return command === undefined ? ExitCode.Error : ExitCode.Ok;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) {
    io.stderr(`${PROGRAM}: unknown command ${JSON.stringify(command)}; commands: ${Object.keys(COMMANDS).join(', ')} (see ${PROGRAM} --help)\n`);
    return ExitCode.Error;
  }
  try {
    return await run(args, environment);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`${PROGRAM} ${error.message}\n`);
    } else {
      io.stderr(`${PROGRAM} ${command}: ${describeError(error)}\n`);
    }
    return ExitCode.Error;
  }
}
