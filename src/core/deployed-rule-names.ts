/**
 * The two Config rules this project deploys, by the names serverless.yml,
 * templates/member-account-stack.yml and templates/conformance-pack.yml give
 * them (tests/cli/doctor/deployed-names.test.ts keeps them equal).
 */
export const RULE_NAMES = {
  expired: 'iam-server-certificate-expired',
  expiring: 'iam-server-certificate-expiring',
} as const;

/** Which of the two rules: the one for expired certificates, or the warning window's. */
export type RuleKind = keyof typeof RULE_NAMES;

/** Both rule names, expired first: what `doctor` looks for unless `--rule` names others. */
export const DEFAULT_RULE_NAMES = [RULE_NAMES.expired, RULE_NAMES.expiring] as const;

/** How a rule came to be in an account, as its deployed name tells. */
export const RuleDeployment = {
  /** Created in the account itself under its own name (PutConfigRule: the serverless stack, a StackSet instance). */
  Account: 'account',
  /** Created by an organization rule (PutOrganizationConfigRule). */
  OrganizationRule: 'organization-rule',
  /** Created by a conformance pack, organization-wide or the account's own. */
  ConformancePack: 'conformance-pack',
} as const;

export type RuleDeployment = (typeof RuleDeployment)[keyof typeof RuleDeployment];

/**
 * How Config names the rules it deploys for an organization in each member
 * account. PutOrganizationConfigRule's rule `<name>` appears as
 * `OrgConfigRule-<name>-<suffix>` (service-linked rule
 * `OrgConfigRule-s3-bucket-versioning-enabled-dbgzf8ba`); a rule `<name>` of a
 * conformance pack, organization conformance packs included, appears as
 * `<name>-conformance-pack-<suffix>` (service-linked rule
 * `CustomRuleForAccount-conformance-pack-szsm1uv0w`): AWS Audit Manager API
 * reference, SourceKeyword, keywordValue ("For service-linked rules … remove
 * the suffix ID that appears at the end of the rule name").
 */
const ORGANIZATION_RULE_PREFIX = 'OrgConfigRule-';
const CONFORMANCE_PACK_INFIX = '-conformance-pack-';

/**
 * The suffix Config adds: lowercase letters and digits (`dbgzf8ba`,
 * `szsm1uv0w` in the AWS Audit Manager API reference, SourceKeyword;
 * `hbmlt5imw`, `8bzjqtjiy` as seen in member accounts' DescribeConfigRules
 * output in public repositories).
 */
const CONFIG_SUFFIX = /^[a-z0-9]+$/;

/**
 * How `deployedName` deploys the rule called `base`, or `undefined` when it is
 * another rule: `base` itself, `OrgConfigRule-<base>-<suffix>` or
 * `<base>-conformance-pack-<suffix>`, and nothing else. A rule whose name
 * merely starts like ours (`iam-server-certificate-expired-v2`, a member
 * account's own rule with a function that says what it likes) is not a
 * deployment of it: `report --aggregator` never reads its results, and
 * `doctor` never calls it fine. Plain string comparison, so a `base` from the
 * command line needs no escaping.
 *
 * @example
 * deploymentOf('iam-server-certificate-expired', 'OrgConfigRule-iam-server-certificate-expired-a1b2c3'); // 'organization-rule'
 * deploymentOf('iam-server-certificate-expired', 'iam-server-certificate-expired-v2'); // undefined
 */
export function deploymentOf(base: string, deployedName: string): RuleDeployment | undefined {
  if (deployedName === base) return RuleDeployment.Account;
  if (suffixed(deployedName, `${ORGANIZATION_RULE_PREFIX}${base}-`)) return RuleDeployment.OrganizationRule;
  if (suffixed(deployedName, `${base}${CONFORMANCE_PACK_INFIX}`)) return RuleDeployment.ConformancePack;
  return undefined;
}

/** Whether `name` is `stem` followed by one Config suffix. */
function suffixed(name: string, stem: string): boolean {
  return name.startsWith(stem) && CONFIG_SUFFIX.test(name.slice(stem.length));
}

/** The organization conformance pack name the docs deploy it under (templates/conformance-pack.yml, docs/organization.md step C5). */
export const DEFAULT_CONFORMANCE_PACK = 'iam-server-certificate-expiry';

/** OrganizationConformancePackName: 1 to 128 characters, `[a-zA-Z][-a-zA-Z0-9]*` (Config API reference, PutOrganizationConformancePack). */
export const CONFORMANCE_PACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
