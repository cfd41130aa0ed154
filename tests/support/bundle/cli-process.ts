import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What one run of the CLI process did. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI as a user would (`node cli.js <args>`), with exactly
 * `environment` plus `PATH`: no AWS profile or variable of the machine leaks in.
 */
export function runCliProcess(cliPath: string, args: readonly string[], environment: Record<string, string>): Promise<CliRun> {
  return runProcess(process.execPath, [cliPath, ...args], environment);
}

/**
 * Runs `file` (a program on `PATH`, or a path) with exactly `environment`
 * plus `PATH`, in `cwd` (default: this process's), and collects its output.
 */
export function runProcess(file: string, args: readonly string[], environment: Record<string, string>, cwd?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      env: { PATH: process.env['PATH'] ?? '', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(cwd === undefined ? {} : { cwd }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The environment of a CLI run against the stand-in: its endpoints and
 * credentials, no AWS config or credentials file of the machine (they point
 * into `directory`, where none exist), and one retry: enough to show it, fast
 * enough for a test.
 */
export function standInCliEnvironment(standIn: { environment(): Record<string, string> }, directory: string): Record<string, string> {
  return {
    ...standIn.environment(),
    AWS_MAX_ATTEMPTS: '2',
    AWS_CONFIG_FILE: join(directory, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(directory, 'no-credentials'),
  };
}
