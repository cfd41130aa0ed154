import { InvalidEventError } from '../errors';
import { parseInvokingEvent, type InvokingEvent } from './invoking-event';
import { asObject, optionalBoolean, optionalString, requiredString } from './read-field';
import { ACCOUNT_ID } from '../core/account-id';

/**
 * The event AWS Config sends a custom Lambda rule (AWS Config Developer Guide,
 * "Example events for AWS Config rules"). `@types/aws-lambda` has no type for
 * it, so it is defined and validated here.
 */
export interface ConfigRuleEvent {
  readonly invokingEvent: InvokingEvent;
  /** The rule's `InputParameters` as Config passes them: a JSON string, or absent. */
  readonly ruleParameters: string | undefined;
  /** Token that `PutEvaluations` must echo; `TESTMODE` when the rule is exercised without effect. */
  readonly resultToken: string;
  /** True when the change moved the resource out of the rule's scope. */
  readonly eventLeftScope: boolean;
  readonly executionRoleArn: string | undefined;
  readonly configRuleArn: string | undefined;
  readonly configRuleName: string;
  /** The account whose resources are evaluated. */
  readonly accountId: string;
}

/**
 * Validates a raw Lambda event into a {@link ConfigRuleEvent}. Any departure
 * from what AWS Config sends throws {@link InvalidEventError} naming the field.
 *
 * @example
 * const event = parseConfigRuleEvent(JSON.parse(rawEvent));
 * event.invokingEvent.messageType; // 'ScheduledNotification'
 */
export function parseConfigRuleEvent(raw: unknown): ConfigRuleEvent {
  const event = asObject(raw, 'event');
  const ruleParameters = optionalString(event, 'ruleParameters');
  const accountId = requiredString(event, 'accountId');
  if (!ACCOUNT_ID.test(accountId)) {
    throw new InvalidEventError('event.accountId', 'must be a 12-digit AWS account id');
  }
  return {
    invokingEvent: parseInvokingEvent(requiredString(event, 'invokingEvent')),
    ruleParameters,
    resultToken: requiredString(event, 'resultToken'),
    eventLeftScope: optionalBoolean(event, 'eventLeftScope', false),
    executionRoleArn: optionalString(event, 'executionRoleArn'),
    configRuleArn: optionalString(event, 'configRuleArn'),
    configRuleName: requiredString(event, 'configRuleName'),
    accountId,
  };
}
