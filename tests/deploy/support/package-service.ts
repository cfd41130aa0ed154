import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Template } from './cloudformation';

export const PROJECT_ROOT = resolve(__dirname, '../../..');

/** What `serverless package` produced. */
export interface Packaged {
  readonly template: Template;
  readonly zipPath: string;
  /** What the framework printed (stdout and stderr), e.g. the recording-region warning. */
  readonly output: string;
}

/**
 * A private copy of the service (node_modules linked), so packaging in tests
 * never races `npm run package` or another test over `.serverless/` and
 * `.esbuild/` in the working tree.
 */
export function copyService(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rule-package-'));
  for (const entry of ['serverless.yml', 'package.json', 'tsconfig.json', 'src', 'scripts']) {
    cpSync(join(PROJECT_ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * Runs the project's own `scripts/package.sh` (dummy credentials, no AWS
 * call) into `<serviceDir>/<outName>`, with extra serverless arguments.
 */
export async function packageService(serviceDir: string, outName: string, args: readonly string[] = []): Promise<Packaged> {
  const out = join(serviceDir, outName);
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('AWS_') || key.startsWith('RULE_')) delete env[key];
  }
  const { stdout, stderr } = await promisify(execFile)('sh', [join(serviceDir, 'scripts/package.sh'), '--package', out, ...args], {
    cwd: serviceDir,
    env,
    timeout: 120_000,
  });
  const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { template, zipPath: join(out, 'iam-server-certificate-expiry-rule.zip'), output: `${stdout}\n${stderr}` };
}
