import {
  ConfigServiceClient,
  DescribeOrganizationConfigRuleStatusesCommand,
  GetOrganizationConfigRuleDetailedStatusCommand,
  GetOrganizationConformancePackDetailedStatusCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigOrganizationStatus } from '../../src/adapters/config-organization-status';
import { ConfigRuleDeploymentProof } from '../../src/adapters/organization-rule-proof';

const RULE = 'iam-server-certificate-expired';
const PACK = 'iam-server-certificate-expiry';
const MEMBER = '111122223333';

describe('ConfigRuleDeploymentProof', () => {
  it('B1/B2: reads each region on its own, and asks for the deployment\'s pack by name, a region without it proving nothing', async () => {
    const mocks = new Map<string, ReturnType<typeof mockClient>>();
    const proof = new ConfigRuleDeploymentProof((region) => {
      const client = new ConfigServiceClient({ region });
      const mock = mockClient(client);
      mocks.set(region, mock);
      const deployed = region === 'us-east-1';
      mock.on(DescribeOrganizationConfigRuleStatusesCommand).resolves({ OrganizationConfigRuleStatuses: deployed ? [{ OrganizationConfigRuleName: RULE, OrganizationRuleStatus: 'CREATE_SUCCESSFUL' }] : [] });
      mock.on(GetOrganizationConfigRuleDetailedStatusCommand).resolves({ OrganizationConfigRuleDetailedStatus: [{ AccountId: MEMBER, ConfigRuleName: `OrgConfigRule-${RULE}-abc`, MemberAccountRuleStatus: 'CREATE_SUCCESSFUL' }] });
      if (deployed) mock.on(GetOrganizationConformancePackDetailedStatusCommand).resolves({ OrganizationConformancePackDetailedStatuses: [{ AccountId: MEMBER, ConformancePackName: `OrgConformsPack-${PACK}-x`, Status: 'CREATE_SUCCESSFUL' }] });
      else mock.on(GetOrganizationConformancePackDetailedStatusCommand).rejects(Object.assign(new Error('no such pack'), { name: 'NoSuchOrganizationConformancePackException' }));
      return new ConfigOrganizationStatus(client);
    });

    const read = await proof.deployments({ organizationRuleNames: [RULE], conformancePack: PACK, regions: ['eu-west-1', 'us-east-1'] });

    if (!read.readable) throw new Error(read.reason);
    expect(read.regions.get('us-east-1')).toEqual({ organizationRules: new Map([[MEMBER, new Set([`OrgConfigRule-${RULE}-abc`])]]), packAccounts: new Set([MEMBER]) });
    expect(read.regions.get('eu-west-1')).toEqual({ organizationRules: new Map(), packAccounts: new Set() });
    expect(mocks.get('us-east-1')?.commandCalls(GetOrganizationConformancePackDetailedStatusCommand).map((call) => call.args[0].input)).toEqual([
      expect.objectContaining({ OrganizationConformancePackName: PACK }),
    ]);
    for (const mock of mocks.values()) mock.reset();
  });

  it('is unreadable, naming the region, when any region refuses', async () => {
    const mocks: ReturnType<typeof mockClient>[] = [];
    const proof = new ConfigRuleDeploymentProof((region) => {
      const client = new ConfigServiceClient({ region });
      const mock = mockClient(client);
      mocks.push(mock);
      if (region === 'eu-west-1') mock.on(DescribeOrganizationConfigRuleStatusesCommand).rejects(Object.assign(new Error('not the administrator'), { name: 'OrganizationAccessDeniedException' }));
      else mock.on(DescribeOrganizationConfigRuleStatusesCommand).resolves({ OrganizationConfigRuleStatuses: [] });
      mock.on(GetOrganizationConformancePackDetailedStatusCommand).resolves({ OrganizationConformancePackDetailedStatuses: [] });
      return new ConfigOrganizationStatus(client);
    });

    const read = await proof.deployments({ organizationRuleNames: [RULE], conformancePack: PACK, regions: ['eu-west-1', 'us-east-1'] });

    expect(read).toEqual({ readable: false, reason: 'in eu-west-1: OrganizationAccessDeniedException: not the administrator' });
    for (const mock of mocks) mock.reset();
  });
});
