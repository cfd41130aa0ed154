import type { RuleInstance } from '../../adapters/config-aggregate-types';
import type { DeploymentRules } from './aggregate-plan';
import type { DeploymentProofCheck } from './aggregate-proof';

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
 * the rules report from. With `proof` (an organization aggregator), only
 * names it proves in that account and region are asked for, and the names
 * the organization rules have there are asked for too.
 */
export function probeSilentAccounts(
  silent: readonly string[],
  rules: DeploymentRules,
  listed: readonly RuleInstance[],
  regions: readonly string[],
  proof?: { readonly check: DeploymentProofCheck; namesIn(accountId: string, region: string): readonly string[] },
): Probe {
  const accountsByName = new Map<string, Set<string>>();
  for (const instance of listed) accountsByName.set(instance.ruleName, (accountsByName.get(instance.ruleName) ?? new Set()).add(instance.accountId));
  const shared = [...accountsByName].filter(([, accounts]) => accounts.size >= 2).map(([name]) => name);
  const names = [...new Set([...rules.exactNames, ...shared])].sort();
  const namesIn = (accountId: string, region: string): string[] => (proof === undefined ? names : [...new Set([...names, ...proof.namesIn(accountId, region)])].sort());
  if (silent.length === 0 || regions.length === 0) return { fetches: [], asked: undefined };
  const fetches = silent
    .flatMap((accountId) => regions.flatMap((region) => namesIn(accountId, region).map((ruleName) => ({ ruleName, accountId, region }))))
    .filter((instance) => proof === undefined || proof.check.proves(instance));
  if (fetches.length === 0) return { fetches: [], asked: undefined };
  const asked = [...new Set(fetches.map((fetch) => fetch.ruleName))].sort();
  return { fetches, asked: `asked for ${asked.join(', ')} in ${regions.join(', ')} directly: no result` };
}
