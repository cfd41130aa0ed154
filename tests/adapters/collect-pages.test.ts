import { collectPages } from '../../src/adapters/collect-pages';
import { TimeBudget } from '../../src/core/time-budget';
import { TimeBudgetExceededError } from '../../src/errors';

const aborted = (): Error => Object.assign(new Error('Request aborted'), { name: 'AbortError' });

describe('collectPages', () => {
  it('fails with TimeBudgetExceededError naming the page when the deadline aborts a page in flight', async () => {
    let now = 0;
    const budget = new TimeBudget(1_500, () => now);
    const promise = collectPages('ListDiscoveredResources', budget, async (token) => {
      now += 1_000;
      if (now > 1_500) throw aborted();
      return { items: [token ?? 'first'], next: 'second' };
    });
    await expect(promise).rejects.toThrow(TimeBudgetExceededError);
    await expect(promise).rejects.toThrow(/spent during ListDiscoveredResources page 2/);
  });

  it('passes a failure on unchanged while time remains', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const promise = collectPages('ListServerCertificates', new TimeBudget(Date.now() + 60_000, Date.now), () => Promise.reject(throttled));
    await expect(promise).rejects.toBe(throttled);
  });
});
