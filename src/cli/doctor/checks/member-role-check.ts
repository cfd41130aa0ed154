import { check, CheckStatus, type Check } from '../check';
import type { RoleProbe } from '../read-deployment';

const AMBIGUOUS =
  'STS answers AccessDenied both when the role does not exist and when its trust policy does not name the caller, and the member role trusts only the central function’s role (templates/member-account-role.yml).';

/**
 * The member role a central deployment assumes (the rules' ExecutionRoleName)
 * can be assumed in the member accounts, tried with STS AssumeRole as the
 * caller. Assumed: the role exists and its session works. Refused: not
 * testable from these credentials, so skipped with the reason, never passed;
 * the function's log shows the function's own refusals. Any other failure fails.
 */
export function memberRoleChecks(roleNames: readonly string[], accounts: readonly string[], probes: readonly RoleProbe[], callerArn: string | undefined): Check[] {
  const title = (target: string) => `The member role can be assumed in ${target}`;
  if (roleNames.length === 0) {
    return [check('member-role', CheckStatus.Skipped, title('member accounts'), ['not needed: no rule found assumes a role (no ExecutionRoleName): each account’s function reads its own account.'])];
  }
  if (accounts.length === 0) {
    return [
      check(
        'member-role',
        CheckStatus.Skipped,
        title('member accounts'),
        [`not tried: the rules assume ${roleNames.join(', ')} in member accounts, and no account was given.`],
        'Give --account ID (repeatable), or --aggregator NAME to try every account of an aggregator.',
      ),
    ];
  }
  return probes.map((probe) => {
    const id = `member-role:${probe.accountId}`;
    const as = callerArn === undefined ? 'these credentials' : callerArn;
    if (probe.outcome.kind === 'read') return check(id, CheckStatus.Ok, title(`account ${probe.accountId}`), [`assumed ${probe.roleArn} as ${as}: the role exists there.`]);
    if (probe.outcome.kind === 'denied') {
      return check(
        id,
        CheckStatus.Skipped,
        title(`account ${probe.accountId}`),
        [`not testable as ${as}: assuming ${probe.roleArn} was refused (${probe.outcome.message}).`, AMBIGUOUS],
        'The function check shows whether the function itself is refused ("Cannot assume …"); or run doctor with credentials the role trusts.',
      );
    }
    return check(id, CheckStatus.Fail, title(`account ${probe.accountId}`), [`assuming ${probe.roleArn} failed: ${probe.outcome.message}`], 'Run doctor again; if it keeps failing, the message names the cause.');
  });
}

/** With `--aggregator`: one line for every account's member role, listing the accounts by outcome. */
export function memberRoleSummary(roleNames: readonly string[], probes: readonly RoleProbe[], callerArn: string | undefined): Check {
  const id = 'member-role';
  const title = 'The member role can be assumed in every account';
  if (roleNames.length === 0) return memberRoleChecks(roleNames, [], [], callerArn)[0] as Check;
  const assumed = probes.filter((probe) => probe.outcome.kind === 'read');
  const denied = probes.filter((probe) => probe.outcome.kind === 'denied');
  const failed = probes.filter((probe) => probe.outcome.kind === 'failed');
  const as = callerArn ?? 'these credentials';
  const detail = [
    `tried ${probes.length} role(s) (${roleNames.join(', ')}) as ${as}: assumed in ${assumed.length}, refused in ${denied.length}, failed in ${failed.length}.`,
    ...(denied.length > 0 ? [`refused in: ${denied.map((probe) => probe.accountId).join(', ')}`] : []),
    ...failed.map((probe) => `failed in ${probe.accountId}: ${probe.outcome.kind === 'failed' ? probe.outcome.message : ''}`),
  ];
  if (failed.length > 0) return check(id, CheckStatus.Fail, title, detail, 'Run doctor again; the messages above name the causes.');
  if (probes.length === 0) return check(id, CheckStatus.Skipped, title, ['no account found to try the role in (see the accounts check).']);
  if (denied.length === probes.length) {
    return check(id, CheckStatus.Skipped, title, [...detail, AMBIGUOUS], 'The function check shows whether the function itself is refused ("Cannot assume …").');
  }
  if (denied.length > 0) {
    return check(
      id,
      CheckStatus.Warn,
      title,
      [...detail, 'The same caller assumed the role in some accounts and was refused in others: in those the role is missing or trusts someone else.'],
      'Deploy templates/member-account-role.yml to the refused accounts (its StackSet), with the same CentralLambdaRoleArn.',
    );
  }
  return check(id, CheckStatus.Ok, title, detail);
}
