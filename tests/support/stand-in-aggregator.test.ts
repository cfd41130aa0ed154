import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  ListAggregateDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import { fleetAccount, fleetSeed, FLEET_RULES } from './aggregator-fleet';
import { StandIn } from './stand-in/stand-in';

const NOW = new Date('2026-11-23T12:00:00Z');

/** The stand-in's aggregate operations, through the real SDK, against the limits the Config API reference states. */
describe('stand-in Config aggregator', () => {
  let standIn: StandIn;
  let config: ConfigServiceClient;

  beforeAll(async () => {
    standIn = await StandIn.start();
    config = new ConfigServiceClient({ region: 'us-east-1', endpoint: standIn.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    config.destroy();
    await standIn.stop();
  });
  beforeEach(() => {
    standIn.reset();
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
});
