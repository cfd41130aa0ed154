import type { RuleInstance } from '../../adapters/config-aggregate-types';
import type { RuleDeploymentProof } from '../../adapters/organization-rule-proof';
import { deploymentOf, RULE_NAMES, RuleDeployment, type RuleKind } from '../../core/deployed-rule-names';

/** Whether a rule of the deployment's name in one account and region is proven to be the deployment's. */
export interface DeploymentProofCheck {
  proves(instance: RuleInstance): boolean;
  /** Why nothing could be proven, when the proof could not be read. */
  readonly unreadable: string | undefined;
  /** The organization conformance pack whose members count, when the proof was read. */
  readonly conformancePack?: string;
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
 *   exact name its detailed status gives for that account, read in the
 *   rule's own region; or
 * - named `<rule>-conformance-pack-<suffix>` in an account and region the
 *   deployment's own organization conformance pack reached (`--conformance-pack`,
 *   looked up by name; no other pack vouches for anything; the pack's rules'
 *   names are not listed: see docs/cli.md, "Which rules count", for what
 *   this leaves open).
 *
 * Organization rules and packs are regional (organization-rule-proof.ts), so
 * a record proves a rule in the region it was read in only: a member's rule
 * of the same name in another region is unproven.
 *
 * A plain-named rule is never proven this way (the stacks that create it run
 * in the member account); name it with `--expired-rule`/`--expiring-rule`.
 */
export function organizationProofCheck(proof: RuleDeploymentProof): DeploymentProofCheck {
  if (!proof.readable) return { proves: () => false, unreadable: proof.reason };
  return {
    unreadable: undefined,
    conformancePack: proof.conformancePack,
    proves: (instance) => {
      const region = proof.regions.get(instance.region);
      if (region === undefined) return false;
      const deployment = deploymentOfAny(instance.ruleName);
      if (deployment === RuleDeployment.OrganizationRule) return region.organizationRules.get(instance.accountId)?.has(instance.ruleName) === true;
      if (deployment === RuleDeployment.ConformancePack) return region.packAccounts.has(instance.accountId);
      return false;
    },
  };
}

/** The organization rule names to ask about: the project's rules, as PutOrganizationConfigRule names them. */
export const ORGANIZATION_RULE_NAMES: readonly string[] = Object.values(RULE_NAMES);

/** The exact names the organization rules have in `accountId` and `region`, as the proof lists them: what can be asked for there by name. */
export function provenNamesIn(proof: RuleDeploymentProof, accountId: string, region: string): string[] {
  return proof.readable ? [...(proof.regions.get(region)?.organizationRules.get(accountId) ?? [])].sort() : [];
}

function deploymentOfAny(ruleName: string): RuleDeployment | undefined {
  for (const kind of Object.keys(RULE_NAMES) as RuleKind[]) {
    const deployment = deploymentOf(RULE_NAMES[kind], ruleName);
    if (deployment !== undefined) return deployment;
  }
  return undefined;
}
