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

  it('says an organization aggregator cannot show accounts that never sent data', () => {
    const checks = byId({ sources: read({ kind: 'organization', accountIds: [], regions: 'all' }) });
    expect(checks.get('accounts')?.detail[1]).toContain('An organization aggregator does not list the organization’s accounts');
  });
});
