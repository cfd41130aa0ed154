import type { RuleParameters } from '../core/rule-parameters';
import { InvalidEventError, InvalidRuleParameterError, RuleError } from '../errors';
import type { ConfigRuleEvent } from '../events/config-rule-event';

/** Which credentials the rule uses for the evaluated account. */
export type AccountAccess =
  | { readonly kind: 'own'; readonly accountId: string }
  | { readonly kind: 'assume'; readonly accountId: string; readonly roleArn: string; readonly sessionName: string };

// Config's service-linked role trusts only config.amazonaws.com; a Lambda can never assume it.
const SERVICE_LINKED_CONFIG_ROLE = /:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/;
// STS RoleSessionName: 2-64 characters of [\w+=,.@-] (STS API reference, AssumeRole).
const SESSION_NAME_LIMIT = 64;

/**
 * Decides how to reach the account in the event. The Lambda's own account
 * uses the Lambda's credentials; another account — a member of an
 * Organization invoking a central Lambda — is reached by assuming
 * `ExecutionRoleName` there, else the event's `executionRoleArn`. With
 * `AssumeRoleMode: false` an event from another account is refused: the
 * Lambda's own credentials read its own account, whose certificates would be
 * reported as the other account's.
 *
 * @param lambdaAccountId the account the Lambda runs in (from the invocation's
 * function ARN); `undefined` outside Lambda, where every event is taken as
 * the caller's own
 */
export function resolveAccountAccess(
  event: Pick<ConfigRuleEvent, 'accountId' | 'executionRoleArn' | 'configRuleArn' | 'configRuleName'>,
  parameters: Pick<RuleParameters, 'executionRoleName' | 'assumeRoleMode'>,
  lambdaAccountId: string | undefined,
): AccountAccess {
  const accountId = event.accountId;
  if (lambdaAccountId === undefined || lambdaAccountId === accountId) return { kind: 'own', accountId };
  if (!parameters.assumeRoleMode) {
    throw new InvalidRuleParameterError(
      'AssumeRoleMode',
      `is false, but the event is for account ${accountId} and this function runs in account ${lambdaAccountId}: ` +
        `without assuming a role it can only read account ${lambdaAccountId}, whose certificates it would report as ${accountId}'s. ` +
        `Remove AssumeRoleMode (it defaults to true) and set ExecutionRoleName to the role the rule may assume in ${accountId}, ` +
        `or deploy the function in account ${accountId}`,
    );
  }
  const sessionName = sessionNameFor(event.configRuleName, accountId);
  if (parameters.executionRoleName !== undefined) {
    assertSameAccount('configRuleArn', event.configRuleArn, accountId);
    const partition = partitionOf(event.configRuleArn) ?? partitionOf(event.executionRoleArn) ?? 'aws';
    return { kind: 'assume', accountId, roleArn: `arn:${partition}:iam::${accountId}:role/${parameters.executionRoleName}`, sessionName };
  }
  const roleArn = event.executionRoleArn;
  assertSameAccount('configRuleArn', event.configRuleArn, accountId);
  if (roleArn === undefined) {
    throw new RuleError(
      `Account ${accountId} is not the Lambda's account (${lambdaAccountId}) and the event has no executionRoleArn: ` +
        'set the rule parameter ExecutionRoleName to the role this rule may assume in member accounts',
    );
  }
  assertSameAccount('executionRoleArn', roleArn, accountId);
  if (SERVICE_LINKED_CONFIG_ROLE.test(roleArn)) {
    throw new RuleError(
      `Cannot assume ${roleArn} in account ${accountId}: AWS Config's service-linked role trusts only Config itself. ` +
        'Set the rule parameter ExecutionRoleName to the role deployed in member accounts (templates/member-account-role.yml)',
    );
  }
  return { kind: 'assume', accountId, roleArn, sessionName };
}

/** A session name that shows in CloudTrail which rule acted in which account. */
function sessionNameFor(ruleName: string, accountId: string): string {
  const suffix = `@${accountId}`;
  const rule = ruleName.replace(/[^\w+=,.@-]/g, '-').slice(0, SESSION_NAME_LIMIT - suffix.length);
  return `${rule}${suffix}`;
}

/**
 * An ARN in the event must belong to the account the event is for: otherwise
 * a rule in one account could make the function read another account's
 * certificates and Config results. Nothing is called before this check.
 */
function assertSameAccount(field: string, arn: string | undefined, accountId: string): void {
  if (arn === undefined) return;
  const account = /^arn:[\w-]+:[\w-]+:[\w-]*:(\d{12}):/.exec(arn)?.[1];
  if (account !== accountId) {
    throw new InvalidEventError(
      `event.${field}`,
      `names account ${account ?? '(none)'}, not the event's accountId ${accountId}; refusing to act in another account`,
    );
  }
}

function partitionOf(arn: string | undefined): string | undefined {
  const match = arn === undefined ? null : /^arn:([\w-]+):/.exec(arn);
  return match?.[1];
}

// --- evaluateAtExpiry (issue 21 part 3) ---
/**
 * Refuses `evaluateAtExpiry` for an account reached through an assumed role
 * (central mode, docs/organization.md): StartConfigRulesEvaluation reaches
 * only rules of the caller's own account, so the schedule would have to live
 * in the member account, created through the member role with scheduler
 * permissions and a scheduler role of its own there. The per-account roll-out
 * keeps schedules (and their permissions) in each account instead. Thrown
 * before anything is read: a setting the deployment cannot honour fails the
 * run, naming the key, rather than quietly checking only once a day.
 */
export function refuseCentralSchedules(access: AccountAccess, parameters: Pick<RuleParameters, 'evaluateAtExpiry'>): void {
  if (access.kind !== 'assume' || !parameters.evaluateAtExpiry) return;
  throw new InvalidRuleParameterError(
    'evaluateAtExpiry',
    `is true, but this function evaluates account ${access.accountId} through ${access.roleArn} (central mode), ` +
      'where it cannot keep the schedule: StartConfigRulesEvaluation starts only rules of the account that calls it. ' +
      'Use the per-account roll-out (templates/member-account-stack.yml, EvaluateAtExpiry) or remove evaluateAtExpiry from these rules (docs/organization.md)',
  );
}
// --- end evaluateAtExpiry ---
