import { CliUsageError, describeError } from '../../errors';
import type { CliEnvironment } from '../cli-dependencies';
import { ExitCode } from '../exit-codes';
import { awsDoctorReader } from './aws-doctor-reader';
import { CheckStatus } from './check';
import { DOCTOR_FAILED } from './doctor-exit';
import { DOCTOR_HELP } from './doctor-help';
import type { DoctorReaderFactory } from './doctor-reader';
import { DOCTOR_COMMAND, parseDoctorFlags } from './parse-doctor-flags';
import { planChecks } from './plan-checks';
import { formatChecklist, formatChecklistJson } from './print-checklist';
import { readDeployment } from './read-deployment';
import { valueOf } from './read-outcome';

/**
 * `doctor` over the given AWS reader: parse the flags, read the deployment
 * (every failure kept as the outcome of its read), judge the checklist, print
 * it. {@link DOCTOR_FAILED} when any check fails; warnings and skipped checks
 * alone exit 0.
 */
export function createDoctorCommand(readers: DoctorReaderFactory) {
  return async (args: readonly string[], environment: Pick<CliEnvironment, 'io' | 'now'>): Promise<ExitCode> => {
    const options = parseDoctorFlags(args);
    if (options.help) {
      environment.io.stdout(DOCTOR_HELP);
      return ExitCode.Ok;
    }
    const reader = readers(options.region);
    try {
      let region: string;
      try {
        region = await reader.region();
      } catch (error) {
        throw new CliUsageError(DOCTOR_COMMAND, `${DOCTOR_COMMAND}: no AWS region: pass --region or set AWS_REGION (${describeError(error)})`, { cause: error });
      }
      environment.io.stderr(`checking the deployment in ${region}${options.aggregator === undefined ? '' : ` and every account of aggregator ${options.aggregator}`}\n`);
      const facts = await readDeployment(reader, options, environment.now, region);
      const checks = planChecks(facts);
      const exitCode = checks.some((item) => item.status === CheckStatus.Fail) ? DOCTOR_FAILED : ExitCode.Ok;
      const context = { region, account: valueOf(facts.caller)?.account, aggregator: options.aggregator, generatedAt: environment.now };
      environment.io.stdout(options.format === 'json' ? formatChecklistJson(checks, context, exitCode) : formatChecklist(checks, context));
      return exitCode;
    } finally {
      reader.close();
    }
  };
}

/** `iam-cert-expiry doctor`, on the AWS SDK. */
export const doctorCommand = createDoctorCommand(awsDoctorReader);
