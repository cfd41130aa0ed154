import type { HubState } from '../../../adapters/security-hub-hub';
import { check, CheckStatus, type Check } from '../check';
import type { Read } from '../read-outcome';
import type { MatchedRule } from '../rule-match';
import { unreadCheck } from './unread';

/**
 * Security Hub is enabled in this account and region when a rule imports
 * findings (its securityHubFindings parameter): without it every periodic run
 * of that rule fails with SecurityHubNotEnabledError after delivering its
 * evaluations (docs/security-hub.md).
 */
export function securityHubCheck(hub: Read<HubState> | undefined, matched: readonly MatchedRule[], region: string): Check {
  const id = 'security-hub';
  const title = `Security Hub is enabled in ${region} for the rules' findings`;
  const importing = matched.filter((match) => match.parameters?.securityHubFindings === true).map((match) => match.rule.name);
  if (hub === undefined || importing.length === 0) {
    return check(id, CheckStatus.Skipped, title, ['not needed: no rule found imports Security Hub findings (securityHubFindings is off).']);
  }
  if (hub.kind !== 'read') return unreadCheck(id, title, hub, false);
  const state = hub.value;
  if (!state.enabled) {
    return check(
      id,
      CheckStatus.Fail,
      title,
      [`${importing.join(', ')} import(s) findings, but Security Hub is not enabled here: ${state.reason}`, 'Each periodic run then fails with SecurityHubNotEnabledError once its evaluations are delivered.'],
      `Enable Security Hub in ${region} (aws securityhub enable-security-hub, or from the Security Hub delegated administrator), or redeploy with securityHubFindings=false (docs/security-hub.md).`,
    );
  }
  const detail = [`hub ${state.hubArn ?? '(no ARN given)'}, enabled ${state.subscribedAt ?? '(time not given)'}; imported into by ${importing.join(', ')}.`];
  const central = matched.some((match) => match.parameters?.securityHubFindings === true && match.parameters.executionRoleName !== undefined);
  if (central) detail.push('This is this account’s hub; in a central deployment each member account imports into its own hub, which doctor does not read from here.');
  return check(id, CheckStatus.Ok, title, detail);
}
