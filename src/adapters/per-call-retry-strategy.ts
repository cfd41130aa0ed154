import { StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryBackoffStrategy, StandardRetryToken } from '@smithy/types';

/**
 * The SDK's standard retry strategy (which errors are retried, exponential
 * backoff with jitter, `Retry-After` hints, `maxAttempts`), with its retry
 * quota per call instead of per client.
 *
 * The standard strategy keeps one quota of 500 tokens per client: each retry
 * spends some (14 per transient error or 5xx and 5 per throttle in the SDK
 * bundled here, `@smithy/core` retry `StandardRetryStrategy`), and a success
 * gives back only what its own last retry cost. A call that fails twice and
 * then succeeds is a net loss, so within one invocation a run of such calls
 * (about 35 on one client) leaves later calls with no retries at all:
 * 2,500 certificates under "500 on attempts 1 and 2 of every call" failed
 * their delivery with retries still promised (tests/e2e/retry-quota.test.ts).
 * The quota exists to stop a fleet of busy clients from retrying an outage
 * into the ground; this function makes one call at a time per API, and its
 * time budget bounds how long it keeps trying, so each call gets all of its
 * `maxAttempts` instead.
 */
export class PerCallRetryStrategy implements RetryStrategyV2 {
  /** Named as the SDK names its own, for the user agent. */
  public readonly mode = 'standard';
  /** Each token the SDK holds, as its call's strategy issued it. */
  private readonly issued = new WeakMap<RetryToken, { readonly strategy: StandardRetryStrategy; readonly token: StandardRetryToken }>();

  /**
   * @param maxAttempts attempts per call, the first one included
   * @param backoff the delays between attempts; the SDK's exponential backoff with jitter when omitted
   */
  public constructor(
    private readonly maxAttempts: number,
    private readonly backoff?: StandardRetryBackoffStrategy,
  ) {}

  /** A fresh standard strategy, with its whole quota, for each call. */
  public async acquireInitialRetryToken(retryTokenScope: string): Promise<RetryToken> {
    const strategy = new StandardRetryStrategy({ maxAttempts: this.maxAttempts, ...(this.backoff === undefined ? {} : { backoff: this.backoff }) });
    const token = await strategy.acquireInitialRetryToken(retryTokenScope);
    this.issued.set(token, { strategy, token });
    return token;
  }

  /** The call's own strategy decides whether and when to retry. */
  public async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const issued = this.issued.get(token);
    // Every token comes from acquireInitialRetryToken or from here; a stranger is not retried.
    if (issued === undefined) throw new Error('retry token not issued by this strategy');
    const next = await issued.strategy.refreshRetryTokenForRetry(issued.token, errorInfo);
    this.issued.set(next, { strategy: issued.strategy, token: next });
    return next;
  }

  public recordSuccess(token: RetryToken): void {
    const issued = this.issued.get(token);
    issued?.strategy.recordSuccess(issued.token);
  }
}
