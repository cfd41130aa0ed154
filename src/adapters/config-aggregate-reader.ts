import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  ListAggregateDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import type { AggregateCertificate, AggregateEvaluation, AggregateReader, RuleInstance } from '../cli/report/aggregate-types';
import { TimeBudget } from '../core/time-budget';
import { collectPages } from './collect-pages';

const SERVER_CERTIFICATE = 'AWS::IAM::ServerCertificate';

// Page sizes at each operation's documented maximum (Config API reference):
// DescribeAggregateComplianceByConfigRules Limit 0-1000; GetAggregateComplianceDetailsByConfigRule
// Limit 0-100 (default 50); ListAggregateDiscoveredResources Limit 0-100.
// https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeAggregateComplianceByConfigRules.html
// https://docs.aws.amazon.com/config/latest/APIReference/API_GetAggregateComplianceDetailsByConfigRule.html
// https://docs.aws.amazon.com/config/latest/APIReference/API_ListAggregateDiscoveredResources.html
const RULES_PAGE = 1000;
const DETAILS_PAGE = 100;
const RESOURCES_PAGE = 100;

/**
 * Reads a Config aggregator with the SDK (its standard retries included,
 * `clientSettings`). Each listing pages to the end or fails: all three
 * operations may return an empty page with a NextToken, so paging stops only
 * on an absent token, never on an empty page.
 */
export class ConfigAggregateReader implements AggregateReader {
  public constructor(private readonly config: ConfigServiceClient) {}

  /**
   * DescribeAggregateComplianceByConfigRules lists only rules that have
   * compliance results ("Does not display rules that do not have compliance
   * results"): a rule deployed in an account but never run there is not seen.
   */
  public async ruleInstances(aggregator: string): Promise<RuleInstance[]> {
    return collectPages('DescribeAggregateComplianceByConfigRules', TimeBudget.unlimited(), async (token) => {
      const page = await this.config.send(
        new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: aggregator, Limit: RULES_PAGE, NextToken: token }),
      );
      const items = (page.AggregateComplianceByConfigRules ?? []).flatMap((rule) =>
        rule.ConfigRuleName && rule.AccountId && rule.AwsRegion ? [{ ruleName: rule.ConfigRuleName, accountId: rule.AccountId, region: rule.AwsRegion }] : [],
      );
      return { items, next: page.NextToken };
    });
  }

  /** GetAggregateComplianceDetailsByConfigRule requires one AccountId and one AwsRegion per call. */
  public async evaluations(aggregator: string, instance: RuleInstance): Promise<AggregateEvaluation[]> {
    return collectPages('GetAggregateComplianceDetailsByConfigRule', TimeBudget.unlimited(), async (token) => {
      const page = await this.config.send(
        new GetAggregateComplianceDetailsByConfigRuleCommand({
          ConfigurationAggregatorName: aggregator,
          ConfigRuleName: instance.ruleName,
          AccountId: instance.accountId,
          AwsRegion: instance.region,
          Limit: DETAILS_PAGE,
          NextToken: token,
        }),
      );
      const items = (page.AggregateEvaluationResults ?? []).flatMap((result) => {
        const resourceId = result.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId;
        if (resourceId === undefined || result.ComplianceType === undefined) return [];
        return [
          {
            ruleName: instance.ruleName,
            accountId: result.AccountId ?? instance.accountId,
            region: result.AwsRegion ?? instance.region,
            resourceId,
            complianceType: result.ComplianceType,
            annotation: result.Annotation,
            recordedAt: result.ResultRecordedTime,
          },
        ];
      });
      return { items, next: page.NextToken };
    });
  }

  public async certificates(aggregator: string): Promise<AggregateCertificate[]> {
    return collectPages('ListAggregateDiscoveredResources', TimeBudget.unlimited(), async (token) => {
      const page = await this.config.send(
        new ListAggregateDiscoveredResourcesCommand({ ConfigurationAggregatorName: aggregator, ResourceType: SERVER_CERTIFICATE, Limit: RESOURCES_PAGE, NextToken: token }),
      );
      const items = (page.ResourceIdentifiers ?? []).flatMap((resource) =>
        resource.SourceAccountId && resource.SourceRegion && resource.ResourceId
          ? [{ accountId: resource.SourceAccountId, region: resource.SourceRegion, resourceId: resource.ResourceId, resourceName: resource.ResourceName }]
          : [],
      );
      return { items, next: page.NextToken };
    });
  }
}
