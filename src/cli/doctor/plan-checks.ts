import { check, CheckStatus, type Check } from './check';
import { functionErrorsCheck } from './checks/function-check';
import { memberRoleChecks, memberRoleSummary } from './checks/member-role-check';
import { organizationChecks } from './checks/organization-checks';
import { recorderExistsCheck, recorderRecordingCheck, recorderRecordsTypeCheck } from './checks/recorder-checks';
import { regionCheck } from './checks/region-check';
import { ruleExistsCheck, ruleSetupCheck, ruleStatusCheck } from './checks/rule-checks';
import { securityHubCheck } from './checks/security-hub-check';
import { unreadCheck } from './checks/unread';
import type { DeploymentFacts } from './read-deployment';

/**
 * The checklist, judged from what was read: pure, so each check's logic is
 * tested without AWS. In the order a reader fixes things: credentials and
 * region, the rules, the recorder they depend on, the function's own log,
 * Security Hub, the member role, then every account of the aggregator.
 */
export function planChecks(facts: DeploymentFacts): Check[] {
  const checks: Check[] = [credentialsCheck(facts), regionCheck(facts.region)];
  checks.push(...facts.ruleBases.map((base) => ruleExistsCheck(base, facts.rules, facts.matched, facts.region)));
  for (const match of facts.matched) {
    checks.push(ruleSetupCheck(match));
    if (facts.statuses !== undefined) checks.push(ruleStatusCheck(match, facts.statuses, facts.now, facts.newestResults?.get(match.rule.name)));
  }
  checks.push(recorderExistsCheck(facts.recorders, facts.region), recorderRecordingCheck(facts.recorders, facts.recorderStates, facts.now), recorderRecordsTypeCheck(facts.recorders, facts.region));
  if (facts.functions.length === 0) {
    checks.push(check('function-errors', CheckStatus.Skipped, 'The rules’ function logged no recent failure', ['no rule found that names a Lambda function, so there is no log to search.']));
  }
  checks.push(...facts.functions.map((log) => functionErrorsCheck(log, facts.matched, facts.statuses, facts.newestResults)));
  checks.push(securityHubCheck(facts.hub, facts.matched, facts.region));
  const callerArn = facts.caller.kind === 'read' ? facts.caller.value.arn : undefined;
  if (facts.organization === undefined) checks.push(...memberRoleChecks(facts.executionRoleNames, facts.roleAccounts, facts.roleProbes, callerArn));
  else {
    checks.push(memberRoleSummary(facts.executionRoleNames, facts.roleProbes, callerArn));
    checks.push(...organizationChecks(facts.organization, facts.ruleBases, facts.region));
  }
  return checks;
}

function credentialsCheck(facts: DeploymentFacts): Check {
  const title = 'The AWS credentials work';
  if (facts.caller.kind !== 'read') return unreadCheck('credentials', title, facts.caller, true);
  return check('credentials', CheckStatus.Ok, title, [`signed in as ${facts.caller.value.arn}, account ${facts.caller.value.account}`]);
}
