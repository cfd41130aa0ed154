import { createHash } from 'node:crypto';
import { epochSeconds } from './config-json';
import { ServiceError } from './reply';

/** A Config rule as a test deploys it (what PutConfigRule would have been given). */
export interface ConfigRuleSeed {
  readonly name: string;
  /** Default `CUSTOM_LAMBDA`. */
  readonly owner?: 'CUSTOM_LAMBDA' | 'AWS' | 'CUSTOM_POLICY';
  /** Source.SourceIdentifier: the function's ARN for a custom Lambda rule. */
  readonly functionArn?: string;
  /** InputParameters: an object (stored as its JSON) or the JSON string itself. */
  readonly inputParameters?: Readonly<Record<string, string>> | string;
  /** Default true: a ScheduledNotification source detail. */
  readonly periodic?: boolean;
  /** Default true: ConfigurationItemChangeNotification and OversizedConfigurationItemChangeNotification source details. */
  readonly changeTriggered?: boolean;
  /** MaximumExecutionFrequency of the periodic source detail; default TwentyFour_Hours. */
  readonly frequency?: string;
  /** Scope.ComplianceResourceTypes; default AWS::IAM::ServerCertificate. */
  readonly resourceTypes?: readonly string[];
  /** Default ACTIVE. */
  readonly state?: 'ACTIVE' | 'EVALUATING' | 'DELETING' | 'DELETING_RESULTS';
  /** CreatedBy: the service principal of a service-linked rule (config-conforms.amazonaws.com, config-multiaccountsetup.amazonaws.com). */
  readonly createdBy?: string;
  /** When the rule was created (its FirstActivatedTime); default now. */
  readonly activatedAt?: Date;
  /** Its evaluation status so far; default: never ran. */
  readonly status?: RuleStatusSeed;
}

/** A rule's evaluation status, as DescribeConfigRuleEvaluationStatus reports it (Config API reference, ConfigRuleEvaluationStatus). */
export interface RuleStatusSeed {
  readonly lastSuccessfulInvocation?: Date;
  readonly lastFailedInvocation?: Date;
  readonly lastSuccessfulEvaluation?: Date;
  readonly lastFailedEvaluation?: Date;
  readonly lastErrorCode?: string;
  readonly lastErrorMessage?: string;
  readonly firstEvaluationStarted?: boolean;
}

interface StoredRule {
  readonly seed: ConfigRuleSeed;
  readonly id: string;
  readonly arn: string;
  readonly activatedAt: Date;
  status: RuleStatusSeed;
}

/**
 * Whether DescribeConfigRuleEvaluationStatus answers for custom Lambda rules.
 * Its API reference says the operation "does not return status information
 * about Config Custom Lambda rules" (ConfigRuleEvaluationStatus), yet the
 * console shows such rules' last invocation: AWS's behaviour is not known, so
 * both are modelled. `'returned'` (default): they are in the answer like any
 * rule; `'omitted'`: they are left out of it, without an error.
 */
export type CustomLambdaStatusMode = 'returned' | 'omitted';

// DescribeConfigRules: ConfigRuleNames 0 to 25 (Config API reference). The reference gives no
// page size for the whole list; the stand-in pages by 25 so that callers must follow NextToken.
const RULE_NAMES_MAX = 25;
const RULES_PAGE = 25;
// DescribeConfigRuleEvaluationStatus: ConfigRuleNames 0 to 25, Limit 0 to 50 (Config API reference).
const STATUS_NAMES_MAX = 25;
const STATUS_PAGE_MAX = 50;

const validation = (message: string): ServiceError => new ServiceError('ValidationException', message);

/** One account's Config rules and their evaluation status. */
export class ConfigRuleStore {
  private readonly rules = new Map<string, StoredRule>();
  public customLambdaStatus: CustomLambdaStatusMode = 'returned';

  public constructor(private readonly accountId: string) {}

  /** Creates or replaces a rule; returns its ARN. */
  public put(seed: ConfigRuleSeed): string {
    // ConfigRuleId: "config-rule-" and 6 lowercase alphanumerics, as Config's example events show (config-rule-0123456 style).
    const id = `config-rule-${createHash('sha256').update(`${this.accountId}/${seed.name}`).digest('hex').slice(0, 6)}`;
    const arn = `arn:aws:config:us-east-1:${this.accountId}:config-rule/${id}`;
    this.rules.set(seed.name, { seed, id, arn, activatedAt: seed.activatedAt ?? new Date(), status: { ...seed.status } });
    return arn;
  }

  /** A rule by name. */
  public has(name: string): boolean {
    return this.rules.has(name);
  }

  /** What Config hands a rule's function about the rule (the event's `configRuleArn`, `configRuleId`, `ruleParameters`); `undefined` for no such rule. */
  public invocationFields(name: string): { readonly arn: string; readonly id: string; readonly inputParameters: string | undefined } | undefined {
    const rule = this.rules.get(name);
    return rule === undefined ? undefined : { arn: rule.arn, id: rule.id, inputParameters: inputParametersOf(rule.seed) };
  }

  /**
   * A PutEvaluations with this rule's result token was accepted: "The time
   * that Config last successfully evaluated your AWS resources against the
   * rule" (ConfigRuleEvaluationStatus.LastSuccessfulEvaluationTime), and the
   * rule has now been evaluated at least once (FirstEvaluationStarted).
   * A token for a rule that was never put changes nothing.
   */
  public recordEvaluation(ruleName: string, at: Date): void {
    const rule = this.rules.get(ruleName);
    if (rule !== undefined) rule.status = { ...rule.status, lastSuccessfulEvaluation: at, firstEvaluationStarted: true };
  }

  /**
   * Config invoked the rule's function: LastSuccessfulInvocationTime, or on
   * a failure LastFailedInvocationTime with LastErrorCode and LastErrorMessage
   * (what a test's harness reports for an invocation it made as Config would).
   */
  public recordInvocation(ruleName: string, at: Date, failure?: { readonly code: string; readonly message: string }): void {
    const rule = this.rules.get(ruleName);
    if (rule === undefined) return;
    rule.status =
      failure === undefined
        ? { ...rule.status, lastSuccessfulInvocation: at }
        : { ...rule.status, lastFailedInvocation: at, lastErrorCode: failure.code, lastErrorMessage: failure.message };
  }

  public clear(): void {
    this.rules.clear();
    this.customLambdaStatus = 'returned';
  }

  /** DescribeConfigRules and DescribeConfigRuleEvaluationStatus; `undefined` for any other operation. */
  public run(operation: string, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
    if (operation === 'DescribeConfigRules') return this.describeRules(body, paginate);
    if (operation === 'DescribeConfigRuleEvaluationStatus') return this.describeStatus(body, paginate);
    return undefined;
  }

  private named(body: Readonly<Record<string, unknown>>, max: number): StoredRule[] {
    const names = body['ConfigRuleNames'];
    if (names === undefined || (Array.isArray(names) && names.length === 0)) return [...this.rules.values()];
    if (!Array.isArray(names)) throw validation("1 validation error detected: Value at 'configRuleNames' failed to satisfy constraint: Member must be a list");
    if (names.length > max) throw validation(`1 validation error detected: Value at 'configRuleNames' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
    return names.map((name) => {
      const rule = typeof name === 'string' ? this.rules.get(name) : undefined;
      if (rule === undefined) throw noSuchConfigRule(name);
      return rule;
    });
  }

  private describeRules(body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
    const { page, nextToken } = paginate(this.named(body, RULE_NAMES_MAX), body['NextToken'], RULES_PAGE);
    return { ConfigRules: page.map((rule) => ruleShape(rule)), ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
  }

  private describeStatus(body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
    const limit = body['Limit'] ?? 0;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > STATUS_PAGE_MAX) {
      throw validation(`1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${STATUS_PAGE_MAX}`);
    }
    const rules = this.named(body, STATUS_NAMES_MAX).filter((rule) => this.customLambdaStatus === 'returned' || (rule.seed.owner ?? 'CUSTOM_LAMBDA') !== 'CUSTOM_LAMBDA');
    const { page, nextToken } = paginate(rules, body['NextToken'], limit === 0 ? STATUS_PAGE_MAX : limit);
    return { ConfigRulesEvaluationStatus: page.map((rule) => statusShape(rule)), ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
  }
}

/** An unknown rule name fails the whole call (Config API reference, NoSuchConfigRuleException). */
export function noSuchConfigRule(name: unknown): ServiceError {
  return new ServiceError('NoSuchConfigRuleException', `The ConfigRule '${String(name)}' provided in the request is invalid. Please check the configRule name.`);
}

/** A rule's InputParameters as Config stores them: the JSON text. */
function inputParametersOf(seed: ConfigRuleSeed): string | undefined {
  return typeof seed.inputParameters === 'string' ? seed.inputParameters : seed.inputParameters === undefined ? undefined : JSON.stringify(seed.inputParameters);
}

/** Pages a list with Config's NextToken (config-service.ts supplies it). */
type Paginate = <T>(items: readonly T[], token: unknown, limit: number) => { page: T[]; nextToken: string | undefined };

function ruleShape(rule: StoredRule): unknown {
  const { seed } = rule;
  const owner = seed.owner ?? 'CUSTOM_LAMBDA';
  const details = [
    ...((seed.periodic ?? true) ? [{ EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: seed.frequency ?? 'TwentyFour_Hours' }] : []),
    ...((seed.changeTriggered ?? true)
      ? [
          { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
          { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
        ]
      : []),
  ];
  const parameters = inputParametersOf(seed);
  return {
    ConfigRuleName: seed.name,
    ConfigRuleArn: rule.arn,
    ConfigRuleId: rule.id,
    Scope: { ComplianceResourceTypes: [...(seed.resourceTypes ?? ['AWS::IAM::ServerCertificate'])] },
    Source: { Owner: owner, ...(seed.functionArn === undefined ? {} : { SourceIdentifier: seed.functionArn }), SourceDetails: details },
    ...(parameters === undefined ? {} : { InputParameters: parameters }),
    ConfigRuleState: seed.state ?? 'ACTIVE',
    ...(seed.createdBy === undefined ? {} : { CreatedBy: seed.createdBy }),
    EvaluationModes: [{ Mode: 'DETECTIVE' }],
  };
}

function statusShape(rule: StoredRule): unknown {
  const { status } = rule;
  const time = (name: string, date: Date | undefined) => (date === undefined ? {} : { [name]: epochSeconds(date) });
  return {
    ConfigRuleName: rule.seed.name,
    ConfigRuleArn: rule.arn,
    ConfigRuleId: rule.id,
    ...time('LastSuccessfulInvocationTime', status.lastSuccessfulInvocation),
    ...time('LastFailedInvocationTime', status.lastFailedInvocation),
    ...time('LastSuccessfulEvaluationTime', status.lastSuccessfulEvaluation),
    ...time('LastFailedEvaluationTime', status.lastFailedEvaluation),
    FirstActivatedTime: epochSeconds(rule.activatedAt),
    ...(status.lastErrorCode === undefined ? {} : { LastErrorCode: status.lastErrorCode }),
    ...(status.lastErrorMessage === undefined ? {} : { LastErrorMessage: status.lastErrorMessage }),
    FirstEvaluationStarted: status.firstEvaluationStarted ?? (status.lastSuccessfulEvaluation !== undefined || status.lastFailedEvaluation !== undefined),
  };
}
