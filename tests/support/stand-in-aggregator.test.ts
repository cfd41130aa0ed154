import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  ListAggregateDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import { fleetAccount, fleetSeed, FLEET_RULES } from './aggregator-fleet';
import type { StandIn } from './stand-in/stand-in';
import { useStandInThroughSdk } from './stand-in-through-sdk';

const NOW = new Date('2026-11-23T12:00:00Z');

/** The stand-in's aggregate operations, through the real SDK, against the limits the Config API reference states. */
describe('stand-in Config aggregator', () => {
  const sdk = useStandInThroughSdk();
  let standIn: StandIn;
  let config: ConfigServiceClient;

  beforeAll(() => {
    standIn = sdk.standIn();
    config = sdk.client(() => new ConfigServiceClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 }));
  });
  beforeEach(() => {
    standIn.seedAggregator('org', fleetSeed({ accounts: 3, certificatesPerAccount: 60, now: NOW }));
  });

  it('pages details 50 at a time by default and filters by compliance type', async () => {
    const first = await config.send(
      new GetAggregateComplianceDetailsByConfigRuleCommand({ ConfigurationAggregatorName: 'org', ConfigRuleName: FLEET_RULES[0].name, AccountId: fleetAccount(1), AwsRegion: 'us-east-1' }),
    );
    expect(first.AggregateEvaluationResults).toHaveLength(50);
    const second = await config.send(
      new GetAggregateComplianceDetailsByConfigRuleCommand({ ConfigurationAggregatorName: 'org', ConfigRuleName: FLEET_RULES[0].name, AccountId: fleetAccount(1), AwsRegion: 'us-east-1', NextToken: first.NextToken }),
    );
    expect(second.AggregateEvaluationResults).toHaveLength(10);
    expect(second.NextToken).toBeUndefined();
    expect(second.AggregateEvaluationResults?.[0]).toEqual(expect.objectContaining({ AccountId: fleetAccount(1), AwsRegion: 'us-east-1', ResultRecordedTime: expect.any(Date) }));

    const nonCompliant = await config.send(
      new GetAggregateComplianceDetailsByConfigRuleCommand({ ConfigurationAggregatorName: 'org', ConfigRuleName: FLEET_RULES[0].name, AccountId: fleetAccount(1), AwsRegion: 'us-east-1', ComplianceType: 'NON_COMPLIANT', Limit: 100 }),
    );
    const types = nonCompliant.AggregateEvaluationResults?.map((result) => result.ComplianceType) ?? [];
    expect(types.length).toBeGreaterThan(0);
    expect(types.length).toBeLessThan(60);
    expect(new Set(types)).toEqual(new Set(['NON_COMPLIANT']));
  });

  it('refuses limits over the documented maxima, a missing account, and an unknown aggregator', async () => {
    await expect(config.send(new ListAggregateDiscoveredResourcesCommand({ ConfigurationAggregatorName: 'org', ResourceType: 'AWS::IAM::ServerCertificate', Limit: 101 }))).rejects.toMatchObject({ name: 'InvalidLimitException' });
    await expect(config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: 'org', Limit: 1001 }))).rejects.toMatchObject({ name: 'InvalidLimitException' });
    await expect(
      config.send(new GetAggregateComplianceDetailsByConfigRuleCommand({ ConfigurationAggregatorName: 'org', ConfigRuleName: 'r', AccountId: '12', AwsRegion: 'us-east-1' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: 'nope' }))).rejects.toMatchObject({ name: 'NoSuchConfigurationAggregatorException' });
  });

  it('lists one compliance entry per rule, account and region, filtered by account', async () => {
    const all = await config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: 'org' }));
    expect(all.AggregateComplianceByConfigRules).toHaveLength(6);
    const one = await config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: 'org', Filters: { AccountId: fleetAccount(2) } }));
    expect(one.AggregateComplianceByConfigRules?.map((rule) => [rule.ConfigRuleName, rule.AccountId])).toEqual(FLEET_RULES.map((rule) => [rule.name, fleetAccount(2)]));
  });

  it('refuses compliance filters other than COMPLIANT and NON_COMPLIANT on both compliance operations, as documented', async () => {
    const details = (ComplianceType: string) =>
      config.send(new GetAggregateComplianceDetailsByConfigRuleCommand({ ConfigurationAggregatorName: 'org', ConfigRuleName: FLEET_RULES[1].name, AccountId: fleetAccount(0), AwsRegion: 'us-east-1', ComplianceType: ComplianceType as 'COMPLIANT' }));
    const byRules = (ComplianceType: string) =>
      config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: 'org', Filters: { ComplianceType: ComplianceType as 'COMPLIANT' } }));
    for (const unsupported of ['NOT_APPLICABLE', 'INSUFFICIENT_DATA', 'BOGUS']) {
      await expect(details(unsupported)).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(byRules(unsupported)).rejects.toMatchObject({ name: 'ValidationException' });
    }
    // Every rule and account of the fleet has an expired certificate: all six entries are NON_COMPLIANT.
    const nonCompliant = await byRules('NON_COMPLIANT');
    expect(nonCompliant.AggregateComplianceByConfigRules?.map((rule) => rule.Compliance?.ComplianceType)).toEqual(Array.from({ length: 6 }, () => 'NON_COMPLIANT'));
    expect((await byRules('COMPLIANT')).AggregateComplianceByConfigRules).toEqual([]);
  });

  it('describes an account aggregator by its accounts and regions, an organization aggregator by its role and regions', async () => {
    standIn.seedAggregator('listed', { results: [], resources: [], accountIds: [fleetAccount(0), fleetAccount(1)], regions: ['eu-west-1', 'us-east-1'] });

    const answer = await config.send(new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: ['listed', 'org'] }));

    const [listed, org] = answer.ConfigurationAggregators ?? [];
    expect(listed).toEqual(
      expect.objectContaining({
        ConfigurationAggregatorName: 'listed',
        ConfigurationAggregatorArn: expect.stringMatching(/^arn:aws:config:us-east-1:\d{12}:config-aggregator\/config-aggregator-[a-z\d]+$/),
        AccountAggregationSources: [{ AccountIds: [fleetAccount(0), fleetAccount(1)], AllAwsRegions: false, AwsRegions: ['eu-west-1', 'us-east-1'] }],
        CreationTime: expect.any(Date),
      }),
    );
    expect(listed?.OrganizationAggregationSource).toBeUndefined();
    expect(org?.OrganizationAggregationSource).toEqual({ RoleArn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\//), AllAwsRegions: true });
    expect(org?.AccountAggregationSources).toBeUndefined();
    const all = await config.send(new DescribeConfigurationAggregatorsCommand({}));
    expect(all.ConfigurationAggregators?.map((aggregator) => aggregator.ConfigurationAggregatorName)).toEqual(['listed', 'org']);
    await expect(config.send(new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: ['nope'] }))).rejects.toMatchObject({ name: 'NoSuchConfigurationAggregatorException' });
    await expect(config.send(new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: Array.from({ length: 11 }, () => 'org') }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(config.send(new DescribeConfigurationAggregatorsCommand({ Limit: 101 }))).rejects.toMatchObject({ name: 'InvalidLimitException' });
  });

  it('lists source statuses 100 a page by default, with the error of a FAILED source, filtered by UpdateStatus', async () => {
    const listed = Array.from({ length: 150 }, (_, index) => fleetAccount(index));
    const failedAt = new Date('2026-11-22T08:00:00Z');
    standIn.seedAggregator('listed', {
      results: [],
      resources: [],
      accountIds: listed,
      regions: ['us-east-1'],
      sourceStatuses: listed.map((accountId, index) =>
        index === 7
          ? { sourceId: accountId, sourceType: 'ACCOUNT', region: 'us-east-1', status: 'FAILED', updatedAt: failedAt, errorCode: 'AuthorizationNotFoundException', errorMessage: 'not authorized' }
          : { sourceId: accountId, sourceType: 'ACCOUNT', region: 'us-east-1', status: 'SUCCEEDED' },
      ),
    });

    const first = await config.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'listed' }));
    expect(first.AggregatedSourceStatusList).toHaveLength(100);
    const second = await config.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'listed', NextToken: first.NextToken }));
    expect(second.AggregatedSourceStatusList).toHaveLength(50);
    expect(second.NextToken).toBeUndefined();

    const failed = await config.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'listed', UpdateStatus: ['FAILED', 'OUTDATED'] }));
    expect(failed.AggregatedSourceStatusList).toEqual([
      { SourceId: fleetAccount(7), SourceType: 'ACCOUNT', AwsRegion: 'us-east-1', LastUpdateStatus: 'FAILED', LastUpdateTime: failedAt, LastErrorCode: 'AuthorizationNotFoundException', LastErrorMessage: 'not authorized' },
    ]);
    await expect(config.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'listed', Limit: 101 }))).rejects.toMatchObject({ name: 'InvalidLimitException' });
    await expect(config.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'listed', UpdateStatus: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(config.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'nope' }))).rejects.toMatchObject({ name: 'NoSuchConfigurationAggregatorException' });
  });

  it("gives an organization aggregator's default status per region for the organization, an account aggregator's per account", async () => {
    const org = await config.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'org' }));
    expect(org.AggregatedSourceStatusList?.map((row) => [row.SourceType, row.SourceId, row.AwsRegion, row.LastUpdateStatus])).toEqual([['ORGANIZATION', expect.stringMatching(/^o-[a-z\d]{10,32}$/), 'us-east-1', 'SUCCEEDED']]);
    standIn.seedAggregator('listed', { results: [], resources: [], accountIds: [fleetAccount(4)] });
    const listed = await config.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'listed' }));
    expect(listed.AggregatedSourceStatusList?.map((row) => [row.SourceType, row.SourceId, row.LastUpdateStatus])).toEqual([['ACCOUNT', fleetAccount(4), 'SUCCEEDED']]);
  });

  it.each([
    [undefined, []],
    [true, [['iam-server-certificate-expired', fleetAccount(9), 'INSUFFICIENT_DATA']]],
  ])('lists a rule whose results in an account are all NOT_APPLICABLE only when told to (listsRulesWithoutCompliance %p), and answers its account-level result', async (listsRulesWithoutCompliance, listed) => {
    const accountLevel = { ruleName: 'iam-server-certificate-expired', accountId: fleetAccount(9), region: 'us-east-1', resourceType: 'AWS::::Account', resourceId: fleetAccount(9), complianceType: 'NOT_APPLICABLE' as const, recordedAt: NOW };
    standIn.seedAggregator('quiet', { results: [accountLevel], resources: [], ...(listsRulesWithoutCompliance === undefined ? {} : { listsRulesWithoutCompliance }) });

    const rules = await config.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: 'quiet' }));
    expect(rules.AggregateComplianceByConfigRules?.map((rule) => [rule.ConfigRuleName, rule.AccountId, rule.Compliance?.ComplianceType])).toEqual(listed);
    const details = await config.send(
      new GetAggregateComplianceDetailsByConfigRuleCommand({ ConfigurationAggregatorName: 'quiet', ConfigRuleName: 'iam-server-certificate-expired', AccountId: fleetAccount(9), AwsRegion: 'us-east-1' }),
    );
    expect(details.AggregateEvaluationResults?.map((result) => [result.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceType, result.ComplianceType])).toEqual([['AWS::::Account', 'NOT_APPLICABLE']]);
  });
});
