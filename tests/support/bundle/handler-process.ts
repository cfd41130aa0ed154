import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { BUNDLE_PATH } from '../../../scripts/handler-bundle';

/**
 * The summary the handler returns (src `RunSummary`). Only the fields these
 * tools rely on are typed: tests assert on what Config received instead.
 */
export interface BundledRunSummary {
  readonly rule: string;
  readonly putEvaluationsCalls: number;
  readonly [field: string]: unknown;
}

/** What one invocation cost inside the handler process. */
export interface InvocationCost {
  /** User + system CPU time of the handler process during the invocation, in ms. */
  readonly cpuMs: number;
  readonly wallMs: number;
  /** Peak resident set size of the handler process so far, in KiB (`process.resourceUsage().maxRSS`). */
  readonly maxRssKiB: number;
}

/**
 * The Lambda context fields a test may pass to an invocation (plain data: it
 * crosses to the handler's process as a message). `invokedFunctionArn` tells
 * the handler which account it runs in, e.g.
 * `arn:aws:lambda:us-east-1:123456789012:function:rule`.
 */
export interface InvocationContextData {
  readonly invokedFunctionArn?: string;
  readonly awsRequestId?: string;
  /**
   * Milliseconds the invocation has left when it starts: the child gives the
   * handler `getRemainingTimeInMillis()` counting down from it, as Lambda
   * does. Absent: no such method, so the handler runs without a time budget.
   */
  readonly remainingTimeMs?: number;
  /**
   * Environment variables set in the handler's process before this invocation,
   * as Lambda sets them for a function (e.g. another account's function's
   * credentials). They stay set for later invocations.
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The stand-in's simulated clock, as milliseconds ahead of real time
   * (`standIn.clock.offsetMs`): the handler is built with that clock
   * (`createHandler`). Absent: the system clock, as on Lambda.
   */
  readonly clockOffsetMs?: number;
}

/** A bundled handler running in its own Node process, like a warm Lambda container. */
export interface HandlerProcess {
  /** Time the `require` of the bundle took, in ms: the module init cost. */
  readonly initMs: number;
  /** Invokes `handler(event, context)`; rejects with the handler's error name and message if it throws. */
  invoke(event: unknown, context?: InvocationContextData): Promise<BundledRunSummary>;
  /**
   * Like {@link invoke}, also returning what the invocation cost and its
   * `output`: what the handler wrote to stdout and stderr, one chunk per
   * console call (a JSON log line or an EMF metrics line each).
   */
  invokeMeasured(event: unknown, context?: InvocationContextData): Promise<{ summary: BundledRunSummary; cost: InvocationCost; output: string[]; requests: string[] }>;
  stop(): Promise<void>;
}

/** The child's whole program (see the file). */
const RUNNER_PATH = join(__dirname, 'handler-runner.cjs');

/**
 * The child answers once every HTTP request the invocation started has been
 * answered or given up (handler-runner.cjs), with `requests`: the requests it
 * sent whole, one `<amz-sdk-invocation-id> <amz-sdk-request>` key per attempt,
 * for `StandIn.whenAnswered`.
 */
type Reply =
  | { id: number; ok: true; summary: BundledRunSummary; cost: InvocationCost; output: string[]; requests: string[] }
  | { id: number; ok: false; name: string; message: string; output: string[]; requests: string[] };

/** An error the handler threw in its process, rebuilt with the same name and message. */
export class HandlerError extends Error {
  /** What the handler printed during the failed invocation (see `invokeMeasured`'s `output`). */
  public readonly output: readonly string[];
  /** The requests the failed invocation sent (see `invokeMeasured`'s `requests`). */
  public readonly requests: readonly string[];

  public constructor(name: string, message: string, output: readonly string[] = [], requests: readonly string[] = []) {
    super(message);
    this.name = name;
    this.output = output;
    this.requests = requests;
  }
}

/** How the handler's process is started. */
export interface HandlerProcessOptions {
  readonly quiet?: boolean;
  readonly bundlePath?: string;
  /** Node.js flags before the runner. */
  readonly nodeArgs?: readonly string[];
  /**
   * A runtime wrapper (AWS_LAMBDA_EXEC_WRAPPER): started with `sh` and given
   * the whole command, interpreter first, as Lambda gives it.
   */
  readonly wrapper?: string;
}

/**
 * Starts the bundled handler (`dist/handler.js`) in a child Node process with
 * `environment` on top of this process's. The process stays up between
 * invocations, as a warm Lambda container does.
 */
export async function startHandlerProcess(environment: Record<string, string>, options: HandlerProcessOptions = {}): Promise<HandlerProcess> {
  const command = [process.execPath, ...(options.nodeArgs ?? []), RUNNER_PATH];
  const [program, ...args] = options.wrapper === undefined ? command : ['sh', options.wrapper, ...command];
  const child = spawn(program ?? process.execPath, args, {
    env: { ...process.env, ...environment, STAND_IN_BUNDLE_PATH: options.bundlePath ?? BUNDLE_PATH, NODE_NO_WARNINGS: '1' },
    // The handler logs a JSON line per run (and per expected failure in tests):
    // kept quiet, but the end of stderr is shown if the process dies.
    stdio: ['ignore', options.quiet === false ? 'inherit' : 'ignore', options.quiet === false ? 'inherit' : 'pipe', 'ipc'],
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
  });
  const initMs = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { initMs: number }).initMs));
    child.once('exit', (code) => reject(new Error(`the handler process exited with ${String(code)} before it was ready:\n${stderrTail}`)));
  });
  return new RunningHandler(child, initMs);
}

class RunningHandler implements HandlerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();

  public constructor(
    private readonly child: ChildProcess,
    public readonly initMs: number,
  ) {
    child.on('message', (message) => {
      const reply = message as Reply;
      this.pending.get(reply.id)?.resolve(reply);
      this.pending.delete(reply.id);
    });
    child.on('exit', (code) => {
      for (const { reject } of this.pending.values()) reject(new Error(`the handler process exited with ${String(code)}`));
      this.pending.clear();
    });
  }

  public async invoke(event: unknown, context: InvocationContextData = {}): Promise<BundledRunSummary> {
    return (await this.invokeMeasured(event, context)).summary;
  }

  public async invokeMeasured(
    event: unknown,
    context: InvocationContextData = {},
  ): Promise<{ summary: BundledRunSummary; cost: InvocationCost; output: string[]; requests: string[] }> {
    const id = this.nextId;
    this.nextId += 1;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, event, context });
    });
    if (!reply.ok) throw new HandlerError(reply.name, reply.message, reply.output, reply.requests);
    return { summary: reply.summary, cost: reply.cost, output: reply.output, requests: reply.requests };
  }

  public async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.child.kill(), 5_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.disconnect();
    });
  }
}
