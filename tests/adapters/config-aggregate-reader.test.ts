import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  ListAggregateDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigAggregateReader } from '../../src/adapters/config-aggregate-reader';
import { AGGREGATE_REPORT_ACTIONS } from '../../src/cli/required-actions';

const config = mockClient(ConfigServiceClient);
const reader = (): ConfigAggregateReader => new ConfigAggregateReader(new ConfigServiceClient({ region: 'us-east-1' }));

describe('ConfigAggregateReader', () => {
  afterEach(() => config.reset());

  it('pages the rule listing 1,000 at a time, through an empty page that carries a token', async () => {
    const requests: Record<string, unknown>[] = [];
    const pages = [
      { AggregateComplianceByConfigRules: [{ ConfigRuleName: 'r', AccountId: '111111111111', AwsRegion: 'us-east-1' }], NextToken: 't1' },
      { AggregateComplianceByConfigRules: [], NextToken: 't2' },
      { AggregateComplianceByConfigRules: [{ ConfigRuleName: 'r', AccountId: '222222222222', AwsRegion: 'eu-west-1' }, { ConfigRuleName: 'incomplete' }] },
    ];
    config.on(DescribeAggregateComplianceByConfigRulesCommand).callsFake((input: Record<string, unknown>) => {
      requests.push(input);
      return pages[requests.length - 1];
    });

    await expect(reader().ruleInstances('org')).resolves.toEqual([
      { ruleName: 'r', accountId: '111111111111', region: 'us-east-1' },
      { ruleName: 'r', accountId: '222222222222', region: 'eu-west-1' },
    ]);
    expect(requests.map((request) => [request['ConfigurationAggregatorName'], request['Limit'], request['NextToken']])).toEqual([
      ['org', 1000, undefined],
      ['org', 1000, 't1'],
      ['org', 1000, 't2'],
    ]);
  });

  it('asks for one rule, account and region at a time, 100 results a page, keeping each result\'s resource type and times', async () => {
    const requests: Record<string, unknown>[] = [];
    const recorded = new Date('2026-11-20T00:00:00Z');
    const invoked = new Date('2026-11-19T23:59:58Z');
    config.on(GetAggregateComplianceDetailsByConfigRuleCommand).callsFake((input: Record<string, unknown>) => {
      requests.push(input);
      return requests.length === 1
        ? {
            AggregateEvaluationResults: [
              {
                EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceId: 'ASCA1', ResourceType: 'AWS::IAM::ServerCertificate' } },
                ComplianceType: 'NON_COMPLIANT',
                Annotation: 'a',
                ResultRecordedTime: recorded,
                ConfigRuleInvokedTime: invoked,
              },
            ],
            NextToken: 'n',
          }
        : {
            AggregateEvaluationResults: [
              { EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceId: 'ASCA2' } }, ComplianceType: 'COMPLIANT' },
              // The rule's account-level result in an account without certificates.
              { EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceId: '111111111111', ResourceType: 'AWS::::Account' } }, ComplianceType: 'NOT_APPLICABLE' },
            ],
          };
    });

    const results = await reader().evaluations('org', { ruleName: 'rule-x', accountId: '111111111111', region: 'eu-west-1' });

    expect(results.map((result) => [result.resourceType, result.resourceId, result.complianceType, result.annotation, result.recordedAt, result.invokedAt, result.accountId, result.region])).toEqual([
      ['AWS::IAM::ServerCertificate', 'ASCA1', 'NON_COMPLIANT', 'a', recorded, invoked, '111111111111', 'eu-west-1'],
      [undefined, 'ASCA2', 'COMPLIANT', undefined, undefined, undefined, '111111111111', 'eu-west-1'],
      ['AWS::::Account', '111111111111', 'NOT_APPLICABLE', undefined, undefined, undefined, '111111111111', 'eu-west-1'],
    ]);
    expect(requests[1]).toEqual({ ConfigurationAggregatorName: 'org', ConfigRuleName: 'rule-x', AccountId: '111111111111', AwsRegion: 'eu-west-1', Limit: 100, NextToken: 'n' });
  });

  it('lists recorded server certificates 100 a page, and fails instead of coming back short', async () => {
    config.on(ListAggregateDiscoveredResourcesCommand).resolvesOnce({
      ResourceIdentifiers: [{ SourceAccountId: '111111111111', SourceRegion: 'us-east-1', ResourceId: 'ASCA1', ResourceName: 'www', ResourceType: 'AWS::IAM::ServerCertificate' }],
      NextToken: 'same',
    }).resolves({ ResourceIdentifiers: [], NextToken: 'same' });

    await expect(reader().certificates('org')).rejects.toThrow(/ListAggregateDiscoveredResources/);
    expect(config.commandCalls(ListAggregateDiscoveredResourcesCommand)[0]?.args[0].input).toEqual({ ConfigurationAggregatorName: 'org', ResourceType: 'AWS::IAM::ServerCertificate', Limit: 100, NextToken: undefined });
  });

  it("describes an account aggregator by its accounts and regions, an organization aggregator by its regions only", async () => {
    config
      .on(DescribeConfigurationAggregatorsCommand)
      .resolvesOnce({
        ConfigurationAggregators: [
          {
            ConfigurationAggregatorName: 'org',
            AccountAggregationSources: [{ AccountIds: ['222222222222', '111111111111'], AwsRegions: ['us-east-1'] }, { AccountIds: ['111111111111'], AwsRegions: ['eu-west-1'] }],
          },
        ],
      })
      .resolvesOnce({ ConfigurationAggregators: [{ ConfigurationAggregatorName: 'org', OrganizationAggregationSource: { RoleArn: 'arn:aws:iam::111111111111:role/r', AllAwsRegions: true } }] })
      .resolvesOnce({ ConfigurationAggregators: [] });

    await expect(reader().sources('org')).resolves.toEqual({ kind: 'accounts', accountIds: ['111111111111', '222222222222'], regions: ['eu-west-1', 'us-east-1'] });
    await expect(reader().sources('org')).resolves.toEqual({ kind: 'organization', accountIds: [], regions: 'all' });
    await expect(reader().sources('org')).rejects.toThrow(/did not describe Config aggregator org/);
    expect(config.commandCalls(DescribeConfigurationAggregatorsCommand)[0]?.args[0].input).toEqual({ ConfigurationAggregatorNames: ['org'] });
  });

  it('pages the sources status 100 at a time and keeps each failure with its error', async () => {
    const failedAt = new Date('2026-11-22T08:00:00Z');
    config
      .on(DescribeConfigurationAggregatorSourcesStatusCommand)
      .resolvesOnce({ AggregatedSourceStatusList: [{ SourceId: '111111111111', SourceType: 'ACCOUNT', AwsRegion: 'us-east-1', LastUpdateStatus: 'SUCCEEDED' }], NextToken: 'p2' })
      .resolvesOnce({
        AggregatedSourceStatusList: [
          { SourceId: '222222222222', SourceType: 'ACCOUNT', AwsRegion: 'us-east-1', LastUpdateStatus: 'FAILED', LastUpdateTime: failedAt, LastErrorCode: 'AccessDenied', LastErrorMessage: 'no' },
          { SourceType: 'ACCOUNT', LastUpdateStatus: 'FAILED' },
        ],
      });

    const statuses = await reader().sourceStatuses('org');

    expect(statuses.map((status) => [status.sourceId, status.status, status.errorCode, status.errorMessage, status.updatedAt])).toEqual([
      ['111111111111', 'SUCCEEDED', undefined, undefined, undefined],
      ['222222222222', 'FAILED', 'AccessDenied', 'no', failedAt],
    ]);
    expect(config.commandCalls(DescribeConfigurationAggregatorSourcesStatusCommand).map((call) => call.args[0].input)).toEqual([
      { ConfigurationAggregatorName: 'org', Limit: 100, NextToken: undefined },
      { ConfigurationAggregatorName: 'org', Limit: 100, NextToken: 'p2' },
    ]);
  });

  it('uses exactly the actions the documented policy grants', async () => {
    config.on(DescribeConfigurationAggregatorsCommand).resolves({ ConfigurationAggregators: [{ ConfigurationAggregatorName: 'org' }] });
    config.on(DescribeConfigurationAggregatorSourcesStatusCommand).resolves({});
    config.on(DescribeAggregateComplianceByConfigRulesCommand).resolves({});
    config.on(GetAggregateComplianceDetailsByConfigRuleCommand).resolves({});
    config.on(ListAggregateDiscoveredResourcesCommand).resolves({});
    const instance = reader();
    await instance.sources('org');
    await instance.sourceStatuses('org');
    await instance.ruleInstances('org');
    await instance.evaluations('org', { ruleName: 'r', accountId: '111111111111', region: 'us-east-1' });
    await instance.certificates('org');

    const used = config.calls().map((call) => `config:${(call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, '')}`);
    expect([...new Set(used)].sort()).toEqual([...AGGREGATE_REPORT_ACTIONS].sort());
  });
});
