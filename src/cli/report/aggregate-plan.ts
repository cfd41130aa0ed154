import type { RuleInstance } from '../../adapters/config-aggregate-types';
import { deploymentOf, RULE_NAMES, type RuleKind } from '../../core/deployed-rule-names';
import type { DeploymentProofCheck } from './aggregate-proof';

const KINDS = Object.keys(RULE_NAMES) as RuleKind[];

/** Deployed rule names given on the command line (`--expired-rule`, `--expiring-rule`): then only these count. */
export interface DeployedRuleNames {
  readonly expired: readonly string[];
  readonly expiring: readonly string[];
}

/**
 * Which rules count as the deployment's: the only results the report trusts.
 * A member account can create rules of its own, with any name it likes and a
 * Lambda function that says whatever it likes; a rule whose name merely
 * starts like ours must not speak for the deployment.
 */
export interface DeploymentRules {
  /** The kind of a rule of the deployment; `undefined` for any other rule. */
  kindOf(ruleName: string): RuleKind | undefined;
  /** Whether a rule that is not the deployment's is named like one of its rules (shown as ignored, since it may be a forgery). */
  looksLikeOurs(ruleName: string): boolean;
  /** Names the deployment gives its rules verbatim in every account: what can be asked for in an account that sent nothing. */
  readonly exactNames: readonly string[];
  /** The names that count, in words, for messages. */
  readonly description: string;
  /** Whether the names were given on the command line (then they count as given, with no further proof). */
  readonly explicit: boolean;
}

/**
 * The deployment's rules: with `names`, exactly those names; without, this
 * project's two rules under their own names and as Config names them when it
 * deploys them for an organization ({@link deploymentOf}). Anything else,
 * `iam-server-certificate-expired-v2` included, is not the deployment's.
 *
 * @example
 * deploymentRules().kindOf('OrgConfigRule-iam-server-certificate-expired-dbgzf8ba'); // 'expired'
 * deploymentRules().kindOf('iam-server-certificate-expired-v2'); // undefined
 */
export function deploymentRules(names?: DeployedRuleNames): DeploymentRules {
  if (names !== undefined) {
    const byName = new Map<string, RuleKind>();
    for (const kind of KINDS) for (const name of names[kind]) byName.set(name, kind);
    return {
      kindOf: (ruleName) => byName.get(ruleName),
      looksLikeOurs: (ruleName) => !byName.has(ruleName) && namedLikeOurs(ruleName),
      exactNames: [...byName.keys()].sort(),
      description: `the rules named by --expired-rule and --expiring-rule (${[...byName.keys()].sort().join(', ')})`,
      explicit: true,
    };
  }
  const kindOf = (ruleName: string): RuleKind | undefined => KINDS.find((kind) => deploymentOf(RULE_NAMES[kind], ruleName) !== undefined);
  return {
    kindOf,
    looksLikeOurs: (ruleName) => kindOf(ruleName) === undefined && namedLikeOurs(ruleName),
    exactNames: Object.values(RULE_NAMES),
    description: `${Object.values(RULE_NAMES).join(' or ')} (under that name, as OrgConfigRule-<name>-<suffix>, or as <name>-conformance-pack-<suffix>)`,
    explicit: false,
  };
}

function namedLikeOurs(ruleName: string): boolean {
  const lower = ruleName.toLowerCase();
  return Object.values(RULE_NAMES).some((base) => lower.includes(base));
}

/** The detail fetches to make: one per rule instance of the deployment, accounts in order, the accounts covered, and look-alikes left out. */
export interface AggregatePlan {
  readonly fetches: readonly RuleInstance[];
  readonly accounts: readonly string[];
  /** Rules named like the deployment's but not its own: never read, shown so that a forgery is seen. */
  readonly ignored: readonly RuleInstance[];
  /** Rules named as the deployment's whose deployment could not be proven (see aggregate-proof.ts): never read, shown. */
  readonly unproven: readonly RuleInstance[];
}

/**
 * Plans the per-account, per-region detail calls from the rule listing,
 * keeping the deployment's rules only, once each; with `proof`, only those
 * it proves (the others are `unproven`).
 */
export function planAggregateFetches(instances: readonly RuleInstance[], rules: DeploymentRules, proof?: DeploymentProofCheck): AggregatePlan {
  const seen = new Set<string>();
  const fetches: RuleInstance[] = [];
  const ignored: RuleInstance[] = [];
  const unproven: RuleInstance[] = [];
  for (const instance of instances) {
    const key = `${instance.ruleName}\u0000${instance.accountId}\u0000${instance.region}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (rules.kindOf(instance.ruleName) !== undefined) (proof === undefined || proof.proves(instance) ? fetches : unproven).push(instance);
    else if (rules.looksLikeOurs(instance.ruleName)) ignored.push(instance);
  }
  const order = (a: RuleInstance, b: RuleInstance): number => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.ruleName.localeCompare(b.ruleName);
  fetches.sort(order);
  ignored.sort(order);
  unproven.sort(order);
  return { fetches, accounts: [...new Set(fetches.map((fetch) => fetch.accountId))], ignored, unproven };
}
