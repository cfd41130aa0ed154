import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './build-bundle';

/**
 * Builds the CLI bundle from `src/cli/main.ts` with the options of
 * `npm run build:cli` (package.json; keep the two in step) into `outfile`:
 * a test's own path, so parallel test files never race on `dist/cli.js`.
 */
export async function buildCli(outfile: string): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
}

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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
