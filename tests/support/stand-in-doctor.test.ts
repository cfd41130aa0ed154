import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigServiceClient,
  DescribeConfigRuleEvaluationStatusCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeOrganizationConfigRuleStatusesCommand,
  GetOrganizationConfigRuleDetailedStatusCommand,
  GetOrganizationConformancePackDetailedStatusCommand,
  ListDiscoveredResourcesCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { useStandInThroughSdk } from './stand-in-through-sdk';

const ACCOUNT = '123456789012';
const SDK = { maxAttempts: 1 };

/** The stand-in's doctor-facing services, through the real SDK clients. */
describe('stand-in: what doctor reads', () => {
  const { standIn, client } = useStandInThroughSdk();
  const config = () => client(() => new ConfigServiceClient(SDK));
  const logs = () => client(() => new CloudWatchLogsClient(SDK));

  describe('Config rules', () => {
    it('lists every rule in pages of 25 with NextToken, and refuses an unknown name', async () => {
      const rules = standIn().account(ACCOUNT).configRules;
      for (let index = 0; index < 30; index += 1) rules.put({ name: `rule-${String(index).padStart(2, '0')}`, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' });
      const first = await config().send(new DescribeConfigRulesCommand({}));
      const second = await config().send(new DescribeConfigRulesCommand({ NextToken: first.NextToken }));
      expect([first.ConfigRules?.length, second.ConfigRules?.length, second.NextToken]).toEqual([25, 5, undefined]);
      expect(first.ConfigRules?.[0]).toMatchObject({ ConfigRuleName: 'rule-00', ConfigRuleState: 'ACTIVE', Source: { Owner: 'CUSTOM_LAMBDA', SourceDetails: expect.arrayContaining([expect.objectContaining({ MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'TwentyFour_Hours' })]) } });
      await expect(config().send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['nope'] }))).rejects.toMatchObject({ name: 'NoSuchConfigRuleException' });
    });

    it('records a successful evaluation when PutEvaluations is accepted, and checks the status call’s limits', async () => {
      standIn().account(ACCOUNT).configRules.put({ name: 'r', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' });
      const before = await config().send(new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: ['r'] }));
      expect(before.ConfigRulesEvaluationStatus?.[0]).toMatchObject({ ConfigRuleName: 'r', FirstEvaluationStarted: false });
      expect(before.ConfigRulesEvaluationStatus?.[0]?.LastSuccessfulEvaluationTime).toBeUndefined();

      await config().send(new PutEvaluationsCommand({ ResultToken: standIn().resultTokenFor('r'), Evaluations: [] }));

      const after = await config().send(new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: ['r'] }));
      expect(after.ConfigRulesEvaluationStatus?.[0]).toMatchObject({ FirstEvaluationStarted: true, LastSuccessfulEvaluationTime: expect.any(Date) });
      await expect(config().send(new DescribeConfigRuleEvaluationStatusCommand({ Limit: 51 }))).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(config().send(new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: Array.from({ length: 26 }, (_, i) => `r${i}`) }))).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('leaves custom Lambda rules out of the status answer in the mode that models the API reference’s words', async () => {
      const rules = standIn().account(ACCOUNT).configRules;
      rules.put({ name: 'custom', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' });
      rules.put({ name: 'managed', owner: 'AWS' });
      rules.customLambdaStatus = 'omitted';
      const answer = await config().send(new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: ['custom', 'managed'] }));
      expect(answer.ConfigRulesEvaluationStatus?.map((status) => status.ConfigRuleName)).toEqual(['managed']);
    });
  });

  describe('configuration recorders', () => {
    it('describes the customer managed recorder when none is named, a service-linked one by its principal, and refuses an unknown name', async () => {
      const state = standIn().account(ACCOUNT);
      state.recorders.addServiceLinked({ name: 'AWSConfigurationRecorderForX', servicePrincipal: 'x.amazonaws.com', allSupported: false, resourceTypes: ['AWS::EC2::Instance'] });
      const all = await config().send(new DescribeConfigurationRecordersCommand({}));
      expect(all.ConfigurationRecorders).toEqual([expect.objectContaining({ name: 'default', recordingGroup: expect.objectContaining({ allSupported: true, includeGlobalResourceTypes: true }) })]);
      const linked = await config().send(new DescribeConfigurationRecordersCommand({ ServicePrincipal: 'x.amazonaws.com' }));
      expect(linked.ConfigurationRecorders?.[0]).toMatchObject({ name: 'AWSConfigurationRecorderForX', servicePrincipal: 'x.amazonaws.com', recordingScope: 'INTERNAL' });
      await expect(config().send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ['nope'] }))).rejects.toMatchObject({ name: 'NoSuchConfigurationRecorderException' });
      const status = await config().send(new DescribeConfigurationRecorderStatusCommand({}));
      expect(status.ConfigurationRecordersStatus).toEqual([expect.objectContaining({ name: 'default', recording: true, lastStatus: 'Success' })]);
    });

    it('stops listing certificates added after its recording group drops the type, and answers without a recorder as Config does', async () => {
      const state = standIn().account(ACCOUNT);
      state.setRecorder({ name: 'default', strategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedResourceTypes: ['AWS::IAM::ServerCertificate'] });
      standIn().seedCertificates([{ name: 'late', expiration: new Date(Date.now() + 86_400_000) }]);
      const listed = await config().send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::ServerCertificate' }));
      expect(listed.resourceIdentifiers).toEqual([]);

      state.setRecorder(undefined);
      expect((await config().send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).toEqual([]);
      await expect(config().send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::ServerCertificate' }))).rejects.toMatchObject({ name: 'NoAvailableConfigurationRecorderException' });
    });
  });

  describe('organization deployments', () => {
    it('pages member statuses by 100, filters them, and names the rule Config created in each member', async () => {
      const members = Array.from({ length: 150 }, (_, index) => ({ accountId: String(100000000000 + index), status: index === 7 ? ('CREATE_FAILED' as const) : ('CREATE_SUCCESSFUL' as const) }));
      standIn().account(ACCOUNT).organizationStatus.seedRule({ name: 'iam-server-certificate-expired', members });
      const overall = await config().send(new DescribeOrganizationConfigRuleStatusesCommand({}));
      expect(overall.OrganizationConfigRuleStatuses).toEqual([expect.objectContaining({ OrganizationConfigRuleName: 'iam-server-certificate-expired', OrganizationRuleStatus: 'CREATE_FAILED' })]);
      const first = await config().send(new GetOrganizationConfigRuleDetailedStatusCommand({ OrganizationConfigRuleName: 'iam-server-certificate-expired' }));
      const second = await config().send(new GetOrganizationConfigRuleDetailedStatusCommand({ OrganizationConfigRuleName: 'iam-server-certificate-expired', NextToken: first.NextToken }));
      expect([first.OrganizationConfigRuleDetailedStatus?.length, second.OrganizationConfigRuleDetailedStatus?.length]).toEqual([100, 50]);
      expect(first.OrganizationConfigRuleDetailedStatus?.[0]?.ConfigRuleName).toMatch(/^OrgConfigRule-iam-server-certificate-expired-[0-9a-f]{8}$/);
      const failed = await config().send(new GetOrganizationConfigRuleDetailedStatusCommand({ OrganizationConfigRuleName: 'iam-server-certificate-expired', Filters: { MemberAccountRuleStatus: 'CREATE_FAILED' } }));
      expect(failed.OrganizationConfigRuleDetailedStatus?.map((member) => member.AccountId)).toEqual(['100000000007']);
      await expect(config().send(new GetOrganizationConfigRuleDetailedStatusCommand({ OrganizationConfigRuleName: 'nope' }))).rejects.toMatchObject({ name: 'NoSuchOrganizationConfigRuleException' });
      await expect(config().send(new GetOrganizationConformancePackDetailedStatusCommand({ OrganizationConformancePackName: 'nope' }))).rejects.toMatchObject({ name: 'NoSuchOrganizationConformancePackException' });
      await expect(config().send(new DescribeOrganizationConfigRuleStatusesCommand({ Limit: 101 }))).rejects.toMatchObject({ name: 'InvalidLimitException' });
    });

    it('refuses every organization read from an account that is not the administrator', async () => {
      standIn().account(ACCOUNT).organizationStatus.administrator = false;
      await expect(config().send(new DescribeOrganizationConfigRuleStatusesCommand({}))).rejects.toMatchObject({ name: 'OrganizationAccessDeniedException' });
    });
  });

  describe('CloudWatch Logs FilterLogEvents', () => {
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);

    it('matches any of the ?terms, latest first when asked, within the time range, paged by limit', async () => {
      standIn()
        .account(ACCOUNT)
        .logs.put('us-east-1', '/aws/lambda/f', [
          { at: at(30), message: '{"level":"ERROR","message":"a"}' },
          { at: at(20), message: '{"level":"INFO","message":"b"}' },
          { at: at(10), message: 'x Task timed out after 3.00 seconds' },
          { at: at(5000), message: 'ERROR too old' },
        ]);
      const ask = (nextToken?: string) =>
        logs().send(
          new FilterLogEventsCommand({ logGroupName: '/aws/lambda/f', filterPattern: '?ERROR ?"Task timed out"', startTime: at(60).getTime(), endTime: Date.now(), startFromHead: false, limit: 1, ...(nextToken === undefined ? {} : { nextToken }) }),
        );
      const first = await ask();
      const second = await ask(first.nextToken);
      expect([first.events?.[0]?.message, second.events?.[0]?.message, second.nextToken]).toEqual(['x Task timed out after 3.00 seconds', '{"level":"ERROR","message":"a"}', undefined]);
    });

    it('answers a missing log group with ResourceNotFoundException, and empty pages with a token when told to', async () => {
      await expect(logs().send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/none' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
      const state = standIn().account(ACCOUNT).logs;
      state.put('us-east-1', '/aws/lambda/f', [{ at: at(1), message: 'ERROR x' }]);
      state.emptyPages = 1;
      const empty = await logs().send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/f' }));
      expect([empty.events, typeof empty.nextToken]).toEqual([[], 'string']);
      const full = await logs().send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/f', nextToken: empty.nextToken }));
      expect(full.events?.map((event) => event.message)).toEqual(['ERROR x']);
    });

    it('refuses latest-first before 2024, and a caller denied logs:FilterLogEvents', async () => {
      standIn().account(ACCOUNT).logs.put('us-east-1', '/aws/lambda/f', []);
      await expect(logs().send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/f', startFromHead: false, startTime: Date.UTC(2023, 11, 31) }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
      standIn().denyAction(ACCOUNT, 'logs:FilterLogEvents');
      await expect(logs().send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/f' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    });
  });

  describe('Security Hub DescribeHub', () => {
    it('describes the account’s hub, and answers InvalidAccessException where Security Hub is off', async () => {
      const hub = client(() => new SecurityHubClient(SDK));
      expect(await hub.send(new DescribeHubCommand({}))).toMatchObject({ HubArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default`, SubscribedAt: expect.any(String) });
      standIn().setSecurityHubEnabled(false);
      await expect(hub.send(new DescribeHubCommand({}))).rejects.toMatchObject({ name: 'InvalidAccessException', $metadata: { httpStatusCode: 401 } });
    });
  });
});
