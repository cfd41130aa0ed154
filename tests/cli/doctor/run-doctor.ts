import { awsServices, type CliEnvironment } from '../../../src/cli/cli-dependencies';
import { runCli } from '../../../src/cli/run-cli';

/** doctor's `--json` document, as the tests read it. */
export interface DoctorReport {
  readonly exitCode: number;
  readonly checks: readonly { readonly id: string; readonly status: string; readonly title: string; readonly detail: string; readonly remedy: string | null }[];
}

/** What one run printed and returned. */
export interface DoctorRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * `iam-cert-expiry doctor --region us-east-1 <args>` in-process with its real
 * AWS wiring (SDK clients from the environment, which the tests point at the
 * stand-in), judged at `now`.
 */
export async function runDoctor(args: readonly string[], now: Date): Promise<DoctorRun> {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = {
    services: awsServices,
    io: { stdout: (text) => void out.push(text), stderr: (text) => void err.push(text) },
    now,
    clock: () => now,
    writeFile: async () => undefined,
    appendLine: async () => undefined,
  };
  const code = await runCli(['doctor', '--region', 'us-east-1', ...args], environment);
  return { code, out: out.join(''), err: err.join('') };
}

/** {@link runDoctor} with `--json`, the document parsed. */
export async function runDoctorJson(args: readonly string[], now: Date): Promise<{ code: number; report: DoctorReport }> {
  const run = await runDoctor(['--json', ...args], now);
  return { code: run.code, report: JSON.parse(run.out) as DoctorReport };
}
