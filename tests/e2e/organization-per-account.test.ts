import { inAccount, periodicEvent } from '../support/events';
import { useStandIn } from '../support/e2e-harness';

const RULE = 'iam-server-certificate-expiring';
const ACCOUNTS = 1_000;
const DAY = 86_400_000;

jest.setTimeout(120_000);

/** Account ids 200000000000, 200000000001, …: distinct from the stand-in's central account. */
const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => String(200_000_000_000 + i));

/** A periodic event as Config in `account` sends it to the function in the same account. */
function eventIn(account: string, token: string): Record<string, unknown> {
  return inAccount(periodicEvent(RULE, token, JSON.stringify({ daysToExpiration: '30' }), new Date()), account);
}

/**
 * The per-account roll-out (docs/organization.md): every account runs its own
 * copy of the function with its own execution role's credentials, invoked by
 * its own Config. Simulated for 1,000 accounts against the stand-in, with one
 * handler process standing for the 1,000 functions (the environment Lambda
 * would give each is set per invocation).
 */
describe('an Organization of 1,000 accounts, one function per account', () => {
  const context = useStandIn();

  it('reports every account\'s certificates into its own Config only, with its own credentials, assuming nothing', async () => {
    const { standIn, handler } = context();
    const now = Date.now();
    for (const [i, account] of accountIds.entries()) {
      // Two certificates per account, named after it, one expired in every third account.
      standIn.account(account).addCertificate({ name: `${account}-www`, expiration: new Date(now + (i % 3 === 0 ? -5 : 90) * DAY) });
      standIn.account(account).addCertificate({ name: `${account}-api`, expiration: new Date(now + 400 * DAY) });
    }
    const keys = new Map<string, string>();

    for (const account of accountIds) {
      const environment = standIn.functionEnvironment(account);
      keys.set(account, environment['AWS_ACCESS_KEY_ID'] ?? '');
      const token = standIn.account(account).evaluations.issueToken(RULE);
      const summary = await handler(eventIn(account, token), { invokedFunctionArn: `arn:aws:lambda:us-east-1:${account}:function:rule`, environment });
      expect(summary['certificatesEvaluated']).toBe(2);
    }

    for (const [i, account] of accountIds.entries()) {
      const stored = standIn.account(account).evaluations.forRule(RULE).map((e) => [e.resourceId, e.complianceType]).sort();
      expect(stored).toEqual([
        [`${account}-api`, 'COMPLIANT'],
        [`${account}-www`, i % 3 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT'],
      ]);
    }
    // The central account's Config got nothing; no call assumed a role; each call used its own account's key.
    expect(standIn.evaluations()).toEqual([]);
    const calls = standIn.calls.all();
    expect(calls.filter((call) => call.service === 'sts')).toEqual([]);
    expect(calls.filter((call) => keys.get(call.accountId) !== call.accessKeyId)).toEqual([]);
    expect(new Set(calls.map((call) => call.accountId)).size).toBe(ACCOUNTS);
  });
});
