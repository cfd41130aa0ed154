import type { RuleInstance } from '../../adapters/config-aggregate-types';
import type { RuleDeploymentProof } from '../../adapters/organization-rule-proof';
import { deploymentOf, RULE_NAMES, RuleDeployment, type RuleKind } from '../../core/deployed-rule-names';

/** Whether a rule of the deployment's name in one account is proven to be the deployment's. */
export interface DeploymentProofCheck {
  proves(instance: RuleInstance): boolean;
  /** Why nothing could be proven, when the proof could not be read. */
  readonly unreadable: string | undefined;
}

/**
 * Over an organization aggregator, a rule's name proves nothing: a member
 * account can create `iam-server-certificate-expired`, or any
 * `OrgConfigRule-…` or `…-conformance-pack-…` name, itself, with a function
 * that answers COMPLIANT. What proves a rule the deployment's is the
 * administrator's own record of where it deployed (Config API reference:
 * GetOrganizationConfigRuleDetailedStatus lists, per member account, the
 * `ConfigRuleName` the organization rule has there;
 * GetOrganizationConformancePackDetailedStatus the accounts an organization
 * pack reached). So a rule counts only when it is
 *
 * - the organization rule named as one of the project's rules, under the
 *   exact name its detailed status gives for that account; or
 * - named `<rule>-conformance-pack-<suffix>` in an account an organization
 *   conformance pack reached (the pack's rules' names are not listed; see
 *   docs/cli.md, "Which rules count", for what this leaves open).
 *
 * A plain-named rule is never proven this way (the stacks that create it run
 * in the member account); name it with `--expired-rule`/`--expiring-rule`.
 */
export function organizationProofCheck(proof: RuleDeploymentProof): DeploymentProofCheck {
  if (!proof.readable) return { proves: () => false, unreadable: proof.reason };
  return {
    unreadable: undefined,
    proves: (instance) => {
      const deployment = deploymentOfAny(instance.ruleName);
      if (deployment === RuleDeployment.OrganizationRule) return proof.organizationRules.get(instance.accountId)?.has(instance.ruleName) === true;
      if (deployment === RuleDeployment.ConformancePack) return proof.packAccounts.has(instance.accountId);
      return false;
    },
  };
}

/** The organization rule names to ask about: the project's rules, as PutOrganizationConfigRule names them. */
export const ORGANIZATION_RULE_NAMES: readonly string[] = Object.values(RULE_NAMES);

/** The exact names the organization rules have in `accountId`, as the proof lists them: what can be asked for there by name. */
export function provenNamesIn(proof: RuleDeploymentProof, accountId: string): string[] {
  return proof.readable ? [...(proof.organizationRules.get(accountId) ?? [])].sort() : [];
}

function deploymentOfAny(ruleName: string): RuleDeployment | undefined {
  for (const kind of Object.keys(RULE_NAMES) as RuleKind[]) {
    const deployment = deploymentOf(RULE_NAMES[kind], ruleName);
    if (deployment !== undefined) return deployment;
  }
  return undefined;
}
