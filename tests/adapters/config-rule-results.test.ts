import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigRuleResults } from '../../src/adapters/config-rule-results';

const config = mockClient(ConfigServiceClient);

const result = (resourceId: string, resourceType = 'AWS::IAM::ServerCertificate') => ({
  EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'rule', ResourceType: resourceType, ResourceId: resourceId } },
  ComplianceType: 'NON_COMPLIANT' as const,
});

describe('ConfigRuleResults', () => {
  afterEach(() => config.reset());

  it('pages through COMPLIANT and NON_COMPLIANT results of the rule, 100 at a time', async () => {
    const requests: unknown[] = [];
    const pages = [
      { EvaluationResults: [result('a'), result('b')], NextToken: 'n1' },
      { EvaluationResults: [result('c', 'AWS::IAM::Other')], NextToken: 'n2' },
      { EvaluationResults: [result('d')] },
    ];
    config.on(GetComplianceDetailsByConfigRuleCommand).callsFake((input: object) => {
      requests.push({ ...input });
      return pages[requests.length - 1];
    });
    const recorded = await new ConfigRuleResults(new ConfigServiceClient({ region: 'us-east-1' })).compliantOrNonCompliant('rule');
    expect(recorded).toEqual([
      { resourceType: 'AWS::IAM::ServerCertificate', resourceId: 'a' },
      { resourceType: 'AWS::IAM::ServerCertificate', resourceId: 'b' },
      { resourceType: 'AWS::IAM::Other', resourceId: 'c' },
      { resourceType: 'AWS::IAM::ServerCertificate', resourceId: 'd' },
    ]);
    const base = { ConfigRuleName: 'rule', ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'], Limit: 100 };
    expect(requests).toEqual([base, { ...base, NextToken: 'n1' }, { ...base, NextToken: 'n2' }]);
  });

  it('passes a failure to read results on', async () => {
    config.on(GetComplianceDetailsByConfigRuleCommand).rejects(new Error('NoSuchConfigRuleException'));
    await expect(new ConfigRuleResults(new ConfigServiceClient({ region: 'us-east-1' })).compliantOrNonCompliant('rule')).rejects.toThrow(
      'NoSuchConfigRuleException',
    );
  });
});
