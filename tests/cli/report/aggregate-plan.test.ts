import { planAggregateFetches, ruleKindOf } from '../../../src/cli/report/aggregate-plan';
import { runBounded } from '../../../src/cli/report/run-bounded';

describe('ruleKindOf', () => {
  it.each([
    ['iam-server-certificate-expired', 'expired'],
    ['iam-server-certificate-expired-conformance-pack-abc123', 'expired'],
    ['iam-server-certificate-expiring', 'expiring'],
    ['iam-server-certificate-expiring-xyz', 'expiring'],
    // Organization rules (PutOrganizationConfigRule) as Config names them in member accounts.
    ['OrgConfigRule-iam-server-certificate-expired-dbgzf8ba', 'expired'],
    ['OrgConfigRule-iam-server-certificate-expiring-k2m4n6p8', 'expiring'],
    ['OrgConfigRule-iam-server-certificate-expiredish-k2m4n6p8', undefined],
    ['OrgConfigRule-s3-bucket-versioning-enabled-dbgzf8ba', undefined],
    ['iam-server-certificate-expiredish', undefined],
    ['acm-certificate-expiration-check', undefined],
  ])('%s is %p', (name, kind) => {
    expect(ruleKindOf(name)).toBe(kind);
  });
});

describe('planAggregateFetches', () => {
  it('keeps our rules once per account and region, sorted, with the accounts they cover', () => {
    const plan = planAggregateFetches([
      { ruleName: 'iam-server-certificate-expiring', accountId: '222222222222', region: 'us-east-1' },
      { ruleName: 'other-rule', accountId: '333333333333', region: 'us-east-1' },
      { ruleName: 'iam-server-certificate-expired', accountId: '111111111111', region: 'eu-west-1' },
      { ruleName: 'iam-server-certificate-expiring', accountId: '222222222222', region: 'us-east-1' },
    ]);

    expect(plan.fetches.map((fetch) => `${fetch.accountId} ${fetch.region} ${fetch.ruleName}`)).toEqual([
      '111111111111 eu-west-1 iam-server-certificate-expired',
      '222222222222 us-east-1 iam-server-certificate-expiring',
    ]);
    expect(plan.accounts).toEqual(['111111111111', '222222222222']);
  });
});

describe('runBounded', () => {
  it('never has more than the limit in flight, keeps order, and keeps going past failures', async () => {
    let inFlight = 0;
    let peak = 0;
    const progress: number[] = [];
    const outcomes = await runBounded(
      Array.from({ length: 20 }, (_, index) => index),
      3,
      async (item) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, (item * 7) % 5));
        inFlight -= 1;
        if (item % 6 === 0) throw new Error(`item ${item}`);
        return item * 2;
      },
      (done) => progress.push(done),
    );

    expect(peak).toBe(3);
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.value : 'failed'))).toEqual(
      Array.from({ length: 20 }, (_, index) => (index % 6 === 0 ? 'failed' : index * 2)),
    );
    expect(progress).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });

  it('returns nothing for no items', async () => {
    await expect(runBounded([], 4, async () => 1)).resolves.toEqual([]);
  });
});
