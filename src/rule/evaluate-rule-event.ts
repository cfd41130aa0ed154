import type { Evaluation } from '../core/evaluation';
import type { TimeBudget } from '../core/time-budget';
import type { ConfigRuleEvent } from '../events/config-rule-event';
import { InvalidRuleParameterError } from '../errors';
import { MessageType } from '../events/invoking-event';
import { evaluateChange } from './evaluate-change';
import { partitionOfRule } from '../core/recording-region';
import type { ExpiryEvent, ExpiryEventContext } from '../core/expiry-event';
import { eventBusArnParts, ownerTagKeyOf, policyParameters, type RuleParameters } from '../core/rule-parameters';
import type { FindingContext } from '../core/security-hub-finding';
import { evaluatePeriodic, type RecordingCheck } from './evaluate-periodic';
import type { FindingsSummary } from './publish-findings';
import type { RuleDependencies } from './ports';

/** What an invocation brings besides the event: its clock reading, time budget and region. */
export interface Invocation {
  readonly now: Date;
  readonly budget: TimeBudget;
  /** `AWS_REGION` of the Lambda: where Security Hub findings go. */
  readonly lambdaRegion: string | undefined;
  /** Told, on periodic runs, how much of IAM's listing Config's recorder knows. */
  readonly onRecordingCheck?: (check: RecordingCheck) => void;
  /** Told, on periodic runs with Security Hub findings on, what was imported and archived. */
  readonly onFindings?: (summary: FindingsSummary) => void;
  /** Told, on periodic runs, why Security Hub failed after every evaluation was yielded (see evaluatePeriodic). */
  readonly onFindingsFailure?: (error: unknown) => void;
  /** Told, after every evaluation was yielded, that some certificates' tags could not be read (a TagReadError). */
  readonly onTagReadFailure?: (error: unknown) => void;
  /** Told, on periodic runs that read tags, how many certificates' tags were read. */
  readonly onTagReads?: (reads: number) => void;
  /** Told, at the end of a periodic run with `expiryEvents` on, the events to put once Config has every evaluation. */
  readonly onExpiryEvents?: (events: readonly ExpiryEvent[]) => void;
  // --- evaluateAtExpiry (issue 21 part 3) ---
  /** Present: told, on periodic runs whose listing completed, the next instant a certificate's verdict changes. */
  readonly onNextCrossing?: (instant: Date | undefined) => void;
  // --- end evaluateAtExpiry ---
}

/**
 * Routes a validated Config event to the periodic or the change-triggered
 * check and yields the evaluations to report, as they are made. Knows
 * nothing of `PutEvaluations`: delivering them is the sink's job.
 *
 * @example
 * for await (const evaluation of evaluateRuleEvent(event, parameters, dependencies, invocation)) send(evaluation);
 */
export async function* evaluateRuleEvent(
  event: ConfigRuleEvent,
  parameters: RuleParameters,
  dependencies: RuleDependencies,
  invocation: Invocation,
): AsyncGenerator<Evaluation> {
  const { now, budget } = invocation;
  const invoking = event.invokingEvent;
  // Every region enabled for the account unless the rule names some: a consumer in a region left out would be missed.
  const usage = parameters.checkUsage ? { regions: parameters.usageRegions } : undefined;
  if (invoking.messageType === MessageType.Scheduled) {
    yield* evaluatePeriodic(dependencies, {
      ruleName: event.configRuleName,
      accountId: event.accountId,
      parameters,
      now,
      orderingTimestamp: invoking.notificationCreationTime,
      budget,
      usage,
      ownerTagKey: ownerTagKeyOf(parameters),
      findings: parameters.securityHubFindings ? findingContext(event, parameters, invocation) : undefined,
      onRecordingCheck: invocation.onRecordingCheck,
      onFindings: invocation.onFindings,
      onFindingsFailure: invocation.onFindingsFailure,
      onTagReadFailure: invocation.onTagReadFailure,
      onTagReads: invocation.onTagReads,
      // Expiry events are a periodic run's alone: a change run sees one certificate, and the daily reminder is the periodic run's.
      expiryEvents: parameters.expiryEvents ? expiryEventContext(event, parameters, invocation) : undefined,
      onExpiryEvents: invocation.onExpiryEvents,
      ...(invocation.onNextCrossing === undefined ? {} : { onNextCrossing: invocation.onNextCrossing }),
    });
    return;
  }
  let tagsFailure: { readonly error: unknown } | undefined;
  yield* await evaluateChange(dependencies, {
    resource: invoking.resource,
    eventLeftScope: event.eventLeftScope,
    parameters,
    now,
    budget,
    usage,
    ownerTagKey: ownerTagKeyOf(parameters),
    onTagReadFailure: (error) => {
      tagsFailure = { error };
    },
  });
  // As on periodic runs: the evaluation goes out first, the failure after it.
  if (tagsFailure === undefined) return;
  if (invocation.onTagReadFailure === undefined) throw tagsFailure.error;
  invocation.onTagReadFailure(tagsFailure.error);
}

/**
 * Where the findings go: the evaluated account's own Security Hub, in the
 * Lambda's region, in the partition the rule's ARN names.
 */
function findingContext(event: ConfigRuleEvent, parameters: RuleParameters, invocation: Invocation): FindingContext {
  const region = invocation.lambdaRegion;
  if (region === undefined) {
    throw new InvalidRuleParameterError('securityHubFindings', 'needs the Lambda region (AWS_REGION) to address Security Hub; it is unknown');
  }
  return {
    partition: partitionOfRule(event.configRuleArn, region),
    region,
    accountId: event.accountId,
    ruleName: event.configRuleName,
    daysToExpiration: parameters.daysToExpiration,
    runbookUrl: parameters.runbookUrl,
    now: invocation.now,
  };
}

/**
 * What every expiry event of the run says of where it comes from, and where
 * it goes: the rule, the evaluated account, the Lambda's region, and the bus
 * `eventBusArn` names (absent: the default bus of the account whose
 * credentials put it, the evaluated one's). A bus in another partition than
 * the rule's could never be reached with the rule's credentials: refused.
 */
function expiryEventContext(event: ConfigRuleEvent, parameters: RuleParameters, invocation: Invocation): ExpiryEventContext {
  const region = invocation.lambdaRegion;
  if (region === undefined) {
    throw new InvalidRuleParameterError('expiryEvents', 'needs the Lambda region (AWS_REGION) to say where the certificates were evaluated; it is unknown');
  }
  const partition = partitionOfRule(event.configRuleArn, region);
  const bus = parameters.eventBusArn === undefined ? undefined : eventBusArnParts(parameters.eventBusArn);
  if (bus !== undefined && bus.partition !== partition) {
    throw new InvalidRuleParameterError('eventBusArn', `is in partition ${bus.partition}, but the rule runs in ${partition} (${region}): credentials of one partition cannot reach the other`);
  }
  return {
    ...policyParameters(parameters),
    ruleName: event.configRuleName,
    accountId: event.accountId,
    region,
    runbookUrl: parameters.runbookUrl,
    ...(parameters.eventBusArn === undefined ? {} : { eventBusArn: parameters.eventBusArn }),
  };
}

