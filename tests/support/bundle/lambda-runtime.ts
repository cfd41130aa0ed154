import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The Node.js flags AWS Lambda's Node.js runtime starts the function with,
 * for a memory size in MB. Its bootstrap (`/var/runtime/bootstrap` of the
 * public Lambda Node.js base images) runs
 * `node --expose-gc --max-http-header-size 81920 --max-semi-space-size=<mem/10/2> --max-old-space-size=<mem - mem/10> /var/runtime/index.mjs`
 * (integer division): 6 and 116 at 128 MB. These are command-line options,
 * which Node.js reads after `NODE_OPTIONS` (Node.js CLI docs, `NODE_OPTIONS`:
 * "options on the command line take precedence"), so a heap size in the
 * function's `NODE_OPTIONS` does not apply on Lambda: benchmarks must run
 * with these flags to measure what Lambda runs.
 */
export function lambdaRuntimeNodeArgs(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return ['--expose-gc', '--max-http-header-size', '81920', `--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}

/** `provider.memorySize` of serverless.yml: the deployed function's memory, in MB. */
export function deployedMemorySize(): number {
  const match = /^\s{2}memorySize:\s*(\d+)\s*$/m.exec(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'));
  if (match?.[1] === undefined) throw new Error('serverless.yml has no provider.memorySize');
  return Number(match[1]);
}

/** `provider.runtime` of serverless.yml, e.g. `nodejs24.x`: the Node.js the deployed function runs on. */
export function deployedRuntime(): string {
  const match = /^\s{2}runtime:\s*(nodejs\d+\.x)\s*$/m.exec(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'));
  if (match?.[1] === undefined) throw new Error('serverless.yml has no provider.runtime');
  return match[1];
}

/** The deployed function's environment variables (serverless.yml reads the same file). */
export function deployedEnvironment(): Record<string, string> {
  return JSON.parse(readFileSync(join(ROOT, 'scripts', 'lambda-environment.json'), 'utf8')) as Record<string, string>;
}

/** Where the deployed function's runtime wrapper is in this repository (it is `/var/task/<same path>` on Lambda). */
export const DEPLOYED_WRAPPER = join(ROOT, 'src', 'lambda-exec-wrapper.sh');

/**
 * How Lambda starts the deployed function, for {@link startHandlerProcess}:
 * through its runtime wrapper, with the runtime's flags for the deployed
 * memory size, and the environment Lambda gives the function (its variables
 * and `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`).
 */
export function asLambdaStartsIt(): { environment: Record<string, string>; options: { nodeArgs: string[]; wrapper: string } } {
  const memory = deployedMemorySize();
  const { AWS_LAMBDA_EXEC_WRAPPER: _onLambdaOnly, ...variables } = deployedEnvironment();
  return {
    environment: { ...variables, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memory) },
    options: { nodeArgs: lambdaRuntimeNodeArgs(memory), wrapper: DEPLOYED_WRAPPER },
  };
}
