import type { MemberDeploymentStatus } from '../../../../src/adapters/config-organization-status';
import { organizationChecks } from '../../../../src/cli/doctor/checks/organization-checks';
import type { OrganizationFacts } from '../../../../src/cli/doctor/read-deployment';
import type { Read } from '../../../../src/cli/doctor/read-outcome';
import type { SourceStatus } from '../../../../src/adapters/config-aggregate-types';
import { NOW, read } from './facts';

const BASES = ['iam-server-certificate-expired'];
const A = '100000000001';
const B = '100000000002';

function facts(overrides: Partial<OrganizationFacts> = {}): OrganizationFacts {
  return {
    aggregator: 'org',
    sources: read({ kind: 'accounts', accountIds: [A, B], regions: ['us-east-1'] }),
    sourceStatuses: read([]),
    ruleInstances: read([A, B].map((accountId) => ({ ruleName: 'iam-server-certificate-expired', accountId, region: 'us-east-1' }))),
    certificates: read([]),
    organizationRules: read([]),
    organizationRuleMembers: new Map(),
    packNames: ['iam-server-certificate-expiry'],
    packs: read([]),
    packMembers: new Map(),
    organizationAccounts: undefined,
    rulesGiven: false,
    ...overrides,
  };
}

function source(sourceId: string, region: string, status: string): SourceStatus {
  return { sourceId, region, status, updatedAt: NOW, errorCode: 'E', errorMessage: 'm' };
}

const byId = (overrides: Partial<OrganizationFacts>) => new Map(organizationChecks(facts(overrides), BASES, 'us-east-1').map((item) => [item.id, item]));

describe('organizationChecks', () => {
  it('passes when every account has results and nothing failed', () => {
    const checks = byId({});
    expect(checks.get('accounts')?.status).toBe('ok');
    expect([...checks.keys()].filter((id) => id.startsWith('account:'))).toEqual([]);
  });

  it('fails an account whose aggregation FAILED in the recording region, and ignores a failure elsewhere', () => {
    const checks = byId({ sourceStatuses: read([source(A, 'us-east-1', 'FAILED'), source(B, 'ap-south-2', 'FAILED')]) });
    expect(checks.get(`account:${A}`)?.detail[0]).toBe('aggregation FAILED in us-east-1 (last update 2026-11-23T12:00:00Z): E: m');
    expect(checks.has(`account:${B}`)).toBe(false);
  });

  it('counts an OUTDATED aggregation as unconfirmed, not failing', () => {
    const checks = byId({ sourceStatuses: read([source(A, 'us-east-1', 'OUTDATED')]) });
    expect(checks.get('accounts-unconfirmed')?.detail[1]).toContain(`${A}: aggregation OUTDATED in us-east-1`);
    expect(checks.get('accounts')?.status).toBe('ok');
  });

  it('fails an account with recorded certificates but no result, and only doubts one with neither', () => {
    const checks = byId({ ruleInstances: read([]), certificates: read([{ accountId: A, region: 'us-east-1', resourceId: 'c', resourceName: 'c' }]) });
    expect(checks.get(`account:${A}`)?.status).toBe('fail');
    expect(checks.get('accounts-unconfirmed')?.detail[1]).toBe(`${B}: no result of iam-server-certificate-expired`);
  });

  it('fails accounts where an organization rule failed, deleted or is missing, and reads the organization rule as failing', () => {
    const members: MemberDeploymentStatus[] = [
      { accountId: A, deployedName: undefined, status: 'CREATE_FAILED', errorCode: 'NoAvailableConfigurationRecorderException', errorMessage: 'none', updatedAt: NOW },
      { accountId: B, deployedName: undefined, status: 'DELETE_SUCCESSFUL', errorCode: undefined, errorMessage: undefined, updatedAt: NOW },
    ];
    const checks = byId({
      organizationRules: read([{ name: 'iam-server-certificate-expired', status: 'CREATE_FAILED', errorCode: undefined, errorMessage: undefined, updatedAt: NOW }]),
      organizationRuleMembers: new Map([['iam-server-certificate-expired', read(members)]]),
    });
    expect(checks.get(`account:${A}`)?.detail[0]).toBe('iam-server-certificate-expired: CREATE_FAILED: NoAvailableConfigurationRecorderException: none');
    expect(checks.get(`account:${B}`)?.detail[0]).toBe('iam-server-certificate-expired: DELETE_SUCCESSFUL');
    expect(checks.get('organization-rule:iam-server-certificate-expired')?.status).toBe('fail');
  });

  it('fails the organization rule check when its member statuses cannot be read', () => {
    const unread: Read<MemberDeploymentStatus[]> = { kind: 'failed', action: 'config:GetOrganizationConfigRuleDetailedStatus', message: 'InternalFailure' };
    const checks = byId({
      organizationRules: read([{ name: 'iam-server-certificate-expired', status: 'CREATE_SUCCESSFUL', errorCode: undefined, errorMessage: undefined, updatedAt: NOW }]),
      organizationRuleMembers: new Map([['iam-server-certificate-expired', unread]]),
    });
    expect(checks.get('organization-rule:iam-server-certificate-expired')?.status).toBe('fail');
  });

  describe('over an organization aggregator', () => {
    const ORGANIZATION = read({ kind: 'organization' as const, accountIds: [], regions: ['us-east-1' as const] });
    const organizationRule = (members: MemberDeploymentStatus[]): Partial<OrganizationFacts> => ({
      organizationRules: read([{ name: 'iam-server-certificate-expired', status: 'CREATE_SUCCESSFUL', errorCode: undefined, errorMessage: undefined, updatedAt: NOW }]),
      organizationRuleMembers: new Map([['iam-server-certificate-expired', read(members)]]),
    });
    const member = (accountId: string, deployedName: string): MemberDeploymentStatus => ({ accountId, deployedName, status: 'CREATE_SUCCESSFUL', errorCode: undefined, errorMessage: undefined, updatedAt: NOW });
    const orgRuleResults = (...accounts: string[]) => read(accounts.map((accountId) => ({ ruleName: 'OrgConfigRule-iam-server-certificate-expired-abcd1234', accountId, region: 'us-east-1' })));
    const proven = organizationRule([member(A, 'OrgConfigRule-iam-server-certificate-expired-abcd1234'), member(B, 'OrgConfigRule-iam-server-certificate-expired-abcd1234')]);

    it('fails, coverage unverified, when AWS Organizations’ account list cannot be read', () => {
      const checks = byId({ ...proven, sources: ORGANIZATION, ruleInstances: orgRuleResults(A, B), organizationAccounts: { readable: false, reason: 'AccessDeniedException: no' } });
      expect(checks.get('accounts')?.status).toBe('fail');
      expect(checks.get('accounts')?.detail[1]).toContain('coverage unverified: AccessDeniedException: no');
      expect(checks.get('accounts')?.remedy).toContain('management account or a delegated administrator');
    });

    it('fails an ACTIVE account the aggregator has nothing from, and passes when every ACTIVE account reports', () => {
      const C = '100000000003';
      const accounts = [A, B, C].map((id) => ({ id, state: 'ACTIVE' }));
      const silent = byId({ ...proven, sources: ORGANIZATION, ruleInstances: orgRuleResults(A, B), organizationAccounts: { readable: true, accounts: [...accounts, { id: '100000000009', state: 'SUSPENDED' }] } });
      expect(silent.get('accounts')?.status).toBe('fail');
      expect(silent.get(`account:${C}`)?.detail[0]).toContain('AWS Organizations lists it as ACTIVE, but the aggregator has nothing from it');
      expect(silent.has('account:100000000009')).toBe(false);
      const all = byId({ ...proven, sources: ORGANIZATION, ruleInstances: orgRuleResults(A, B), organizationAccounts: { readable: true, accounts: accounts.slice(0, 2) } });
      expect(all.get('accounts')?.status).toBe('ok');
    });

    it('does not count a rule the member statuses do not prove the deployment’s, naming the account', () => {
      const checks = byId({
        ...organizationRule([member(A, 'OrgConfigRule-iam-server-certificate-expired-abcd1234')]),
        sources: ORGANIZATION,
        ruleInstances: orgRuleResults(A, B),
        organizationAccounts: { readable: true, accounts: [A, B].map((id) => ({ id, state: 'ACTIVE' })) },
      });
      expect(checks.get('accounts')?.status).toBe('fail');
      expect(checks.has(`account:${A}`)).toBe(false);
      expect(checks.get(`account:${B}`)?.detail[0]).toContain("results of iam-server-certificate-expired only from rules not proven to be the deployment's (OrgConfigRule-iam-server-certificate-expired-abcd1234 in us-east-1)");
    });

    it('proves nothing when the member statuses cannot be read, and counts a plain name only when --rule gave it', () => {
      const denied = { kind: 'denied' as const, action: 'config:DescribeOrganizationConfigRuleStatuses', message: 'AccessDenied' };
      const plain = read([A, B].map((accountId) => ({ ruleName: 'iam-server-certificate-expired', accountId, region: 'us-east-1' })));
      const base: Partial<OrganizationFacts> = { sources: ORGANIZATION, organizationRules: denied, ruleInstances: plain, organizationAccounts: { readable: true, accounts: [A, B].map((id) => ({ id, state: 'ACTIVE' })) } };
      const unproven = byId(base);
      expect(unproven.get(`account:${A}`)?.detail[0]).toContain("the organization's rule deployments could not be read");
      expect(byId({ ...base, rulesGiven: true }).get('accounts')?.status).toBe('ok');
    });
  });
});
