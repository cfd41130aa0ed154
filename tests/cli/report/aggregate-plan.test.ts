import { deploymentRules, planAggregateFetches } from '../../../src/cli/report/aggregate-plan';
import { runBounded } from '../../../src/cli/report/run-bounded';

describe('deploymentRules', () => {
  it.each([
    // serverless.yml and the per-account StackSet: the rule's own name.
    ['iam-server-certificate-expired', 'expired'],
    ['iam-server-certificate-expiring', 'expiring'],
    // A conformance pack's rule as Config names it in a member account.
    ['iam-server-certificate-expired-conformance-pack-szsm1uv0w', 'expired'],
    ['iam-server-certificate-expiring-conformance-pack-hbmlt5imw', 'expiring'],
    // Organization rules (PutOrganizationConfigRule) as Config names them in member accounts.
    ['OrgConfigRule-iam-server-certificate-expired-dbgzf8ba', 'expired'],
    ['OrgConfigRule-iam-server-certificate-expiring-k2m4n6p8', 'expiring'],
    // Anything else is not the deployment's, however it starts.
    ['iam-server-certificate-expired-v2', undefined],
    ['iam-server-certificate-expiring-xyz', undefined],
    ['iam-server-certificate-expired-conformance-pack-', undefined],
    ['iam-server-certificate-expired-conformance-pack-ABC', undefined],
    ['iam-server-certificate-expired-conformance-pack-abc-def', undefined],
    ['OrgConfigRule-iam-server-certificate-expired-dbgzf8ba-x', undefined],
    ['OrgConfigRule-iam-server-certificate-expiredish-k2m4n6p8', undefined],
    ['OrgConfigRule-s3-bucket-versioning-enabled-dbgzf8ba', undefined],
    ['my-iam-server-certificate-expired', undefined],
    ['iam-server-certificate-expiredish', undefined],
    ['acm-certificate-expiration-check', undefined],
  ])('%s is %p', (name, kind) => {
    expect(deploymentRules().kindOf(name)).toBe(kind);
  });

  it('with names given, counts those names only, each as its kind', () => {
    const rules = deploymentRules({ expired: ['prod-cert-expired'], expiring: ['OrgConfigRule-iam-server-certificate-expiring-dbgzf8ba'] });

    expect(rules.kindOf('prod-cert-expired')).toBe('expired');
    expect(rules.kindOf('OrgConfigRule-iam-server-certificate-expiring-dbgzf8ba')).toBe('expiring');
    expect(rules.kindOf('iam-server-certificate-expired')).toBeUndefined();
    expect(rules.kindOf('OrgConfigRule-iam-server-certificate-expiring-zzzzzzzz')).toBeUndefined();
    expect(rules.looksLikeOurs('iam-server-certificate-expired')).toBe(true);
    expect(rules.exactNames).toEqual(['OrgConfigRule-iam-server-certificate-expiring-dbgzf8ba', 'prod-cert-expired']);
  });

  it('tells a look-alike from an unrelated rule', () => {
    expect(deploymentRules().looksLikeOurs('IAM-Server-Certificate-Expired-forged')).toBe(true);
    expect(deploymentRules().looksLikeOurs('iam-server-certificate-expired')).toBe(false);
    expect(deploymentRules().looksLikeOurs('acm-certificate-expiration-check')).toBe(false);
  });
});

describe('planAggregateFetches', () => {
  it('keeps the deployment\'s rules once per account and region, sorted, with the accounts they cover, and sets look-alikes aside', () => {
    const plan = planAggregateFetches(
      [
        { ruleName: 'iam-server-certificate-expiring', accountId: '222222222222', region: 'us-east-1' },
        { ruleName: 'other-rule', accountId: '333333333333', region: 'us-east-1' },
        { ruleName: 'iam-server-certificate-expired', accountId: '111111111111', region: 'eu-west-1' },
        { ruleName: 'iam-server-certificate-expiring', accountId: '222222222222', region: 'us-east-1' },
        { ruleName: 'iam-server-certificate-expiring-v2', accountId: '222222222222', region: 'us-east-1' },
      ],
      deploymentRules(),
    );

    expect(plan.fetches.map((fetch) => `${fetch.accountId} ${fetch.region} ${fetch.ruleName}`)).toEqual([
      '111111111111 eu-west-1 iam-server-certificate-expired',
      '222222222222 us-east-1 iam-server-certificate-expiring',
    ]);
    expect(plan.accounts).toEqual(['111111111111', '222222222222']);
    expect(plan.ignored).toEqual([{ ruleName: 'iam-server-certificate-expiring-v2', accountId: '222222222222', region: 'us-east-1' }]);
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
