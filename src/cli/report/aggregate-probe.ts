import type { RuleInstance } from '../../adapters/config-aggregate-types';
import type { DeploymentRules } from './aggregate-plan';

/** The detail calls to make for accounts that sent nothing listed, and the sentence that says so in a missing account's reason. */
export interface Probe {
  readonly fetches: readonly RuleInstance[];
  /** `asked for <names> in <regions> directly: no result`, or `undefined` when nothing was asked. */
  readonly asked: string | undefined;
}

/**
 * What to ask for in accounts the report expects but whose rules the rule
 * listing does not show. DescribeAggregateComplianceByConfigRules "does not
 * display rules that do not have compliance results", and a rule whose
 * results are all NOT_APPLICABLE has none (DescribeComplianceByConfigRule
 * gives INSUFFICIENT_DATA when "the rule's AWS Lambda function has returned
 * NOT_APPLICABLE for all evaluation results"): that is an account without
 * certificates, whose only result is the rule's account-level
 * `AWS::::Account`. GetAggregateComplianceDetailsByConfigRule needs the
 * rule's exact name in that account, so the report asks for the names it can
 * know: those the deployment gives verbatim (the plain names, or those of
 * `--expired-rule` / `--expiring-rule`) and those the listing shows in at
 * least two accounts (a name Config gives in every account), in every region
 * the rules report from.
 */
export function probeSilentAccounts(silent: readonly string[], rules: DeploymentRules, listed: readonly RuleInstance[], regions: readonly string[]): Probe {
  const accountsByName = new Map<string, Set<string>>();
  for (const instance of listed) accountsByName.set(instance.ruleName, (accountsByName.get(instance.ruleName) ?? new Set()).add(instance.accountId));
  const shared = [...accountsByName].filter(([, accounts]) => accounts.size >= 2).map(([name]) => name);
  const names = [...new Set([...rules.exactNames, ...shared])].sort();
  if (silent.length === 0 || names.length === 0 || regions.length === 0) return { fetches: [], asked: undefined };
  const fetches = silent.flatMap((accountId) => regions.flatMap((region) => names.map((ruleName) => ({ ruleName, accountId, region }))));
  return { fetches, asked: `asked for ${names.join(', ')} in ${regions.join(', ')} directly: no result` };
}
