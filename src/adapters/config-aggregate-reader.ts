import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  ListAggregateDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import type { AggregateCertificate, AggregateEvaluation, AggregateReader, AggregatorSources, RuleInstance, SourceStatus } from './config-aggregate-types';
import { RuleError } from '../errors';
import { TimeBudget } from '../core/time-budget';
import { collectPages } from './collect-pages';
import { SERVER_CERTIFICATE_RESOURCE_TYPE } from '../core/evaluation';


// Page sizes at each operation's documented maximum (Config API reference):
// DescribeAggregateComplianceByConfigRules Limit 0-1000; GetAggregateComplianceDetailsByConfigRule
// Limit 0-100 (default 50); ListAggregateDiscoveredResources Limit 0-100.
// https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeAggregateComplianceByConfigRules.html
// https://docs.aws.amazon.com/config/latest/APIReference/API_GetAggregateComplianceDetailsByConfigRule.html
// https://docs.aws.amazon.com/config/latest/APIReference/API_ListAggregateDiscoveredResources.html
// DescribeConfigurationAggregatorSourcesStatus Limit 0-100 ("The default is maximum").
// https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationAggregatorSourcesStatus.html
const RULES_PAGE = 1000;
const DETAILS_PAGE = 100;
const RESOURCES_PAGE = 100;
const SOURCES_STATUS_PAGE = 100;

/**
 * Reads a Config aggregator with the SDK (its standard retries included,
 * `clientSettings`). Each listing pages to the end or fails: every paged
 * operation may return an empty page with a NextToken, so paging stops only
 * on an absent token, never on an empty page.
 */
export class ConfigAggregateReader implements AggregateReader {
  public constructor(private readonly config: ConfigServiceClient) {}

  /**
   * DescribeConfigurationAggregators for the one name (ConfigurationAggregatorNames
   * takes up to 10; an unknown name is NoSuchConfigurationAggregatorException).
   * An aggregator has AccountAggregationSources (each with AccountIds and
   * AwsRegions or AllAwsRegions) or an OrganizationAggregationSource (RoleArn,
   * AwsRegions or AllAwsRegions): only the former names its accounts.
   * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationAggregators.html
   */
  public async sources(aggregator: string): Promise<AggregatorSources> {
    const answer = await this.config.send(new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: [aggregator] }));
    const found = answer.ConfigurationAggregators?.find((candidate) => candidate.ConfigurationAggregatorName === aggregator);
    if (found === undefined) throw new RuleError(`DescribeConfigurationAggregators did not describe Config aggregator ${aggregator}`);
    const organization = found.OrganizationAggregationSource;
    if (organization !== undefined) {
      return { kind: 'organization', accountIds: [], regions: organization.AllAwsRegions === true ? 'all' : [...(organization.AwsRegions ?? [])].sort() };
    }
    const sources = found.AccountAggregationSources ?? [];
    const all = sources.some((source) => source.AllAwsRegions === true);
    return {
      kind: 'accounts',
      accountIds: [...new Set(sources.flatMap((source) => source.AccountIds ?? []))].sort(),
      regions: all ? 'all' : [...new Set(sources.flatMap((source) => source.AwsRegions ?? []))].sort(),
    };
  }

  /**
   * Every source's status, one row per source and region: FAILED ("errors
   * while moving data") and OUTDATED ("the data is not the most recent") with
   * the last error code and message.
   */
  public async sourceStatuses(aggregator: string): Promise<SourceStatus[]> {
    return collectPages('DescribeConfigurationAggregatorSourcesStatus', TimeBudget.unlimited(), async (token) => {
      const page = await this.config.send(
        new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: aggregator, Limit: SOURCES_STATUS_PAGE, NextToken: token }),
      );
      const items = (page.AggregatedSourceStatusList ?? []).flatMap((source) =>
        source.SourceId === undefined
          ? []
          : [
              {
                sourceId: source.SourceId,
                region: source.AwsRegion,
                status: source.LastUpdateStatus,
                updatedAt: source.LastUpdateTime,
                errorCode: source.LastErrorCode,
                errorMessage: source.LastErrorMessage,
              },
            ],
      );
      return { items, next: page.NextToken };
    });
  }

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
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        const resourceId = qualifier?.ResourceId;
        if (resourceId === undefined || result.ComplianceType === undefined) return [];
        return [
          {
            ruleName: instance.ruleName,
            accountId: result.AccountId ?? instance.accountId,
            region: result.AwsRegion ?? instance.region,
            resourceType: qualifier?.ResourceType,
            resourceId,
            complianceType: result.ComplianceType,
            annotation: result.Annotation,
            recordedAt: result.ResultRecordedTime,
            invokedAt: result.ConfigRuleInvokedTime,
          },
        ];
      });
      return { items, next: page.NextToken };
    });
  }

  public async certificates(aggregator: string): Promise<AggregateCertificate[]> {
    return collectPages('ListAggregateDiscoveredResources', TimeBudget.unlimited(), async (token) => {
      const page = await this.config.send(
        new ListAggregateDiscoveredResourcesCommand({ ConfigurationAggregatorName: aggregator, ResourceType: SERVER_CERTIFICATE_RESOURCE_TYPE, Limit: RESOURCES_PAGE, NextToken: token }),
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
