import { describeError } from '../errors';
import type { ConfigOrganizationStatus, MemberDeploymentStatus } from './config-organization-status';

/**
 * Which rules the organization's administrator deployed into which member
 * accounts, as only the management account or Config's delegated
 * administrator can read it; or why it could not be read.
 */
export type RuleDeploymentProof =
  | {
      readonly readable: true;
      /** Per member account, the exact names the organization rules have there (GetOrganizationConfigRuleDetailedStatus `ConfigRuleName`). */
      readonly organizationRules: ReadonlyMap<string, ReadonlySet<string>>;
      /** Member accounts an organization conformance pack was deployed into. */
      readonly packAccounts: ReadonlySet<string>;
    }
  | { readonly readable: false; readonly reason: string };

/** Reads {@link RuleDeploymentProof}; {@link ConfigRuleDeploymentProof} in production. */
export interface RuleDeploymentProofReader {
  /** The proof for the organization rules named `organizationRuleNames`; never throws: a failure is `readable: false` with the reason. */
  deployments(organizationRuleNames: readonly string[]): Promise<RuleDeploymentProof>;
}

/**
 * Member statuses under which the rule or pack exists in the account
 * (MemberAccountRuleStatus / OrganizationResourceDetailedStatus): created,
 * or created and being or having failed to be updated. CREATE_* other than
 * success, and DELETE_*, prove nothing.
 */
const EXISTS = new Set(['CREATE_SUCCESSFUL', 'UPDATE_SUCCESSFUL', 'UPDATE_IN_PROGRESS', 'UPDATE_FAILED']);

/** The proof read through Config's organization APIs (the caller must be the management account or the delegated administrator). */
export class ConfigRuleDeploymentProof implements RuleDeploymentProofReader {
  public constructor(private readonly status: ConfigOrganizationStatus) {}

  public async deployments(organizationRuleNames: readonly string[]): Promise<RuleDeploymentProof> {
    try {
      const [rules, packs] = await Promise.all([this.status.ruleStatuses(), this.status.packStatuses()]);
      const wanted = rules.filter((rule) => organizationRuleNames.includes(rule.name));
      const [ruleMembers, packMembers] = await Promise.all([
        Promise.all(wanted.map((rule) => this.status.ruleMembers(rule.name))),
        Promise.all(packs.map((pack) => this.status.packMembers(pack.name))),
      ]);
      const organizationRules = new Map<string, Set<string>>();
      for (const member of ruleMembers.flat().filter(exists)) {
        if (member.deployedName === undefined) continue;
        organizationRules.set(member.accountId, (organizationRules.get(member.accountId) ?? new Set()).add(member.deployedName));
      }
      return { readable: true, organizationRules, packAccounts: new Set(packMembers.flat().filter(exists).map((member) => member.accountId)) };
    } catch (error) {
      return { readable: false, reason: describeError(error) };
    }
  }
}

function exists(member: MemberDeploymentStatus): boolean {
  return member.status !== undefined && EXISTS.has(member.status);
}
