import type { MemberDeploymentStatus, OrganizationDeploymentStatus } from '../../../adapters/config-organization-status';
import type { RuleInstance } from '../../../adapters/config-aggregate-types';
import { isActive } from '../../../adapters/organization-accounts';
import { regionProofOf, type RuleDeploymentProof } from '../../../adapters/organization-rule-proof';
import { deploymentOf } from '../../../core/deployed-rule-names';
import { organizationProofCheck, type DeploymentProofCheck } from '../../report/aggregate-proof';
import { SERVER_CERTIFICATE_RESOURCE_TYPE } from '../../../core/evaluation';
import { recordingRegionFor } from '../../../core/recording-region';
import { check, CheckStatus, type Check } from '../check';
import { valueOf, whyUnread, type Read } from '../read-outcome';
import { accountsOf, type OrganizationFacts } from '../read-deployment';
import { isoSeconds } from '../../../core/annotation';
import { unreadCheck } from './unread';
import { ACCOUNT_ID } from '../../../core/account-id';

/** What is wrong, or cannot be confirmed, in one account. */
interface AccountFindings {
  readonly failures: string[];
  readonly doubts: string[];
}

/**
 * Every account of the aggregator, from four sources of per-account health
 * (Config API reference):
 * - DescribeConfigurationAggregatorSourcesStatus: an account whose data does
 *   not reach the aggregator (`FAILED`, with LastErrorCode and
 *   LastErrorMessage) in the recording region;
 * - GetOrganizationConfigRuleDetailedStatus and
 *   GetOrganizationConformancePackDetailedStatus: where an organization rule
 *   or conformance pack could not be created (`CREATE_FAILED` and the other
 *   MemberAccountRuleStatus values, with ErrorCode and ErrorMessage);
 * - DescribeAggregateComplianceByConfigRules, which lists a rule only where it
 *   has compliance results, against ListAggregateDiscoveredResources: an
 *   account with recorded server certificates but no result of a rule has the
 *   rule missing or silent.
 *
 * Over an organization aggregator, as `report --aggregator` does
 * (aggregate-coverage.ts, aggregate-proof.ts), two more, since Config neither
 * lists an organization's accounts nor vouches for a rule's name:
 * - AWS Organizations' ListAccounts: an ACTIVE account the aggregator has
 *   nothing from fails; when the list cannot be read (management account or
 *   delegated administrator only), the coverage is unverified and the check
 *   fails rather than pass;
 * - a result counts only from a rule the administrator's own member statuses
 *   (read in this region) prove the deployment's, or named exactly with
 *   `--rule`: any member account can create a rule of the deployment's name.
 */
export function organizationChecks(organization: OrganizationFacts, ruleBases: readonly string[], region: string): Check[] {
  const home = recordingRegionFor(region) ?? region;
  const checks: Check[] = [aggregatorCheck(organization)];
  checks.push(...deploymentChecks('organization-rule', 'organization Config rule', organization.organizationRules, organization.organizationRuleMembers, ruleBases.join(', ')));
  checks.push(...packChecks(organization));
  const findings = accountFindings(organization, ruleBases, home, region);
  const accounts = accountsOf(organization);
  const failing = accounts.filter((account) => (findings.get(account)?.failures.length ?? 0) > 0);
  const doubtful = accounts.filter((account) => !failing.includes(account) && (findings.get(account)?.doubts.length ?? 0) > 0);
  const kind = valueOf(organization.sources)?.kind;
  // Without the aggregator's sources, the rules' results and the recorded certificates no account can be called fine.
  const judged = organization.sources.kind === 'read' && organization.ruleInstances.kind === 'read' && organization.certificates.kind === 'read';
  const listed = organization.organizationAccounts;
  // An organization aggregator names no account: without AWS Organizations' list, one that never sent data cannot be seen.
  const unverified = kind === 'organization' && listed?.readable !== true ? (listed?.readable === false ? listed.reason : 'AWS Organizations not asked') : undefined;
  const summary = [
    judged
      ? `${accounts.length} account(s) known to aggregator ${organization.aggregator}: ${failing.length} failing, ${doubtful.length} unconfirmed, ${accounts.length - failing.length - doubtful.length} fine.`
      : `${accounts.length} account(s) known to aggregator ${organization.aggregator}, ${failing.length} failing; the others cannot be judged: the aggregator's sources, the rules' results or the recorded certificates could not be read from the aggregator (see the aggregator check).`,
    ...(unverified !== undefined
      ? [
          `coverage unverified: ${unverified}. An organization aggregator does not list the organization’s accounts, so one that never sent data cannot be seen without AWS Organizations’ account list (ListAccounts).`,
        ]
      : []),
    ...(kind === 'organization' && listed?.readable === true
      ? [`Compared with AWS Organizations: ${listed.accounts.filter(isActive).length} ACTIVE account(s) (ListAccounts); each one the aggregator has nothing from is listed as failing.`]
      : []),
  ];
  const accountsFail = failing.length > 0 || !judged || unverified !== undefined;
  const remedy =
    unverified !== undefined
      ? 'Run doctor --aggregator as the organization’s management account or a delegated administrator, with organizations:ListAccounts; see the account lines below.'
      : 'See the aggregator check and the account lines below.';
  checks.push(check('accounts', accountsFail ? CheckStatus.Fail : CheckStatus.Ok, 'Every account of the aggregator runs the rules', summary, accountsFail ? remedy : undefined));
  for (const account of failing) {
    const found = findings.get(account) as AccountFindings;
    checks.push(
      check(
        `account:${account}`,
        CheckStatus.Fail,
        `Account ${account} runs the rules`,
        [...found.failures, ...found.doubts],
        `Run doctor in account ${account} (region ${home}) for the cause; docs/organization.md step 4b re-runs a failed StackSet instance.`,
      ),
    );
  }
  if (doubtful.length > 0) {
    checks.push(
      check(
        'accounts-unconfirmed',
        CheckStatus.Warn,
        'Every account of the aggregator is confirmed to run the rules',
        [
          `${doubtful.length} account(s) show no result of the rules and no recorded server certificate: fine if they hold none, but a missing rule looks the same from here.`,
          ...doubtful.map((account) => `${account}: ${(findings.get(account) as AccountFindings).doubts.join('; ')}`),
        ],
        'Run doctor in those accounts to confirm.',
      ),
    );
  }
  return checks;
}

function aggregatorCheck(organization: OrganizationFacts): Check {
  const id = 'aggregator';
  const title = `Config aggregator ${organization.aggregator} can be read`;
  if (organization.sources.kind !== 'read') return unreadCheck(id, title, organization.sources, true);
  const unread = [organization.sourceStatuses, organization.ruleInstances, organization.certificates].flatMap((read) => (read.kind === 'read' ? [] : [read]));
  const sources = organization.sources.value;
  const regions = sources.regions === 'all' ? 'all regions' : sources.regions.join(', ');
  const described = sources.kind === 'accounts' ? `account aggregator over ${sources.accountIds.length} account(s), ${regions}` : `organization aggregator, ${regions}`;
  if (unread.length > 0) {
    const first = unread[0] as Exclude<Read<unknown>, { kind: 'read' }>;
    return check(id, CheckStatus.Fail, title, [described, ...unread.map(whyUnread)], first.kind === 'denied' ? `Grant ${unread.map((read) => read.action).join(', ')} (read-only).` : 'Run doctor again.');
  }
  return check(id, CheckStatus.Ok, title, [described]);
}

function accountFindings(organization: OrganizationFacts, ruleBases: readonly string[], home: string, region: string): Map<string, AccountFindings> {
  const findings = new Map<string, AccountFindings>();
  const add = (account: string, kind: keyof AccountFindings, text: string): void => {
    const entry = findings.get(account) ?? { failures: [], doubts: [] };
    entry[kind].push(text);
    findings.set(account, entry);
  };
  for (const status of valueOf(organization.sourceStatuses) ?? []) {
    if (!ACCOUNT_ID.test(status.sourceId) || (status.region !== undefined && status.region !== home)) continue;
    const at = status.updatedAt === undefined ? '' : ` (last update ${isoSeconds(status.updatedAt)})`;
    if (status.status === 'FAILED') add(status.sourceId, 'failures', `aggregation FAILED in ${status.region ?? home}${at}: ${status.errorCode ?? '(no code)'}: ${status.errorMessage ?? '(no message)'}`);
    else if (status.status === 'OUTDATED') add(status.sourceId, 'doubts', `aggregation OUTDATED in ${status.region ?? home}${at}: its latest data has not reached the aggregator`);
  }
  for (const [name, members] of [...organization.organizationRuleMembers, ...organization.packMembers]) {
    for (const member of valueOf(members) ?? []) {
      const problem = memberProblem(member);
      if (problem !== undefined) add(member.accountId, problem.kind, `${name}: ${problem.text}`);
    }
  }
  const instances = valueOf(organization.ruleInstances);
  const certificates = valueOf(organization.certificates);
  if (instances !== undefined && certificates !== undefined) {
    const silent = silentAccounts(organization, instances, certificates);
    const proof = valueOf(organization.sources)?.kind === 'organization' ? organizationProofCheck(deploymentProof(organization, region)) : undefined;
    const counts = (instance: RuleInstance, base: string): boolean => proof === undefined || proof.proves(instance) || (organization.rulesGiven && instance.ruleName === base);
    for (const account of accountsOf(organization)) {
      if (silent.has(account)) {
        add(account, 'failures', 'AWS Organizations lists it as ACTIVE, but the aggregator has nothing from it (no source status, no result of the rules, no recorded certificate): its data never reached the aggregator');
        continue;
      }
      const recorded = certificates.filter((certificate) => certificate.accountId === account).length;
      for (const base of ruleBases) {
        const named = instances.filter((instance) => instance.accountId === account && deploymentOf(base, instance.ruleName) !== undefined);
        if (named.some((instance) => counts(instance, base))) continue;
        if (named.length > 0) add(account, 'failures', `results of ${base} only from rules not proven to be the deployment's (${named.map((instance) => `${instance.ruleName} in ${instance.region}`).join(', ')}): ${unprovenWhy(proof as DeploymentProofCheck, region)}`);
        else if (recorded > 0) add(account, 'failures', `no result of ${base}, though Config recorded ${recorded} ${SERVER_CERTIFICATE_RESOURCE_TYPE} there: the rule is missing or silent`);
        else add(account, 'doubts', `no result of ${base}`);
      }
    }
  }
  return findings;
}

/** ACTIVE accounts of the organization (organization aggregator, list read) the aggregator has nothing from. */
function silentAccounts(organization: OrganizationFacts, instances: readonly RuleInstance[], certificates: readonly { readonly accountId: string }[]): Set<string> {
  const listed = organization.organizationAccounts;
  if (listed?.readable !== true) return new Set();
  const heard = new Set([...(valueOf(organization.sourceStatuses) ?? []).map((status) => status.sourceId), ...instances.map((instance) => instance.accountId), ...certificates.map((certificate) => certificate.accountId)]);
  return new Set(listed.accounts.filter((account) => isActive(account) && !heard.has(account.id)).map((account) => account.id));
}

/**
 * What the administrator's member statuses, read in `region` by this doctor,
 * prove (organization-rule-proof.ts): unreadable when any of them could not
 * be read, so nothing is proven then.
 */
function deploymentProof(organization: OrganizationFacts, region: string): RuleDeploymentProof {
  const ruleMembers = [...organization.organizationRuleMembers.values()];
  const packMembers = [...organization.packMembers.values()];
  const unread = [organization.organizationRules, organization.packs, ...ruleMembers, ...packMembers].find((read) => read.kind !== 'read');
  if (unread !== undefined) return { readable: false, reason: whyUnread(unread as Exclude<Read<unknown>, { kind: 'read' }>) };
  const members = (reads: readonly Read<MemberDeploymentStatus[]>[]) => reads.flatMap((read) => valueOf(read) ?? []);
  return { readable: true, regions: new Map([[region, regionProofOf(members(ruleMembers), members(packMembers))]]), conformancePack: organization.packNames.join(', ') };
}

function unprovenWhy(proof: DeploymentProofCheck, region: string): string {
  return proof.unreadable === undefined
    ? `any member account can create a rule of that name, and the organization rules' and conformance packs' member statuses read in ${region} do not list it there; a rule a StackSet deployed under the plain name counts when named with --rule`
    : `any member account can create a rule of that name, and the organization's rule deployments could not be read (${proof.unreadable}): run doctor --aggregator as the management account or Config's delegated administrator, or name a plain-named rule with --rule`;
}

function memberProblem(member: MemberDeploymentStatus): { kind: keyof AccountFindings; text: string } | undefined {
  const status = member.status ?? 'no status';
  const error = member.errorCode === undefined && member.errorMessage === undefined ? '' : `: ${member.errorCode ?? '(no code)'}: ${member.errorMessage ?? '(no message)'}`;
  if (status.endsWith('_FAILED') || status === 'DELETE_SUCCESSFUL') return { kind: 'failures', text: `${status}${error}` };
  if (status.endsWith('_IN_PROGRESS')) return { kind: 'doubts', text: `${status}` };
  return undefined;
}

/** One line per organization rule (or pack) found; a skip when there is none or it cannot be read. */
function deploymentChecks(
  prefix: string,
  what: string,
  statuses: Read<OrganizationDeploymentStatus[]>,
  members: ReadonlyMap<string, Read<MemberDeploymentStatus[]>>,
  wanted: string,
): Check[] {
  const title = (name: string) => `The ${what} ${name} is deployed in every member account`;
  if (statuses.kind === 'denied') {
    return [
      check(
        prefix,
        CheckStatus.Skipped,
        title(wanted),
        [`not readable from this account (needs ${statuses.action}, in the management account or Config's delegated administrator): ${statuses.message}`],
        'Run doctor --aggregator from the account that deployed the organization rules or conformance packs.',
      ),
    ];
  }
  if (statuses.kind === 'failed') return [unreadCheck(prefix, title(wanted), statuses, false)];
  if (statuses.value.length === 0) return [check(prefix, CheckStatus.Skipped, title(wanted), [`none found: no ${what} named ${wanted} was deployed from this account.`])];
  return statuses.value.map((status) => {
    const id = `${prefix}:${status.name}`;
    const memberRead = members.get(status.name);
    const overall = `${status.status ?? 'no status'}${status.errorCode === undefined && status.errorMessage === undefined ? '' : `: ${status.errorCode ?? '(no code)'}: ${status.errorMessage ?? '(no message)'}`}`;
    if (memberRead === undefined || memberRead.kind !== 'read') {
      const why = memberRead === undefined ? 'member statuses not read' : whyUnread(memberRead);
      return check(id, CheckStatus.Fail, title(status.name), [`organization-wide: ${overall}`, why], 'Run doctor again.');
    }
    const byStatus = new Map<string, number>();
    for (const member of memberRead.value) byStatus.set(member.status ?? 'no status', (byStatus.get(member.status ?? 'no status') ?? 0) + 1);
    const counts = [...byStatus].map(([value, count]) => `${count} ${value}`).join(', ');
    const failing = memberRead.value.flatMap((member) => {
      const problem = memberProblem(member);
      return problem?.kind === 'failures' ? [`${member.accountId}: ${problem.text}`] : [];
    });
    const detail = [`organization-wide: ${overall}; member accounts: ${counts || 'none'}`, ...failing];
    if (failing.length > 0 || (status.status ?? '').endsWith('_FAILED')) {
      return check(id, CheckStatus.Fail, title(status.name), detail, 'Fix the cause each account’s error names (usually no configuration recorder there yet), then deploy again: Config retries only new accounts on its own (docs/organization.md).');
    }
    if ((status.status ?? '').endsWith('_IN_PROGRESS') || memberRead.value.some((member) => (member.status ?? '').endsWith('_IN_PROGRESS'))) {
      return check(id, CheckStatus.Warn, title(status.name), detail, 'Run doctor again when the deployment has finished.');
    }
    return check(id, CheckStatus.Ok, title(status.name), detail);
  });
}

function packChecks(organization: OrganizationFacts): Check[] {
  const wanted = organization.packNames.join(', ');
  const checks = deploymentChecks('organization-pack', 'organization conformance pack', organization.packs, organization.packMembers, wanted);
  const found = new Set((valueOf(organization.packs) ?? []).map((pack) => pack.name));
  const missing = organization.packs.kind === 'read' && found.size > 0 ? organization.packNames.filter((name) => !found.has(name)) : [];
  return [...checks, ...missing.map((name) => check(`organization-pack:${name}`, CheckStatus.Skipped, `The organization conformance pack ${name} is deployed in every member account`, ['none found: no organization conformance pack of that name was deployed from this account.']))];
}
