/**
 * What a fault does. Answer faults replace the answer:
 * - `throttle`: the service's throttling error (IAM `Throttling`, Config
 *   `ThrottlingException`, HTTP 400), which the SDK retries with backoff;
 * - `server-error`: HTTP 500 `InternalFailure`, which the SDK retries too;
 * - `failed-evaluations` (PutEvaluations only): the call succeeds but lists
 *   the evaluations of `resourceIds` (or all of the call's, `'all'`) in
 *   `FailedEvaluations`, storing the rest;
 * - `failed-findings` (BatchImportFindings only): likewise, the finding ids of
 *   `resourceIds` come back in `FailedFindings`;
 * - `failed-entries` (EventBridge PutEvents only): the entries whose
 *   `Resources` hold one of `resourceIds` (certificate ARNs), or all, fail
 *   with `InternalFailure` in the result entries, the others are put.
 *
 * Transport faults act on the connection once the request has been
 * processed (answer faults included), as when the network fails on the way
 * back: the work is done, the answer is lost or late. A retry therefore
 * repeats work that took effect, which is what idempotency must survive.
 * - `connection-reset`: the socket is destroyed without any answer (the SDK
 *   sees "socket hang up", ECONNRESET, which its standard retry strategy
 *   treats as transient);
 * - `delay`: the answer is sent `delayMs` late; if the client has hung up
 *   meanwhile (an aborted call), nothing is sent.
 */
export type FaultKind = 'throttle' | 'server-error' | 'failed-evaluations' | 'failed-findings' | 'failed-entries' | 'connection-reset' | 'delay';

/** The `operation` that matches every operation of every service. */
export const ANY_OPERATION = '*';

const TRANSPORT_KINDS: ReadonlySet<FaultKind> = new Set(['connection-reset', 'delay']);

/**
 * Which calls of an operation a fault hits, counting each operation's calls
 * from 1 since the stand-in was last reset (or `calls.clear()`):
 * a list of call numbers, `'all'`, or every call from the `from`-th on.
 */
export type CallSelector = readonly number[] | 'all' | { readonly from: number };

/** A fault to inject into some calls of one or more operations. */
export interface FaultSpec {
  /**
   * The API operation name, e.g. `PutEvaluations`, a list of them, or
   * {@link ANY_OPERATION} (`'*'`) for every operation: a throttling storm.
   */
  readonly operation: string | readonly string[];
  /** Which calls of the operation fail (each operation counted on its own). */
  readonly onCalls?: CallSelector;
  /**
   * Which SDK attempts fail, from the `amz-sdk-request: attempt=N; max=M`
   * header the SDK's retry middleware sends: `[1]` faults the first attempt
   * of every request and lets its first retry through. With `onCalls` too,
   * a call must match both.
   */
  readonly onAttempts?: readonly number[];
  readonly kind: FaultKind;
  /** For `failed-evaluations`: the resource ids Config refuses, or `'all'` of the call's. */
  readonly resourceIds?: readonly string[] | 'all';
  /** For `delay`: how late the answer is sent, in ms. */
  readonly delayMs?: number;
  /** Only calls signed for this region (ELB and ELBv2 calls carry one): one region's scan failing, the others answering. */
  readonly region?: string;
}

/** Where a call stands when faults are looked up. */
export interface CallInfo {
  readonly operation: string;
  /** The call's number among the operation's calls, from 1. */
  readonly callNumber: number;
  /** The SDK attempt number, `undefined` when the request carries no `amz-sdk-request` header. */
  readonly attempt: number | undefined;
  /** The region the call was signed for, where the stand-in tells (ELB, ELBv2). */
  readonly region?: string;
}

/** The faults chosen by a test, looked up per call. */
export class Faults {
  private specs: FaultSpec[] = [];

  /**
   * Adds a fault. Faults are looked up in the order they were added; the
   * first that matches a call wins, separately for answer and transport faults.
   *
   * @example
   * standIn.faults.add({ operation: 'PutEvaluations', onCalls: [1, 2], kind: 'throttle' });
   * standIn.faults.add({ operation: '*', onAttempts: [1], kind: 'throttle' }); // every request throttled once
   * standIn.faults.add({ operation: 'PutEvaluations', onCalls: 'all', kind: 'delay', delayMs: 1_000 });
   */
  public add(spec: FaultSpec): void {
    if (spec.onCalls === undefined && spec.onAttempts === undefined) {
      throw new Error(`fault ${spec.kind}: give onCalls or onAttempts (onCalls: 'all' for every call)`);
    }
    if (spec.kind === 'delay' && !(spec.delayMs !== undefined && spec.delayMs >= 0)) {
      throw new Error('fault delay: give delayMs ≥ 0');
    }
    this.specs.push(spec);
  }

  /** The answer fault (throttle, server error, failed evaluations) for a call, if any. */
  public match(call: CallInfo): FaultSpec | undefined {
    return this.specs.find((spec) => !TRANSPORT_KINDS.has(spec.kind) && matches(spec, call));
  }

  /** The transport fault (connection reset, delay) for a call, if any. */
  public matchTransport(call: CallInfo): FaultSpec | undefined {
    return this.specs.find((spec) => TRANSPORT_KINDS.has(spec.kind) && matches(spec, call));
  }

  /** Removes every fault. */
  public clear(): void {
    this.specs = [];
  }
}

function matches(spec: FaultSpec, call: CallInfo): boolean {
  return (
    matchesOperation(spec.operation, call.operation) &&
    matchesCall(spec.onCalls, call.callNumber) &&
    matchesAttempt(spec.onAttempts, call.attempt) &&
    (spec.region === undefined || spec.region === call.region)
  );
}

function matchesOperation(selector: FaultSpec['operation'], operation: string): boolean {
  if (typeof selector === 'string') return selector === ANY_OPERATION || selector === operation;
  return selector.includes(operation);
}

function matchesCall(selector: CallSelector | undefined, callNumber: number): boolean {
  if (selector === undefined || selector === 'all') return true;
  if ('from' in selector) return callNumber >= selector.from;
  return selector.includes(callNumber);
}

function matchesAttempt(attempts: readonly number[] | undefined, attempt: number | undefined): boolean {
  return attempts === undefined || (attempt !== undefined && attempts.includes(attempt));
}

// `amz-sdk-request: attempt=2; max=4` (set by the SDK's retry middleware, @smithy/core retry).
const SDK_ATTEMPT = /(?:^|;)\s*attempt=(\d+)/;

/** The SDK attempt number in an `amz-sdk-request` header value. */
export function sdkAttemptOf(header: string | undefined): number | undefined {
  const digits = header === undefined ? undefined : SDK_ATTEMPT.exec(header)?.[1];
  return digits === undefined ? undefined : Number(digits);
}

/** What a `failed-evaluations`, `failed-findings` or `failed-entries` fault refuses in one call: ids, or all. */
export function refusedBy(fault: FaultSpec | undefined): ReadonlySet<string> | 'all' {
  if (fault?.kind !== 'failed-evaluations' && fault?.kind !== 'failed-findings' && fault?.kind !== 'failed-entries') return new Set();
  return fault.resourceIds === 'all' ? 'all' : new Set(fault.resourceIds ?? []);
}
