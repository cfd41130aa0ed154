import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEPLOYED_WRAPPER, lambdaRuntimeNodeArgs } from './support/bundle/lambda-runtime';

// Stands in for the runtime's entry script (/var/runtime/index.mjs): prints how Node.js was started.
const PROBE = join(__dirname, 'support', 'bundle', 'print-node-startup.cjs');

interface Startup {
  readonly execArgv: string[];
  readonly argv: string[];
  /** V8's heap limit in MiB: old space plus three semi-spaces. */
  readonly heapLimitMiB: number;
}

/** Runs the wrapper as Lambda does: the interpreter and the runtime's arguments, entry script last. */
function startThroughWrapper(args: readonly string[], memory: string | undefined): { status: number | null; stderr: string; startup?: Startup } {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  delete env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'];
  if (memory !== undefined) env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'] = memory;
  const result = spawnSync('sh', [DEPLOYED_WRAPPER, ...args], { env, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr, ...(result.status === 0 ? { startup: JSON.parse(result.stdout) as Startup } : {}) };
}

describe('src/lambda-exec-wrapper.sh', () => {
  it('puts a 2 MiB semi-space after the runtime\'s flags at 128 MB, so it is the one V8 uses', () => {
    const runtime = lambdaRuntimeNodeArgs(128);

    const { status, startup } = startThroughWrapper([process.execPath, ...runtime, PROBE], '128');

    expect(status).toBe(0);
    expect(startup?.execArgv).toEqual([...runtime, '--max-semi-space-size=2']);
    // 116 MiB old space (the runtime's) + 3 × 2 MiB, not 3 × 6 MiB.
    expect(startup?.heapLimitMiB).toBe(116 + 3 * 2);
  });

  it('leaves every other argument as the runtime gave it, spaces included', () => {
    const { startup } = startThroughWrapper([process.execPath, '--title=a b  c', '--stack-trace-limit=20', PROBE], '256');

    expect(startup?.execArgv).toEqual(['--title=a b  c', '--stack-trace-limit=20', '--max-semi-space-size=4']);
    expect(startup?.argv).toEqual([]);
  });

  it.each([
    ['64', 1],
    ['128', 2],
    ['1024', 16],
    ['10240', 16],
    ['not-a-number', 2],
  ])('at %s MB uses a %i MiB semi-space', (memory, semi) => {
    const { startup } = startThroughWrapper([process.execPath, PROBE], memory);

    expect(startup?.execArgv).toEqual([`--max-semi-space-size=${semi}`]);
  });

  it('defaults to the 128 MB sizing when Lambda gives no memory size', () => {
    expect(startThroughWrapper([process.execPath, PROBE], undefined).startup?.execArgv).toEqual(['--max-semi-space-size=2']);
  });

  it('fails loudly, starting nothing, when given no command', () => {
    const { status, stderr } = startThroughWrapper([], '128');

    expect(status).toBe(127);
    expect(stderr).toContain('no runtime command to start');
  });
});
