/**
 * What a fault does:
 * - `throttle`: the service's throttling error (IAM `Throttling`, Config
 *   `ThrottlingException`, HTTP 400), which the SDK retries with backoff;
 * - `server-error`: HTTP 500 `InternalFailure`, which the SDK retries too;
 * - `failed-evaluations` (PutEvaluations only): the call succeeds but lists
 *   the evaluations of `resourceIds` in `FailedEvaluations`, storing the rest.
 */
export type FaultKind = 'throttle' | 'server-error' | 'failed-evaluations';

/** A fault to inject into some calls of one operation. */
export interface FaultSpec {
  /** The API operation name, e.g. `PutEvaluations` or `ListServerCertificates`. */
  readonly operation: string;
  /** Which calls of that operation fail, counting from 1; `'all'` for every call. */
  readonly onCalls: readonly number[] | 'all';
  readonly kind: FaultKind;
  /** For `failed-evaluations`: the resource ids Config refuses. */
  readonly resourceIds?: readonly string[];
}

/** The faults chosen by a test, looked up per call. */
export class Faults {
  private specs: FaultSpec[] = [];

  /**
   * Adds a fault.
   *
   * @example
   * standIn.faults.add({ operation: 'PutEvaluations', onCalls: [1, 2], kind: 'throttle' });
   */
  public add(spec: FaultSpec): void {
    this.specs.push(spec);
  }

  /** The fault for the `callNumber`-th call (from 1) of `operation`, if any. */
  public match(operation: string, callNumber: number): FaultSpec | undefined {
    return this.specs.find(
      (spec) => spec.operation === operation && (spec.onCalls === 'all' || spec.onCalls.includes(callNumber)),
    );
  }

  /** Removes every fault. */
  public clear(): void {
    this.specs = [];
  }
}
