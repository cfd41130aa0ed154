import { describeError } from '../errors';
import type { ConfigOrganizationStatus, MemberDeploymentStatus } from './config-organization-status';

/** What the administrator's records prove in one region. */
export interface RegionDeploymentProof {
  /** Per member account, the exact names the organization rules have there (GetOrganizationConfigRuleDetailedStatus `ConfigRuleName`). */
  readonly organizationRules: ReadonlyMap<string, ReadonlySet<string>>;
  /** Member accounts the deployment's own organization conformance pack was deployed into. */
  readonly packAccounts: ReadonlySet<string>;
}

/**
 * Which rules the organization's administrator deployed into which member
 * accounts, region by region, as only the management account or Config's
 * delegated administrator can read it; or why it could not be read.
 *
 * Organization rules and conformance packs are regional: "The API call to
 * deploy rules and conformance packs across accounts is AWS Region specific
 * … to deploy rules in other regions … change the region … and then call
 * PutOrganizationConfigRule" (AWS Config Developer Guide, "Managing AWS
 * Config Rules Across All Accounts in Your Organization", Considerations). So
 * a record read in one region proves nothing about another.
 */
export type RuleDeploymentProof =
  | {
      readonly readable: true;
      /** Per region read; a region not in the map was not read and proves nothing. */
      readonly regions: ReadonlyMap<string, RegionDeploymentProof>;
      /** The organization conformance pack whose members count (`--conformance-pack`). */
      readonly conformancePack: string;
    }
  | { readonly readable: false; readonly reason: string };

/** What to read the proof for. */
export interface ProofRequest {
  /** The organization rules to ask about, by their organization-level names. */
  readonly organizationRuleNames: readonly string[];
  /** The deployment's own organization conformance pack; no other pack proves anything. */
  readonly conformancePack: string;
  /** The regions the report covers: each is read on its own. */
  readonly regions: readonly string[];
}

/** Reads {@link RuleDeploymentProof}; {@link ConfigRuleDeploymentProof} in production. */
export interface RuleDeploymentProofReader {
  /** The proof asked for; never throws: a failure in any region is `readable: false` with the region and reason. */
  deployments(request: ProofRequest): Promise<RuleDeploymentProof>;
}

/**
 * Member statuses under which the rule or pack exists in the account
 * (MemberAccountRuleStatus / OrganizationResourceDetailedStatus): created,
 * or created and being or having failed to be updated. CREATE_* other than
 * success, and DELETE_*, prove nothing.
 */
const EXISTS = new Set(['CREATE_SUCCESSFUL', 'UPDATE_SUCCESSFUL', 'UPDATE_IN_PROGRESS', 'UPDATE_FAILED']);

/** GetOrganizationConformancePackDetailedStatus's error for a pack that does not exist in the region (Config API reference). */
const NO_SUCH_PACK = 'NoSuchOrganizationConformancePackException';

/**
 * The proof read through Config's organization APIs in each region (the
 * caller must be the management account or the delegated administrator).
 */
export class ConfigRuleDeploymentProof implements RuleDeploymentProofReader {
  /** @param statusIn Config's organization status read in one region. */
  public constructor(private readonly statusIn: (region: string) => ConfigOrganizationStatus) {}

  public async deployments(request: ProofRequest): Promise<RuleDeploymentProof> {
    const read = await Promise.all(
      request.regions.map((region) =>
        this.regionProof(region, request).then(
          (proof) => ({ region, proof, failure: undefined }),
          (error: unknown) => ({ region, proof: undefined, failure: describeError(error) }),
        ),
      ),
    );
    const failed = read.find((outcome) => outcome.failure !== undefined);
    if (failed !== undefined) return { readable: false, reason: `in ${failed.region}: ${failed.failure ?? ''}` };
    return { readable: true, regions: new Map(read.flatMap(({ region, proof }) => (proof === undefined ? [] : [[region, proof] as const]))), conformancePack: request.conformancePack };
  }

  private async regionProof(region: string, request: ProofRequest): Promise<RegionDeploymentProof> {
    const status = this.statusIn(region);
    const rules = await status.ruleStatuses();
    const wanted = rules.filter((rule) => request.organizationRuleNames.includes(rule.name));
    const [ruleMembers, packMembers] = await Promise.all([Promise.all(wanted.map((rule) => status.ruleMembers(rule.name))), this.packMembers(status, request.conformancePack)]);
    return regionProofOf(ruleMembers.flat(), packMembers);
  }

  /** The pack's members, asked for by its name; none when the pack does not exist in the region. */
  private async packMembers(status: ConfigOrganizationStatus, packName: string): Promise<MemberDeploymentStatus[]> {
    try {
      return await status.packMembers(packName);
    } catch (error) {
      if (error instanceof Error && error.name === NO_SUCH_PACK) return [];
      throw error;
    }
  }
}

/**
 * What one region's member statuses prove: the organization rules' exact
 * names per account, and the accounts the deployment's pack reached, each
 * only where the rule or pack exists (shared with `doctor --aggregator`,
 * which reads the same statuses itself).
 */
export function regionProofOf(ruleMembers: readonly MemberDeploymentStatus[], packMembers: readonly MemberDeploymentStatus[]): RegionDeploymentProof {
  const organizationRules = new Map<string, Set<string>>();
  for (const member of ruleMembers.filter(exists)) {
    if (member.deployedName === undefined) continue;
    organizationRules.set(member.accountId, (organizationRules.get(member.accountId) ?? new Set()).add(member.deployedName));
  }
  return { organizationRules, packAccounts: new Set(packMembers.filter(exists).map((member) => member.accountId)) };
}

function exists(member: MemberDeploymentStatus): boolean {
  return member.status !== undefined && EXISTS.has(member.status);
}
