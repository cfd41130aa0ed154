import { TimeBudgetExceededError } from '../errors';

/**
 * The time one invocation may still spend on AWS calls. The rule checks it
 * before each page or batch and stops starting new work once it is spent;
 * the clock is passed in, so tests need no fake timers.
 */
export class TimeBudget {
  private readonly deadline: number;
  private readonly clock: () => number;
  private readonly cancellation: AbortSignal | undefined;

  /**
   * @param deadline epoch milliseconds after which no new call may start
   * @param clock returns epoch milliseconds (`Date.now` in production)
   * @param cancellation aborted when the work this budget is for is abandoned ({@link linked})
   */
  public constructor(deadline: number, clock: () => number, cancellation?: AbortSignal) {
    this.deadline = deadline;
    this.clock = clock;
    this.cancellation = cancellation;
  }

  /**
   * The same budget for work started side by side with other work, and a
   * `cancel` that stops it: when one of several parallel reads fails, the
   * others must not go on (and retry) after the invocation has failed.
   * After `cancel(reason)`, `ensure` throws `reason` and every signal is aborted.
   */
  public linked(): { readonly budget: TimeBudget; readonly cancel: (reason: unknown) => void } {
    const controller = new AbortController();
    const signal = this.cancellation === undefined ? controller.signal : AbortSignal.any([this.cancellation, controller.signal]);
    return { budget: new TimeBudget(this.deadline, this.clock, signal), cancel: (reason) => controller.abort(reason) };
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
    if (this.cancellation?.aborted === true) throw this.cancellation.reason;
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
    if (this.cancellation?.aborted === true) throw this.cancellation.reason;
    const aborted = error instanceof Error && error.name === 'AbortError';
    if (this.remainingMs() > 0 && !(aborted && Number.isFinite(this.deadline))) return;
    throw new TimeBudgetExceededError(`Time budget spent during ${step}; failing so AWS Config retries the rule`, { cause: error });
  }

  /**
   * An abort signal that fires when the budget is spent (or the work is
   * cancelled), so an SDK call (with its retries) cannot outlive the
   * invocation; `undefined` when unlimited and not cancellable.
   */
  public signal(): AbortSignal | undefined {
    const remaining = this.remainingMs();
    // AbortSignal.timeout takes whole milliseconds only (RangeError otherwise), and a
    // deadline can be fractional: the handler keeps back a quarter of an odd remaining time.
    const timeout = Number.isFinite(remaining) ? AbortSignal.timeout(Math.max(1, Math.ceil(remaining))) : undefined;
    if (this.cancellation === undefined) return timeout;
    return timeout === undefined ? this.cancellation : AbortSignal.any([timeout, this.cancellation]);
  }
}
