import type { RuleInstance } from './aggregate-types';

/** The rule names `report --aggregator` looks for, as deployed by this project's serverless.yml. */
export const REPORTED_RULES = {
  expired: 'iam-server-certificate-expired',
  expiring: 'iam-server-certificate-expiring',
} as const;

export type RuleKind = keyof typeof REPORTED_RULES;

/**
 * Which of the two rules a deployed rule name is, if any. Organization
 * conformance packs deploy a rule as `<name>-conformance-pack-<suffix>` and
 * organization rules as `<name>-<suffix>` (Config developer guide,
 * "Organization conformance packs" / PutOrganizationConfigRule), so a name
 * matches when it is the base name or starts with it followed by `-`.
 */
export function ruleKindOf(ruleName: string): RuleKind | undefined {
  for (const kind of Object.keys(REPORTED_RULES) as RuleKind[]) {
    const base = REPORTED_RULES[kind];
    if (ruleName === base || ruleName.startsWith(`${base}-`)) return kind;
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
