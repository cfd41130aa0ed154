import type { CommandEnvironment } from '../cli-dependencies';
import { ExitCode } from '../exit-codes';
import { printable } from '../terminal-text';
import { awsDoctorReader } from './aws-doctor-reader';
import { isoSeconds } from '../../core/annotation';
import { DOCTOR_NOT_YET_KNOWN, doctorExitCode, runAgainAfter } from './doctor-exit';
import { DOCTOR_HELP } from './doctor-help';
import type { DoctorReaderFactory } from './doctor-reader';
import { parseDoctorFlags } from './parse-doctor-flags';
import { planChecks } from './plan-checks';
import { formatChecklist, formatChecklistJson } from './print-checklist';
import { readDeployment } from './read-deployment';
import { valueOf } from './read-outcome';

/**
 * `doctor` over the given AWS reader, built for the global `--region` and
 * profile: parse the flags, read the deployment (every failure kept as the
 * outcome of its read), judge the checklist, print it. {@link DOCTOR_FAILED}
 * when any check fails; else {@link DOCTOR_NOT_YET_KNOWN} when any cannot be
 * judged yet, with the time to run again; warnings and skipped checks alone exit 0. No region,
 * or credentials that do not work, are thrown as the SDK gives them, for
 * runCli's one line of advice and exit 253; a bad flag is a usage error (252).
 */
export function createDoctorCommand(readers: DoctorReaderFactory) {
  return async (args: readonly string[], environment: Pick<CommandEnvironment, 'io' | 'now' | 'target'>): Promise<ExitCode> => {
    const options = parseDoctorFlags(args);
    if (options.help) {
      environment.io.stdout(DOCTOR_HELP);
      return ExitCode.Ok;
    }
    const reader = readers(environment.target);
    try {
      const region = await reader.region();
      environment.io.stderr(`checking the deployment in ${printable(region)}${options.aggregator === undefined ? '' : ` and every account of aggregator ${options.aggregator}`}\n`);
      const facts = await readDeployment(reader, options, environment.now, region);
      const checks = planChecks(facts);
      const exitCode = doctorExitCode(checks);
      const context = { region, account: valueOf(facts.caller)?.account, aggregator: options.aggregator, generatedAt: environment.now };
      environment.io.stdout(options.format === 'json' ? formatChecklistJson(checks, context, exitCode) : formatChecklist(checks, context));
      if (exitCode === DOCTOR_NOT_YET_KNOWN) {
        const after = runAgainAfter(checks);
        environment.io.stderr(`not yet known, run again after ${after === undefined ? 'the rules’ first run' : isoSeconds(after)}\n`);
      }
      return exitCode;
    } finally {
      reader.close();
    }
  };
}

/** `iam-cert-expiry doctor`, on the AWS SDK. */
export const doctorCommand = createDoctorCommand(awsDoctorReader);
