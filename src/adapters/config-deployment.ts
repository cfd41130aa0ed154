import {
  ConfigServiceClient,
  DescribeConfigRuleEvaluationStatusCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  NoSuchConfigurationRecorderException,
  type ConfigRule,
  type ConfigRuleEvaluationStatus,
} from '@aws-sdk/client-config-service';
import { TimeBudget } from '../core/time-budget';
import { collectPages } from './collect-pages';

/** One Config rule as DescribeConfigRules describes it, reduced to what a health check reads. */
export interface DeployedRule {
  readonly name: string;
  readonly arn: string | undefined;
  /** `ACTIVE`, `EVALUATING`, `DELETING` or `DELETING_RESULTS` (ConfigRule.ConfigRuleState). */
  readonly state: string | undefined;
  /** `CUSTOM_LAMBDA`, `AWS` or `CUSTOM_POLICY` (Source.Owner). */
  readonly owner: string | undefined;
  /** For a custom Lambda rule, the function's ARN (Source.SourceIdentifier). */
  readonly functionArn: string | undefined;
  /** Whether a `ScheduledNotification` source detail makes Config run it periodically. */
  readonly periodic: boolean;
  /** Whether configuration changes trigger it (a `ConfigurationItemChangeNotification` source detail). */
  readonly changeTriggered: boolean;
  /** `One_Hour` … `TwentyFour_Hours`, as the rule or its periodic source detail says; `undefined`: Config's default. */
  readonly frequency: string | undefined;
  /** Scope.ComplianceResourceTypes; empty when the rule is not scoped by type. */
  readonly resourceTypes: readonly string[];
  /** The rule's parameters, a JSON object as a string, as Config stores them. */
  readonly inputParameters: string | undefined;
  /** The service that created a service-linked rule (conformance packs, organization rules), if any. */
  readonly createdBy: string | undefined;
}

/** What DescribeConfigRuleEvaluationStatus says about one rule's runs. */
export interface RuleEvaluationStatus {
  readonly ruleName: string;
  readonly lastSuccessfulInvocation: Date | undefined;
  readonly lastFailedInvocation: Date | undefined;
  readonly lastSuccessfulEvaluation: Date | undefined;
  readonly lastFailedEvaluation: Date | undefined;
  readonly firstActivated: Date | undefined;
  readonly lastErrorCode: string | undefined;
  readonly lastErrorMessage: string | undefined;
  /** "Whether Config has evaluated your resources against the rule at least once". */
  readonly firstEvaluationStarted: boolean | undefined;
}

/** One configuration recorder's recording group, as DescribeConfigurationRecorders gives it. */
export interface RecorderDescription {
  readonly name: string;
  /** Set for a service-linked recorder (one another AWS service created for its own use). */
  readonly servicePrincipal: string | undefined;
  readonly allSupported: boolean | undefined;
  readonly includeGlobalResourceTypes: boolean | undefined;
  /** RecordingGroup.resourceTypes: the types recorded under INCLUSION_BY_RESOURCE_TYPES. */
  readonly resourceTypes: readonly string[];
  /** RecordingGroup.exclusionByResourceTypes.resourceTypes. */
  readonly excludedResourceTypes: readonly string[];
  /** RecordingStrategy.useOnly: ALL_SUPPORTED_RESOURCE_TYPES, INCLUSION_BY_RESOURCE_TYPES or EXCLUSION_BY_RESOURCE_TYPES. */
  readonly strategy: string | undefined;
}

/** One configuration recorder's state, as DescribeConfigurationRecorderStatus gives it. */
export interface RecorderState {
  readonly name: string;
  readonly recording: boolean | undefined;
  /** `Pending`, `Success` or `Failure`: the status of the latest recording event. */
  readonly lastStatus: string | undefined;
  readonly lastErrorCode: string | undefined;
  readonly lastErrorMessage: string | undefined;
  readonly lastStatusChange: Date | undefined;
}

// DescribeConfigRuleEvaluationStatus: ConfigRuleNames 0 to 25 names, Limit 0 to 50
// (https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigRuleEvaluationStatus.html).
export const EVALUATION_STATUS_NAMES_PER_CALL = 25;
const EVALUATION_STATUS_PAGE = 50;

/**
 * Reads how the account's Config rules and recorder are set up and how they
 * ran: DescribeConfigRules, DescribeConfigRuleEvaluationStatus,
 * DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus
 * (Config API reference). Every listing pages to its end or fails.
 */
export class ConfigDeployment {
  public constructor(private readonly config: ConfigServiceClient) {}

  /**
   * Every rule of the account and region. Without names, DescribeConfigRules
   * "returns details for all your rules", page by page (NextToken): names are
   * not asked for, because an unknown name fails the whole call
   * (NoSuchConfigRuleException) and Config renames the rules it deploys for
   * an organization (deployed-rule-names.ts).
   */
  public async rules(): Promise<DeployedRule[]> {
    return collectPages('DescribeConfigRules', TimeBudget.unlimited(), async (token) => {
      const page = await this.config.send(new DescribeConfigRulesCommand({ NextToken: token }));
      return { items: (page.ConfigRules ?? []).flatMap(deployedRule), next: page.NextToken };
    });
  }

  /**
   * The evaluation status of the named rules, 25 names a call. The API
   * reference says the operation "does not return status information about
   * Config Custom Lambda rules" (ConfigRuleEvaluationStatus): a rule may be
   * missing from the answer, which the caller must not read as healthy.
   */
  public async evaluationStatuses(ruleNames: readonly string[]): Promise<RuleEvaluationStatus[]> {
    const statuses: RuleEvaluationStatus[] = [];
    for (let start = 0; start < ruleNames.length; start += EVALUATION_STATUS_NAMES_PER_CALL) {
      const names = ruleNames.slice(start, start + EVALUATION_STATUS_NAMES_PER_CALL);
      const pages = await collectPages('DescribeConfigRuleEvaluationStatus', TimeBudget.unlimited(), async (token) => {
        const page = await this.config.send(
          new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: names, Limit: EVALUATION_STATUS_PAGE, NextToken: token }),
        );
        return { items: (page.ConfigRulesEvaluationStatus ?? []).flatMap(evaluationStatus), next: page.NextToken };
      });
      statuses.push(...pages);
    }
    return statuses;
  }

  /**
   * The customer managed configuration recorder, if the account has one:
   * without a name the operation "returns details for the customer managed
   * configuration recorder configured for the account, if applicable"
   * (DescribeConfigurationRecorders). Config rules evaluate what that
   * recorder records; a service-linked recorder records for its service.
   */
  public async recorders(): Promise<RecorderDescription[]> {
    const answer = await noneWithoutRecorder(() => this.config.send(new DescribeConfigurationRecordersCommand({})));
    return (answer?.ConfigurationRecorders ?? []).map((recorder) => ({
      name: recorder.name ?? '(unnamed)',
      servicePrincipal: recorder.servicePrincipal,
      allSupported: recorder.recordingGroup?.allSupported,
      includeGlobalResourceTypes: recorder.recordingGroup?.includeGlobalResourceTypes,
      resourceTypes: [...(recorder.recordingGroup?.resourceTypes ?? [])],
      excludedResourceTypes: [...(recorder.recordingGroup?.exclusionByResourceTypes?.resourceTypes ?? [])],
      strategy: recorder.recordingGroup?.recordingStrategy?.useOnly,
    }));
  }

  /** The customer managed recorder's state (DescribeConfigurationRecorderStatus without a name). */
  public async recorderStates(): Promise<RecorderState[]> {
    const answer = await noneWithoutRecorder(() => this.config.send(new DescribeConfigurationRecorderStatusCommand({})));
    return (answer?.ConfigurationRecordersStatus ?? []).map((status) => ({
      name: status.name ?? '(unnamed)',
      recording: status.recording,
      lastStatus: status.lastStatus,
      lastErrorCode: status.lastErrorCode,
      lastErrorMessage: status.lastErrorMessage,
      lastStatusChange: status.lastStatusChangeTime,
    }));
  }
}

/** An account without a recorder may answer with an empty list or with NoSuchConfigurationRecorderException: `undefined` for the latter. */
async function noneWithoutRecorder<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NoSuchConfigurationRecorderException) return undefined;
    throw error;
  }
}

function deployedRule(rule: ConfigRule): DeployedRule[] {
  if (rule.ConfigRuleName === undefined) return [];
  const details = rule.Source?.SourceDetails ?? [];
  const periodic = details.find((detail) => detail.MessageType === 'ScheduledNotification');
  return [
    {
      name: rule.ConfigRuleName,
      arn: rule.ConfigRuleArn,
      state: rule.ConfigRuleState,
      owner: rule.Source?.Owner,
      functionArn: rule.Source?.Owner === 'CUSTOM_LAMBDA' ? rule.Source.SourceIdentifier : undefined,
      periodic: periodic !== undefined,
      changeTriggered: details.some((detail) => detail.MessageType === 'ConfigurationItemChangeNotification'),
      frequency: periodic?.MaximumExecutionFrequency ?? rule.MaximumExecutionFrequency,
      resourceTypes: [...(rule.Scope?.ComplianceResourceTypes ?? [])],
      inputParameters: rule.InputParameters,
      createdBy: rule.CreatedBy,
    },
  ];
}

function evaluationStatus(status: ConfigRuleEvaluationStatus): RuleEvaluationStatus[] {
  if (status.ConfigRuleName === undefined) return [];
  return [
    {
      ruleName: status.ConfigRuleName,
      lastSuccessfulInvocation: status.LastSuccessfulInvocationTime,
      lastFailedInvocation: status.LastFailedInvocationTime,
      lastSuccessfulEvaluation: status.LastSuccessfulEvaluationTime,
      lastFailedEvaluation: status.LastFailedEvaluationTime,
      firstActivated: status.FirstActivatedTime,
      lastErrorCode: status.LastErrorCode,
      lastErrorMessage: status.LastErrorMessage,
      firstEvaluationStarted: status.FirstEvaluationStarted,
    },
  ];
}
