import type { StandInClock } from './clock';
import { noSuchConfigRule } from './config-rules-service';
import type { JsonBody } from './config-service';
import { ServiceError } from './reply';
import type { StandInState } from './state';

/** One invocation of a rule's function by the stand-in's Config. */
export interface RuleInvocation {
  readonly accountId: string;
  readonly ruleName: string;
  /** The event Config hands the function. */
  readonly event: Record<string, unknown>;
}

/** Calls the rule's function (the e2e harness: the bundled handler) and settles when it has finished. */
export type RuleInvoker = (invocation: RuleInvocation) => Promise<void>;

/**
 * Config's StartConfigRulesEvaluation request body: 1 to 25 rule names (Config
 * API reference, StartConfigRulesEvaluation, `ConfigRuleNames`).
 */
const MAX_RULES_PER_START = 25;
/**
 * `LimitExceededException` "if an evaluation is in progress or if you call the
 * StartConfigRulesEvaluation API more than once per minute" (Config API
 * reference, StartConfigRulesEvaluation, Errors). Whether the minute counts
 * per rule or per account is not said: the stand-in counts per account, the
 * stricter reading.
 */
export const START_EVALUATION_INTERVAL_MS = 60_000;

/** Modelled, not documented: Config invokes the function this long after StartConfigRulesEvaluation. */
export const CONFIG_INVOCATION_DELAY_MS = 15_000;

/**
 * Config's on-demand evaluations of the rules each account's Config holds
 * (`state.configRules`, config-rules-service.ts, where DescribeConfigRules
 * and doctor read them too): StartConfigRulesEvaluation marks each named rule's evaluation
 * in progress and, {@link invocationDelayMs} later on the stand-in's clock,
 * invokes its function with a `ScheduledNotification`, as Config invokes a
 * periodic custom rule ("AWS Config invokes your Lambda function and evaluates
 * your IAM resources": Config API reference, StartConfigRulesEvaluation). Once
 * the function has finished, the evaluation is no longer in progress.
 */
export class ConfigRuleEvaluations {
  /** Modelled: how long Config takes from StartConfigRulesEvaluation to invoking the function (not documented). */
  public invocationDelayMs = CONFIG_INVOCATION_DELAY_MS;
  /**
   * How Config answers StartConfigRulesEvaluation for a rule with periodic
   * and change triggers is not documented: `'scheduled'` (the default) sends
   * the function one ScheduledNotification, as its API reference's example
   * describes; `'change'` one ConfigurationItemChangeNotification per
   * certificate its recorder holds. Tests run the rule under both.
   */
  public notifications: 'scheduled' | 'change' = 'scheduled';
  private readonly inProgress = new Set<string>();
  private readonly lastStart = new Map<string, number>();
  private invoker: RuleInvoker | undefined;
  private readonly log: { readonly accountId: string; readonly ruleName: string; readonly at: Date; readonly outcome: string }[] = [];

  public constructor(private readonly clock: StandInClock) {}

  /** Who runs a rule's function when Config invokes it. */
  public setInvoker(invoker: RuleInvoker | undefined): void {
    this.invoker = invoker;
  }

  /** Every StartConfigRulesEvaluation and periodic trigger so far, and how each ended. */
  public history(): readonly { readonly accountId: string; readonly ruleName: string; readonly at: Date; readonly outcome: string }[] {
    return this.log;
  }

  /** StartConfigRulesEvaluation in `state`'s account. */
  public start(state: StandInState, body: JsonBody): Record<string, never> {
    const names = body['ConfigRuleNames'];
    if (!Array.isArray(names) || names.length < 1 || names.length > MAX_RULES_PER_START || !names.every((name) => typeof name === 'string' && name !== '')) {
      throw new ServiceError('InvalidParameterValueException', `ConfigRuleNames must list 1 to ${MAX_RULES_PER_START} rule names`);
    }
    const accountId = state.accountId;
    const now = this.clock.now().getTime();
    for (const name of names as string[]) {
      if (!state.configRules.has(name)) throw noSuchConfigRule(name);
    }
    const last = this.lastStart.get(accountId);
    const busy = (names as string[]).find((name) => this.inProgress.has(keyOf(accountId, name)));
    if (busy !== undefined || (last !== undefined && now - last < START_EVALUATION_INTERVAL_MS)) {
      this.log.push({ accountId, ruleName: (names as string[]).join(','), at: new Date(now), outcome: 'LimitExceededException' });
      throw new ServiceError('LimitExceededException', busy !== undefined ? `An evaluation of ${busy} is in progress` : 'StartConfigRulesEvaluation may be called once per minute');
    }
    this.lastStart.set(accountId, now);
    for (const name of names as string[]) {
      this.inProgress.add(keyOf(accountId, name));
      this.log.push({ accountId, ruleName: name, at: new Date(now), outcome: 'started' });
      this.clock.at(new Date(now + this.invocationDelayMs), `config:invoke ${name}`, () => this.invokeRule(state, name));
    }
    return {};
  }

  /** A periodic trigger of `ruleName` now (its MaximumExecutionFrequency coming round): invokes its function and waits for it. */
  public async runPeriodic(state: StandInState, ruleName: string): Promise<void> {
    if (!state.configRules.has(ruleName)) throw new Error(`the stand-in has no Config rule ${ruleName} in ${state.accountId}: define it first`);
    this.inProgress.add(keyOf(state.accountId, ruleName));
    this.log.push({ accountId: state.accountId, ruleName, at: this.clock.now(), outcome: 'periodic' });
    await this.invokeRule(state, ruleName, 'scheduled');
  }

  /** Forgets evaluations in progress and the history (the rules go with their accounts' state). */
  public clear(): void {
    this.inProgress.clear();
    this.lastStart.clear();
    this.log.length = 0;
  }

  private async invokeRule(state: StandInState, ruleName: string, notifications = this.notifications): Promise<void> {
    const fields = state.configRules.invocationFields(ruleName);
    try {
      if (fields === undefined || this.invoker === undefined) return;
      const rule = { name: ruleName, ...fields };
      const events = notifications === 'scheduled' ? [this.scheduledEvent(state, rule)] : state.discovered.list('AWS::IAM::ServerCertificate', false).map((resource) => this.changeEvent(state, rule, resource));
      // Config invokes the function once per notification; the evaluation is over when all have returned.
      await Promise.all(events.map((event) => this.invoker?.({ accountId: state.accountId, ruleName, event }).catch(() => undefined)));
    } finally {
      this.inProgress.delete(keyOf(state.accountId, ruleName));
    }
  }

  /** The event of a periodic custom rule (AWS Config Developer Guide, "Example events for AWS Config rules"). */
  private scheduledEvent(state: StandInState, rule: InvokedRule): Record<string, unknown> {
    const invoking = { awsAccountId: state.accountId, notificationCreationTime: this.clock.now().toISOString(), messageType: 'ScheduledNotification', recordVersion: '1.0' };
    return this.envelope(state, rule, invoking);
  }

  private changeEvent(state: StandInState, rule: InvokedRule, resource: { resourceType: string; resourceId: string; resourceName: string }): Record<string, unknown> {
    const invoking = {
      configurationItem: {
        resourceType: resource.resourceType,
        resourceId: resource.resourceId,
        resourceName: resource.resourceName,
        configurationItemStatus: 'OK',
        configurationItemCaptureTime: this.clock.now().toISOString(),
        awsAccountId: state.accountId,
      },
      notificationCreationTime: this.clock.now().toISOString(),
      messageType: 'ConfigurationItemChangeNotification',
      recordVersion: '1.3',
    };
    return this.envelope(state, rule, invoking);
  }

  private envelope(state: StandInState, rule: InvokedRule, invoking: unknown): Record<string, unknown> {
    return {
      invokingEvent: JSON.stringify(invoking),
      ...(rule.inputParameters === undefined ? {} : { ruleParameters: rule.inputParameters }),
      resultToken: state.evaluations.issueToken(rule.name),
      eventLeftScope: false,
      executionRoleArn: `arn:aws:iam::${state.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      configRuleArn: rule.arn,
      configRuleName: rule.name,
      configRuleId: rule.id,
      accountId: state.accountId,
      version: '1.0',
    };
  }
}

/** A rule as Config invokes its function: its name, ARN, id and InputParameters. */
type InvokedRule = { readonly name: string; readonly arn: string; readonly id: string; readonly inputParameters: string | undefined };

function keyOf(accountId: string, ruleName: string): string {
  return `${accountId}\u0000${ruleName}`;
}
