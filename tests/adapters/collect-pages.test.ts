import { eachPage, type Page } from '../../src/adapters/collect-pages';
import { TimeBudget } from '../../src/core/time-budget';
import { RuleError, TimeBudgetExceededError } from '../../src/errors';

/** Every item of every page, as a caller that reads a whole listing sees them. */
async function collectPages<T>(
  operation: string,
  budget: TimeBudget,
  fetchPage: (token: string | undefined, signal: AbortSignal | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of eachPage(operation, budget, fetchPage)) items.push(...page);
  return items;
}

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

describe('collectPages listing integrity', () => {
  const unlimited = TimeBudget.unlimited();

  it('follows tokens until a page has none', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = { start: { items: [1], next: 'b' }, b: { items: [2], next: 'c' }, c: { items: [3] } };
    const items = await collectPages('ListDiscoveredResources', unlimited, async (token) => {
      const page = pages[token ?? 'start'];
      return { items: page?.items ?? [], next: page?.next };
    });
    expect(items).toEqual([1, 2, 3]);
  });

  it('ends on an empty token, as the last ELB NextMarker may be', async () => {
    const tokens: (string | undefined)[] = [];
    const items = await collectPages('elasticloadbalancing:DescribeLoadBalancers', unlimited, async (token) => {
      tokens.push(token);
      return { items: [token ?? 'first'], next: token === undefined ? 'a' : '' };
    });
    expect(tokens).toEqual([undefined, 'a']);
    expect(items).toEqual(['first', 'a']);
  });

  it('ends on a page marked not truncated even if it carries a token', async () => {
    let calls = 0;
    const items = await collectPages('ListServerCertificates', unlimited, async () => {
      calls += 1;
      return { items: [calls], next: 'stray', truncated: false };
    });
    expect(items).toEqual([1]);
  });

  it('fails instead of returning a short list when a truncated page has no token', async () => {
    const promise = collectPages('ListServerCertificates', unlimited, async () => ({ items: [1], next: undefined, truncated: true }));
    await expect(promise).rejects.toThrow(RuleError);
    await expect(promise).rejects.toThrow('ListServerCertificates page 1 says more pages follow but gives no token');
  });

  it('fails instead of looping or stopping short when a token repeats', async () => {
    const promise = collectPages('GetComplianceDetailsByConfigRule', unlimited, async (token) => ({
      items: [token],
      next: token === undefined ? 'a' : token === 'a' ? 'b' : 'a',
    }));
    await expect(promise).rejects.toThrow('GetComplianceDetailsByConfigRule page 3 repeats an earlier page token');
  });
});
