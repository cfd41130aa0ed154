import type { RuleInstance } from '../../adapters/config-aggregate-types';

/** The rule names `report --aggregator` looks for, as deployed by this project's serverless.yml. */
export const REPORTED_RULES = {
  expired: 'iam-server-certificate-expired',
  expiring: 'iam-server-certificate-expiring',
} as const;

export type RuleKind = keyof typeof REPORTED_RULES;

/**
 * How Config names a rule it deploys for an organization in each member
 * account: PutOrganizationConfigRule's rule `<name>` appears as
 * `OrgConfigRule-<name>-<suffix>`, and a rule of an organization conformance
 * pack as `<name>-conformance-pack-<suffix>` (AWS Audit Manager API reference,
 * SourceKeyword: service-linked rule names
 * `OrgConfigRule-s3-bucket-versioning-enabled-dbgzf8ba` and
 * `CustomRuleForAccount-conformance-pack-szsm1uv0w`).
 */
const ORGANIZATION_RULE_PREFIX = 'OrgConfigRule-';

/**
 * Which of the two rules a deployed rule name is, if any: the base name
 * itself, the base name followed by `-<suffix>` (conformance packs, or a
 * suffix of the deployer's), or either of these after `OrgConfigRule-`
 * (organization rules). `iam-server-certificate-expiredish` is not ours.
 */
export function ruleKindOf(ruleName: string): RuleKind | undefined {
  const name = ruleName.startsWith(ORGANIZATION_RULE_PREFIX) ? ruleName.slice(ORGANIZATION_RULE_PREFIX.length) : ruleName;
  for (const kind of Object.keys(REPORTED_RULES) as RuleKind[]) {
    const base = REPORTED_RULES[kind];
    if (name === base || name.startsWith(`${base}-`)) return kind;
  }
  return undefined;
}

/** The detail fetches to make: one per rule instance of ours, accounts in order, and the accounts covered. */
export interface AggregatePlan {
  readonly fetches: readonly RuleInstance[];
  readonly accounts: readonly string[];
}

/** Plans the per-account, per-region detail calls from the rule listing, dropping other rules and duplicates. */
export function planAggregateFetches(instances: readonly RuleInstance[]): AggregatePlan {
  const seen = new Set<string>();
  const fetches: RuleInstance[] = [];
  for (const instance of instances) {
    if (ruleKindOf(instance.ruleName) === undefined) continue;
    const key = `${instance.ruleName}\u0000${instance.accountId}\u0000${instance.region}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fetches.push(instance);
  }
  fetches.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.ruleName.localeCompare(b.ruleName));
  return { fetches, accounts: [...new Set(fetches.map((fetch) => fetch.accountId))] };
}
