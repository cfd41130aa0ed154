import { StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryBackoffStrategy } from '@smithy/types';
import { PerCallRetryStrategy } from '../../src/adapters/per-call-retry-strategy';

const NO_DELAY: StandardRetryBackoffStrategy = { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined };
const SERVER_ERROR: RetryErrorInfo = { errorType: 'TRANSIENT' };
const THROTTLED: RetryErrorInfo = { errorType: 'THROTTLING' };
const CLIENT_ERROR: RetryErrorInfo = { errorType: 'CLIENT_ERROR' };

/** One call as the SDK's retry middleware makes it: fails `failures` times, then succeeds; how many retries it got. */
async function call(strategy: RetryStrategyV2, failures: number, error: RetryErrorInfo = SERVER_ERROR): Promise<number> {
  let token: RetryToken = await strategy.acquireInitialRetryToken('');
  for (let failure = 0; failure < failures; failure += 1) {
    try {
      token = await strategy.refreshRetryTokenForRetry(token, error);
    } catch {
      return failure;
    }
  }
  strategy.recordSuccess(token);
  return failures;
}

describe('PerCallRetryStrategy', () => {
  it('gives a call up to maxAttempts attempts for server errors and throttling', async () => {
    const strategy = new PerCallRetryStrategy(4, NO_DELAY);

    await expect(call(strategy, 3)).resolves.toBe(3);
    await expect(call(strategy, 5)).resolves.toBe(3);
    await expect(call(strategy, 5, THROTTLED)).resolves.toBe(3);
  });

  it('does not retry what the SDK classes as not retryable', async () => {
    await expect(call(new PerCallRetryStrategy(8, NO_DELAY), 1, CLIENT_ERROR)).resolves.toBe(0);
  });

  it('gives the 200th call of a client all its retries, where the SDK\'s shared quota has none left', async () => {
    const perCall = new PerCallRetryStrategy(8, NO_DELAY);
    const shared = new StandardRetryStrategy({ maxAttempts: 8, backoff: NO_DELAY });
    for (let i = 0; i < 199; i += 1) {
      await call(perCall, 2);
      await call(shared, 2);
    }

    await expect(call(perCall, 7)).resolves.toBe(7);
    // The reason for this class: the shared quota, spent by the calls before.
    await expect(call(shared, 7)).resolves.toBe(0);
  });

  it('refuses to retry a token it did not issue', async () => {
    const stranger = await new StandardRetryStrategy(8).acquireInitialRetryToken('');

    await expect(new PerCallRetryStrategy(8, NO_DELAY).refreshRetryTokenForRetry(stranger, SERVER_ERROR)).rejects.toThrow('not issued by this strategy');
  });
});
