/**
 * The Config rule names this project deploys (serverless.yml,
 * templates/member-account-stack.yml and templates/conformance-pack.yml give
 * the rules these names), and how to recognise them once Config has renamed
 * them for an organization.
 */
export const DEFAULT_RULE_NAMES = ['iam-server-certificate-expired', 'iam-server-certificate-expiring'] as const;

/** How a rule came to be in an account, as its deployed name tells. */
export const RuleDeployment = {
  /** Created in the account itself (PutConfigRule: the serverless stack, a StackSet instance). */
  Account: 'account',
  /** Created by an organization rule (PutOrganizationConfigRule). */
  OrganizationRule: 'organization-rule',
  /** Created by a conformance pack, organization-wide or the account's own. */
  ConformancePack: 'conformance-pack',
} as const;

export type RuleDeployment = (typeof RuleDeployment)[keyof typeof RuleDeployment];

/**
 * Config renames the rules it creates for an organization: in each member
 * account an organization rule `<name>` is `OrgConfigRule-<name>-<suffix>`,
 * and a rule of a conformance pack is `<name>-conformance-pack-<suffix>`
 * (AWS Audit Manager API reference, SourceKeyword, naming the service-linked
 * rules `OrgConfigRule-s3-bucket-versioning-enabled-dbgzf8ba` and
 * `CustomRuleForAccount-conformance-pack-szsm1uv0w`).
 */
const ORGANIZATION_RULE_PREFIX = 'OrgConfigRule-';
const CONFORMANCE_PACK_INFIX = '-conformance-pack-';

/**
 * How `deployedName` deploys the rule called `base`, or `undefined` when it is
 * another rule: the base name itself, the base name followed by `-<suffix>`
 * (a conformance pack's, or a suffix of the deployer's), or either after
 * `OrgConfigRule-`. `iam-server-certificate-expiredish` is not a deployment
 * of `iam-server-certificate-expired`.
 *
 * @example
 * deploymentOf('iam-server-certificate-expired', 'OrgConfigRule-iam-server-certificate-expired-a1b2c3'); // 'organization-rule'
 */
export function deploymentOf(base: string, deployedName: string): RuleDeployment | undefined {
  const organization = deployedName.startsWith(ORGANIZATION_RULE_PREFIX);
  const name = organization ? deployedName.slice(ORGANIZATION_RULE_PREFIX.length) : deployedName;
  if (name !== base && !name.startsWith(`${base}-`)) return undefined;
  if (organization) return RuleDeployment.OrganizationRule;
  return name.startsWith(`${base}${CONFORMANCE_PACK_INFIX}`) ? RuleDeployment.ConformancePack : RuleDeployment.Account;
}
