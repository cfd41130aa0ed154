import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
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

  it('asks for one rule, account and region at a time, 100 results a page', async () => {
    const requests: Record<string, unknown>[] = [];
    const recorded = new Date('2026-11-20T00:00:00Z');
    config.on(GetAggregateComplianceDetailsByConfigRuleCommand).callsFake((input: Record<string, unknown>) => {
      requests.push(input);
      return requests.length === 1
        ? { AggregateEvaluationResults: [{ EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceId: 'ASCA1' } }, ComplianceType: 'NON_COMPLIANT', Annotation: 'a', ResultRecordedTime: recorded }], NextToken: 'n' }
        : { AggregateEvaluationResults: [{ EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceId: 'ASCA2' } }, ComplianceType: 'COMPLIANT' }] };
    });

    const results = await reader().evaluations('org', { ruleName: 'rule-x', accountId: '111111111111', region: 'eu-west-1' });

    expect(results.map((result) => [result.resourceId, result.complianceType, result.annotation, result.recordedAt, result.accountId, result.region])).toEqual([
      ['ASCA1', 'NON_COMPLIANT', 'a', recorded, '111111111111', 'eu-west-1'],
      ['ASCA2', 'COMPLIANT', undefined, undefined, '111111111111', 'eu-west-1'],
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

  it('uses exactly the actions the documented policy grants', async () => {
    config.on(DescribeAggregateComplianceByConfigRulesCommand).resolves({});
    config.on(GetAggregateComplianceDetailsByConfigRuleCommand).resolves({});
    config.on(ListAggregateDiscoveredResourcesCommand).resolves({});
    const instance = reader();
    await instance.ruleInstances('org');
    await instance.evaluations('org', { ruleName: 'r', accountId: '111111111111', region: 'us-east-1' });
    await instance.certificates('org');

    const used = config.calls().map((call) => `config:${(call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, '')}`);
    expect([...new Set(used)].sort()).toEqual([...AGGREGATE_REPORT_ACTIONS].sort());
  });
});
