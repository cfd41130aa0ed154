import { TimeBudgetExceededError } from '../errors';

/**
 * The time one invocation may still spend on AWS calls. The rule checks it
 * before each page or batch and stops starting new work once it is spent;
 * the clock is passed in, so tests need no fake timers.
 */
export class TimeBudget {
  private readonly deadline: number;
  private readonly clock: () => number;

  /**
   * @param deadline epoch milliseconds after which no new call may start
   * @param clock returns epoch milliseconds (`Date.now` in production)
   */
  public constructor(deadline: number, clock: () => number) {
    this.deadline = deadline;
    this.clock = clock;
  }

  /** A budget that never runs out: local runs and callers without a Lambda context. */
  public static unlimited(): TimeBudget {
    return new TimeBudget(Number.POSITIVE_INFINITY, () => 0);
  }

  /** Milliseconds left; `Infinity` for an unlimited budget, never negative. */
  public remainingMs(): number {
    return Math.max(0, this.deadline - this.clock());
  }

  /**
   * Throws {@link TimeBudgetExceededError} when the budget is spent, naming the
   * step that will not be started.
   */
  public ensure(nextStep: string): void {
    if (this.remainingMs() <= 0) {
      throw new TimeBudgetExceededError(`Time budget spent before ${nextStep}; failing so AWS Config retries the rule`);
    }
  }

  /**
   * Throws {@link TimeBudgetExceededError}, caused by `error`, when a call
   * failed because the budget ran out: {@link signal} aborted it at the
   * deadline, and the SDK's bare `AbortError` ("Request aborted") would not
   * tell the operator why. Returns otherwise, so the caller handles `error`
   * as before.
   *
   * @param step the call that failed, for the message
   */
  public throwIfSpentDuring(step: string, error: unknown): void {
    const aborted = error instanceof Error && error.name === 'AbortError';
    if (this.remainingMs() > 0 && !(aborted && Number.isFinite(this.deadline))) return;
    throw new TimeBudgetExceededError(`Time budget spent during ${step}; failing so AWS Config retries the rule`, { cause: error });
  }

  /**
   * An abort signal that fires when the budget is spent, so an SDK call (with
   * its retries) cannot outlive the invocation; `undefined` when unlimited.
   */
  public signal(): AbortSignal | undefined {
    const remaining = this.remainingMs();
    // AbortSignal.timeout takes whole milliseconds only (RangeError otherwise), and a
    // deadline can be fractional: the handler keeps back a quarter of an odd remaining time.
    return Number.isFinite(remaining) ? AbortSignal.timeout(Math.max(1, Math.ceil(remaining))) : undefined;
  }
}
