/**
 * The execution roles EventBridge Scheduler assumes to call a schedule's
 * target, as far as the stand-in's Scheduler needs them (scheduler-service.ts):
 * whether the role exists, whether its trust policy lets
 * `scheduler.amazonaws.com` assume it for a schedule of this account and
 * group, and whether its permissions allow `config:StartConfigRulesEvaluation`
 * on a rule.
 *
 * Modelled, with sources:
 * - CreateSchedule and UpdateSchedule refuse a role Scheduler cannot assume
 *   with `ValidationException` "The execution role you provide must allow AWS
 *   EventBridge Scheduler to assume the role." (the message the Terraform AWS
 *   provider retries on while IAM propagates a new role,
 *   hashicorp/terraform-provider-aws, internal/service/scheduler; a role that
 *   does not exist cannot be assumed either).
 * - Scheduler assumes the role with `aws:SourceAccount` the schedule's account
 *   and `aws:SourceArn` the schedule *group*'s ARN: "The value of
 *   aws:SourceArn must be your EventBridge Scheduler schedule group ARN … Do
 *   not scope the aws:SourceArn statement to a specific schedule or a schedule
 *   name prefix" (Scheduler User Guide, "Confused deputy prevention"). A trust
 *   policy scoped to a schedule ARN therefore refuses, as reported for real
 *   deployments.
 * - At the invocation, the target call runs with the role's permissions
 *   ("The permission policy you attach to your schedule's execution role
 *   defines the required permissions": Scheduler User Guide, "Set up the
 *   execution role"): without `config:StartConfigRulesEvaluation` on the rule,
 *   Config answers AccessDeniedException.
 * - Handing Scheduler a role takes the caller's `iam:PassRole` on it, as for
 *   any service a role is passed to (IAM User Guide, "Grant a user
 *   permissions to pass a role to an AWS service"); Scheduler's own managed
 *   policy AmazonEventBridgeSchedulerFullAccess grants `iam:PassRole` with
 *   `iam:PassedToService` `scheduler.amazonaws.com` beside `scheduler:*` (AWS
 *   Managed Policy Reference). The stand-in checks it on CreateSchedule and
 *   UpdateSchedule with the existing deny mechanism
 *   (`denyAction(account, 'iam:PassRole')`), before the role itself.
 */

/** An execution role: its trust policy's one statement and the resources it may start evaluations of. */
export interface SchedulerRoleSeed {
  /** The service principal its trust policy names; `scheduler.amazonaws.com` unless a test says otherwise. */
  readonly trustedService?: string;
  /** The trust policy's `aws:SourceAccount` condition (StringEquals), when it has one. */
  readonly sourceAccount?: string;
  /** The trust policy's `aws:SourceArn` condition (ArnLike: `*` and `?` wildcards), when it has one. */
  readonly sourceArn?: string;
  /** The resources its permissions allow `config:StartConfigRulesEvaluation` on (`*` wildcards). */
  readonly startEvaluationOn: readonly string[];
}

/** Scheduler's own service principal (Scheduler User Guide, "Set up the execution role"). */
export const SCHEDULER_SERVICE = 'scheduler.amazonaws.com';

/** CreateSchedule's and UpdateSchedule's answer for a role Scheduler cannot assume. */
export const CANNOT_ASSUME_MESSAGE = 'The execution role you provide must allow AWS EventBridge Scheduler to assume the role.';

/** The ARN of a schedule group: what Scheduler gives as `aws:SourceArn` when it assumes a role for a schedule of that group. */
export function scheduleGroupArn(accountId: string, group: string, region = 'us-east-1', partition = 'aws'): string {
  return `arn:${partition}:scheduler:${region}:${accountId}:schedule-group/${group}`;
}

/** Every account's scheduler execution roles, by role ARN. */
export class SchedulerRoles {
  private readonly roles = new Map<string, SchedulerRoleSeed>();

  /** Creates or replaces the role `arn:aws:iam::<accountId>:role/<roleName>`; returns its ARN. */
  public define(accountId: string, roleName: string, seed: SchedulerRoleSeed): string {
    const arn = `arn:aws:iam::${accountId}:role/${roleName}`;
    this.roles.set(arn, seed);
    return arn;
  }

  /** Deletes a role (as deleting the stack that made it does). */
  public delete(roleArn: string): void {
    this.roles.delete(roleArn);
  }

  /** Forgets every role. */
  public clear(): void {
    this.roles.clear();
  }

  /** Why Scheduler cannot assume `roleArn` for a schedule of `group` in `accountId`; `undefined` when it can. */
  public assumeRefusal(roleArn: string, accountId: string, group: string): string | undefined {
    const role = this.roles.get(roleArn);
    if (role === undefined) return `the role ${roleArn} does not exist`;
    if ((role.trustedService ?? SCHEDULER_SERVICE) !== SCHEDULER_SERVICE) return `the role ${roleArn} trusts ${role.trustedService ?? '?'}, not ${SCHEDULER_SERVICE}`;
    if (role.sourceAccount !== undefined && role.sourceAccount !== accountId) return `the role ${roleArn} trusts the scheduler of account ${role.sourceAccount} only`;
    if (role.sourceArn !== undefined && !arnLike(role.sourceArn, scheduleGroupArn(accountId, group))) return `the role ${roleArn} trusts ${role.sourceArn} only, not ${scheduleGroupArn(accountId, group)}`;
    return undefined;
  }

  /** Whether `roleArn` may call config:StartConfigRulesEvaluation on `ruleArn`. */
  public allowsStart(roleArn: string, ruleArn: string): boolean {
    return (this.roles.get(roleArn)?.startEvaluationOn ?? []).some((resource) => arnLike(resource, ruleArn));
  }
}

/** IAM's ArnLike: `*` any run of characters, `?` one (IAM User Guide, "IAM JSON policy elements: Condition operators", ARN condition operators). */
export function arnLike(pattern: string, arn: string): boolean {
  const expression = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${expression}$`).test(arn);
}
