import { DEFAULT_CONFORMANCE_PACK } from '../../core/deployed-rule-names';
import type { DeployedRule, RecorderDescription, RecorderState, RuleEvaluationStatus } from '../../adapters/config-deployment';
import type { MemberDeploymentStatus, OrganizationDeploymentStatus } from '../../adapters/config-organization-status';
import type { ErrorLogSearch, RunLineSearch, SearchLimits } from '../../adapters/lambda-error-log';
import type { NewestResult } from '../../adapters/config-rule-results';
import type { HubState } from '../../adapters/security-hub-hub';
import { deploymentOf } from '../../core/deployed-rule-names';
import { mapConcurrently } from '../../core/map-concurrently';
import type { AggregateCertificate, AggregatorSources, RuleInstance, SourceStatus } from '../../adapters/config-aggregate-types';
import type { OrganizationAccounts } from '../../adapters/organization-accounts';
import { describeError } from '../../errors';
import { expectedAccounts } from '../report/aggregate-coverage';
import { isCredentialProblem } from '../credential-problem';
import type { CallerIdentity, DoctorReader } from './doctor-reader';
import type { DoctorOptions } from './parse-doctor-flags';
import { attempt, valueOf, whyUnread, type Read } from './read-outcome';
import { functionAddress, matchRules, partitionOfArn, type FunctionAddress, type MatchedRule } from './rule-match';
import { ACCOUNT_ID } from '../../core/account-id';

/** How far back the function's log is searched for failures: one day, the rule's default period. */
export const LOG_WINDOW_MS = 24 * 3_600_000;

/** Enough failure lines to show the latest few and count "at least 20"; pages may be empty, so they are capped too. */
export const LOG_SEARCH_LIMITS: SearchLimits = { maxLines: 20, maxPages: 10 };

/** Member-role look-ups in flight with `--aggregator` (one STS AssumeRole per account). */
export const ROLE_PROBE_CONCURRENCY = 8;

/** The log group a function writes to unless its logging configuration names another (Lambda Developer Guide, "Sending Lambda function logs to CloudWatch Logs"). */
export function defaultLogGroupOf(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** Pages of a rule's results read for its newest one, at most (100 results a page: COMPLIANCE_DETAILS_PAGE_SIZE). */
export const RESULT_PAGES = 5;

/** Pages of the function's log searched for its latest "rule run complete" line, at most. */
export const RUN_LINE_PAGES = 10;

/** One function the rules invoke, and what its log said. */
export interface FunctionLog {
  readonly function: FunctionAddress;
  readonly logGroup: string;
  /** Where {@link logGroup} comes from, in words: `--log-group`, the function's logging configuration, or Lambda's default (and why). */
  readonly logGroupSource?: string;
  /** `undefined` when the log is not in this account and region, so it was not searched. */
  readonly search: Read<ErrorLogSearch> | undefined;
  /** Its latest "rule run complete" line, the positive evidence of a run; `undefined` when not searched. */
  readonly runs?: Read<RunLineSearch> | undefined;
  readonly since: Date;
}

/** One try at the member role in one account. */
export interface RoleProbe {
  readonly accountId: string;
  readonly roleArn: string;
  readonly outcome: Read<void>;
}

/** What `--aggregator` read about every account. */
export interface OrganizationFacts {
  readonly aggregator: string;
  readonly sources: Read<AggregatorSources>;
  readonly sourceStatuses: Read<SourceStatus[]>;
  readonly ruleInstances: Read<RuleInstance[]>;
  readonly certificates: Read<AggregateCertificate[]>;
  /** Organization Config rules named after the rules asked about (DescribeOrganizationConfigRuleStatuses). */
  readonly organizationRules: Read<OrganizationDeploymentStatus[]>;
  readonly organizationRuleMembers: ReadonlyMap<string, Read<MemberDeploymentStatus[]>>;
  /** The organization conformance packs asked about (`--conformance-pack`, or the documented name). */
  readonly packNames: readonly string[];
  readonly packs: Read<OrganizationDeploymentStatus[]>;
  readonly packMembers: ReadonlyMap<string, Read<MemberDeploymentStatus[]>>;
  /**
   * For an organization aggregator, AWS Organizations' account list or why it
   * could not be read (Config does not list an organization's accounts);
   * `undefined` for an account aggregator or one that could not be read.
   */
  readonly organizationAccounts: OrganizationAccounts | undefined;
  /** Whether `--rule` named the rules (DoctorOptions.rulesGiven). */
  readonly rulesGiven: boolean;
}

/** Everything the checks judge: every read's outcome, and the instant they are judged at. */
export interface DeploymentFacts {
  readonly now: Date;
  readonly region: string;
  readonly ruleBases: readonly string[];
  readonly caller: Read<CallerIdentity>;
  readonly rules: Read<DeployedRule[]>;
  readonly matched: readonly MatchedRule[];
  /** `undefined` when no rule was found to ask about. */
  readonly statuses: Read<RuleEvaluationStatus[]> | undefined;
  /** For each rule Config gave no evaluation status for, when its newest result was recorded (GetComplianceDetailsByConfigRule). */
  readonly newestResults?: ReadonlyMap<string, Read<NewestResult>>;
  readonly recorders: Read<RecorderDescription[]>;
  readonly recorderStates: Read<RecorderState[]>;
  readonly functions: readonly FunctionLog[];
  /** `undefined` when no rule imports Security Hub findings, so the hub was not asked about. */
  readonly hub: Read<HubState> | undefined;
  /** The role names the rules assume in member accounts (ExecutionRoleName). */
  readonly executionRoleNames: readonly string[];
  /** The accounts the member role was tried in: `--account`, or every account with `--aggregator`. */
  readonly roleAccounts: readonly string[];
  readonly roleProbes: readonly RoleProbe[];
  readonly organization: OrganizationFacts | undefined;
}

/**
 * The doctor's "act" step: makes every read, in the order the later ones
 * need (the rules name the function, its parameters the role and Security
 * Hub), and keeps each outcome. Never throws for an AWS failure, but for one:
 * the first read, STS GetCallerIdentity, failing because the credentials do
 * not work (none, expired, unknown to AWS) is thrown, before anything else is
 * read, so the CLI prints what to do and exits 253 as every command does; a
 * checklist of reads that all failed for that one reason would say nothing more.
 */
export async function readDeployment(reader: DoctorReader, options: DoctorOptions, now: Date, region: string): Promise<DeploymentFacts> {
  const caller = await attempt('sts:GetCallerIdentity', () => reader.caller(), isCredentialProblem);
  const rules = await attempt('config:DescribeConfigRules', () => reader.rules());
  const matched = matchRules(valueOf(rules) ?? [], options.rules);
  const names = matched.map((match) => match.rule.name);
  const [statuses, recorders, recorderStates] = await Promise.all([
    names.length === 0 ? undefined : attempt('config:DescribeConfigRuleEvaluationStatus', () => reader.evaluationStatuses(names)),
    attempt('config:DescribeConfigurationRecorders', () => reader.recorders()),
    attempt('config:DescribeConfigurationRecorderStatus', () => reader.recorderStates()),
  ]);
  const since = new Date(now.getTime() - LOG_WINDOW_MS);
  const reported = new Set((valueOf(statuses) ?? []).map((status) => status.ruleName));
  const unreported = statuses?.kind === 'read' ? names.filter((name) => !reported.has(name)) : [];
  const newestResults = new Map(
    await Promise.all(unreported.map(async (name) => [name, await attempt('config:GetComplianceDetailsByConfigRule', () => reader.newestResult(name, since, RESULT_PAGES))] as const)),
  );
  const functions = await Promise.all(functionsOf(matched).map((address) => readFunctionLog(reader, address, options.logGroup, region, valueOf(caller)?.account, since, now)));
  const hub = matched.some((match) => match.parameters?.securityHubFindings === true) ? await attempt('securityhub:DescribeHub', () => reader.securityHub()) : undefined;
  const organization = options.aggregator === undefined ? undefined : await readOrganization(reader, options.aggregator, options);
  const executionRoleNames = [...new Set(matched.flatMap((match) => (match.parameters?.executionRoleName === undefined ? [] : [match.parameters.executionRoleName])))];
  const roleAccounts = organization === undefined ? [...options.accounts] : accountsOf(organization);
  const partition = partitionOfArn(matched[0]?.rule.arn);
  const targets = executionRoleNames.flatMap((roleName) => roleAccounts.map((accountId) => ({ accountId, roleArn: `arn:${partition}:iam::${accountId}:role/${roleName}` })));
  const roleProbes = await mapConcurrently(targets, ROLE_PROBE_CONCURRENCY, async (target) => ({
    ...target,
    outcome: await attempt('sts:AssumeRole', () => reader.assumeRole(target.roleArn)),
  }));
  return {
    now,
    region,
    ruleBases: options.rules,
    caller,
    rules,
    matched,
    statuses,
    newestResults,
    recorders,
    recorderStates,
    functions,
    hub,
    executionRoleNames,
    roleAccounts,
    roleProbes,
    organization,
  };
}

function functionsOf(matched: readonly MatchedRule[]): FunctionAddress[] {
  const byArn = new Map<string, FunctionAddress>();
  for (const match of matched) {
    const address = functionAddress(match.rule.functionArn);
    if (address !== undefined) byArn.set(address.arn, address);
  }
  return [...byArn.values()];
}

/**
 * Searches the function's log (`--log-group`, else Lambda's default group) when it is in this account
 * and region; elsewhere the caller's credentials do not reach it.
 */
async function readFunctionLog(
  reader: DoctorReader,
  address: FunctionAddress,
  named: string | undefined,
  region: string,
  account: string | undefined,
  since: Date,
  now: Date,
): Promise<FunctionLog> {
  const here = address.region === region && (account === undefined || address.accountId === account);
  const { logGroup, logGroupSource } = here ? await logGroupOf(reader, address, named) : { logGroup: named ?? defaultLogGroupOf(address.name), logGroupSource: named === undefined ? 'Lambda\'s default' : '--log-group' };
  const [search, runs] = here
    ? await Promise.all([
        attempt('logs:FilterLogEvents', () => reader.functionFailures(logGroup, since, now, LOG_SEARCH_LIMITS)),
        attempt('logs:FilterLogEvents', () => reader.functionRuns(logGroup, since, now, RUN_LINE_PAGES)),
      ])
    : [undefined, undefined];
  return { function: address, logGroup, logGroupSource, search, runs, since };
}

/**
 * The group the function logs to: `--log-group` when given, else the one its
 * logging configuration names (Lambda GetFunctionConfiguration,
 * `LoggingConfig.LogGroup`), else Lambda's default, saying why.
 */
async function logGroupOf(reader: DoctorReader, address: FunctionAddress, named: string | undefined): Promise<{ logGroup: string; logGroupSource: string }> {
  if (named !== undefined) return { logGroup: named, logGroupSource: '--log-group' };
  const configured = await attempt('lambda:GetFunctionConfiguration', () => reader.functionLogGroup(address.arn));
  if (configured.kind === 'read') {
    return configured.value === undefined
      ? { logGroup: defaultLogGroupOf(address.name), logGroupSource: "Lambda's default: the function's LoggingConfig names no group" }
      : { logGroup: configured.value, logGroupSource: "the function's LoggingConfig (GetFunctionConfiguration)" };
  }
  return { logGroup: defaultLogGroupOf(address.name), logGroupSource: `Lambda's default, assumed: ${whyUnread(configured)}` };
}

/** The documented organization conformance pack name (templates/conformance-pack.yml, docs/organization.md), shared with `report --aggregator`. */
export { DEFAULT_CONFORMANCE_PACK };

async function readOrganization(reader: DoctorReader, aggregator: string, options: DoctorOptions): Promise<OrganizationFacts> {
  const [sources, sourceStatuses, ruleInstances, certificates, allRules, allPacks] = await Promise.all([
    attempt('config:DescribeConfigurationAggregators', () => reader.aggregates.sources(aggregator)),
    attempt('config:DescribeConfigurationAggregatorSourcesStatus', () => reader.aggregates.sourceStatuses(aggregator)),
    attempt('config:DescribeAggregateComplianceByConfigRules', () => reader.aggregates.ruleInstances(aggregator)),
    attempt('config:ListAggregateDiscoveredResources', () => reader.aggregates.certificates(aggregator)),
    attempt('config:DescribeOrganizationConfigRuleStatuses', () => reader.organizationRuleStatuses()),
    attempt('config:DescribeOrganizationConformancePackStatuses', () => reader.organizationPackStatuses()),
  ]);
  const packNames = options.conformancePacks.length > 0 ? options.conformancePacks : [DEFAULT_CONFORMANCE_PACK];
  const organizationRules = filterRead(allRules, (status) => options.rules.some((base) => deploymentOf(base, status.name) !== undefined));
  const packs = filterRead(allPacks, (status) => packNames.includes(status.name));
  const organizationRuleMembers = new Map(
    await Promise.all(
      (valueOf(organizationRules) ?? []).map(
        async (status) => [status.name, await attempt('config:GetOrganizationConfigRuleDetailedStatus', () => reader.organizationRuleMembers(status.name))] as const,
      ),
    ),
  );
  const packMembers = new Map(
    await Promise.all(
      (valueOf(packs) ?? []).map(
        async (status) => [status.name, await attempt('config:GetOrganizationConformancePackDetailedStatus', () => reader.organizationPackMembers(status.name))] as const,
      ),
    ),
  );
  const organizationAccounts =
    valueOf(sources)?.kind === 'organization'
      ? await reader.organizationAccounts().catch((error: unknown): OrganizationAccounts => ({ readable: false, reason: describeError(error) }))
      : undefined;
  return { aggregator, sources, sourceStatuses, ruleInstances, certificates, organizationRules, organizationRuleMembers, packNames, packs, packMembers, organizationAccounts, rulesGiven: options.rulesGiven };
}

function filterRead<T>(read: Read<T[]>, keep: (item: T) => boolean): Read<T[]> {
  return read.kind === 'read' ? { kind: 'read', value: read.value.filter(keep) } : read;
}

/** Every account `--aggregator` heard of: listed by the aggregator or as ACTIVE by AWS Organizations, in a source status, with data, or in an organization deployment. */
export function accountsOf(organization: OrganizationFacts): string[] {
  const accounts = new Set<string>(valueOf(organization.sources)?.accountIds ?? []);
  for (const status of valueOf(organization.sourceStatuses) ?? []) accounts.add(status.sourceId);
  const sources = valueOf(organization.sources);
  if (sources !== undefined) for (const account of expectedAccounts(sources, valueOf(organization.sourceStatuses) ?? [], organization.organizationAccounts)) accounts.add(account);
  for (const instance of valueOf(organization.ruleInstances) ?? []) accounts.add(instance.accountId);
  for (const certificate of valueOf(organization.certificates) ?? []) accounts.add(certificate.accountId);
  for (const members of [...organization.organizationRuleMembers.values(), ...organization.packMembers.values()]) {
    for (const member of valueOf(members) ?? []) accounts.add(member.accountId);
  }
  return [...accounts].filter((account) => ACCOUNT_ID.test(account)).sort();
}
