import { TimeBudget } from '../../src/core/time-budget';
import { TimeBudgetExceededError } from '../../src/errors';

describe('TimeBudget', () => {
  it('counts down on the clock it is given and never goes negative', () => {
    let now = 1_000;
    const budget = new TimeBudget(1_500, () => now);
    expect(budget.remainingMs()).toBe(500);
    now = 2_000;
    expect(budget.remainingMs()).toBe(0);
  });

  it('lets work start while time remains and refuses it once spent, naming the step', () => {
    let now = 0;
    const budget = new TimeBudget(100, () => now);
    expect(() => budget.ensure('PutEvaluations')).not.toThrow();
    now = 100;
    expect(() => budget.ensure('PutEvaluations (200 of 300 evaluations delivered)')).toThrow(TimeBudgetExceededError);
    expect(() => budget.ensure('ListServerCertificates page 2')).toThrow(/before ListServerCertificates page 2; failing so AWS Config retries/);
  });

  it('gives an abort signal only when limited', () => {
    expect(TimeBudget.unlimited().signal()).toBeUndefined();
    expect(TimeBudget.unlimited().remainingMs()).toBe(Number.POSITIVE_INFINITY);
    const signal = new TimeBudget(Date.now() + 60_000, Date.now).signal();
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal?.aborted).toBe(false);
  });

  it('turns a failure into TimeBudgetExceededError, keeping it as the cause, when the budget is spent', () => {
    let now = 0;
    const budget = new TimeBudget(100, () => now);
    const failure = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    now = 100;
    expect(() => budget.throwIfSpentDuring('PutEvaluations (200 of 450 evaluations delivered)', failure)).toThrow(
      /Time budget spent during PutEvaluations \(200 of 450 evaluations delivered\); failing so AWS Config retries/,
    );
    let thrown: unknown;
    try {
      budget.throwIfSpentDuring('ListDiscoveredResources page 3', failure);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TimeBudgetExceededError);
    expect((thrown as Error).cause).toBe(failure);
  });

  it('treats an AbortError as the budget running out even a millisecond before the deadline', () => {
    const budget = new TimeBudget(100, () => 99);
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    expect(() => budget.throwIfSpentDuring('GetServerCertificate', aborted)).toThrow(TimeBudgetExceededError);
  });

  it('leaves other failures alone while time remains, and every failure alone when unlimited', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    expect(() => new TimeBudget(100, () => 50).throwIfSpentDuring('PutEvaluations', throttled)).not.toThrow();
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    expect(() => TimeBudget.unlimited().throwIfSpentDuring('PutEvaluations', aborted)).not.toThrow();
  });

  it('gives a signal when the deadline falls between two milliseconds', () => {
    // 29,999 ms left with a quarter kept back: the deadline is 22,499.25 ms away.
    const signal = new TimeBudget(1_000 + 22_499.25, () => 1_000).signal();
    expect(signal?.aborted).toBe(false);
  });

  it('gives a signal that fires when the budget runs out', async () => {
    const signal = new TimeBudget(Date.now() + 20, Date.now).signal();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(signal?.aborted).toBe(true);
  });

  it('links a budget that a cancel stops: its signal aborts with the reason and ensure throws it', () => {
    const reason = new Error('IAM listing denied');
    for (const parent of [TimeBudget.unlimited(), new TimeBudget(10_000, () => 0)]) {
      const { budget, cancel } = parent.linked();
      const signal = budget.signal();
      expect(signal?.aborted).toBe(false);
      expect(() => budget.ensure('ListDiscoveredResources')).not.toThrow();

      cancel(reason);

      expect(signal?.aborted).toBe(true);
      expect(signal?.reason).toBe(reason);
      expect(() => budget.ensure('ListDiscoveredResources')).toThrow(reason);
      expect(() => budget.throwIfSpentDuring('ListDiscoveredResources', new Error('aborted'))).toThrow(reason);
      // The parent budget is not cancelled.
      expect(() => parent.ensure('PutEvaluations')).not.toThrow();
    }
  });

  it('keeps the deadline in a linked budget', () => {
    const { budget } = new TimeBudget(100, () => 100).linked();
    expect(() => budget.ensure('PutEvaluations')).toThrow(TimeBudgetExceededError);
  });
});
