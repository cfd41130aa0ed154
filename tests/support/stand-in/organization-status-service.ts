import { createHash } from 'node:crypto';
import { limitOf, validation, type Paginate } from './aggregator-common';
import { epochSeconds } from './config-json';
import { ServiceError } from './reply';

/** Deployment states of an organization rule or conformance pack (Config API reference, MemberAccountRuleStatus / OrganizationResourceDetailedStatus). */
export type MemberStatus =
  | 'CREATE_SUCCESSFUL'
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_FAILED'
  | 'DELETE_SUCCESSFUL'
  | 'DELETE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'UPDATE_SUCCESSFUL'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_FAILED';

/** One member account of an organization rule or conformance pack. */
export interface MemberSeed {
  readonly accountId: string;
  readonly status: MemberStatus;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** An organization rule or conformance pack the central account deployed. */
export interface OrganizationDeploymentSeed {
  readonly name: string;
  readonly members: readonly MemberSeed[];
  /**
   * The organization-wide status; default: `CREATE_FAILED` when a member's
   * creation failed ("when an organization Config rule creation failed in
   * one or more member accounts"), else `CREATE_SUCCESSFUL`.
   */
  readonly status?: MemberStatus;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /**
   * The regions the administrator deployed it in; default every region.
   * Organization rules and packs are regional: "The API call to deploy rules
   * and conformance packs across accounts is AWS Region specific" (AWS Config
   * Developer Guide, "Managing AWS Config Rules Across All Accounts in Your
   * Organization"), so each region's calls list only what was put there.
   */
  readonly regions?: readonly string[];
}

interface Stored {
  readonly seed: OrganizationDeploymentSeed;
  readonly updatedAt: Date;
}

// Limit 0 to 100, "The default is 100", for all four operations; names 0 to 25
// (Config API reference: DescribeOrganizationConfigRuleStatuses, GetOrganizationConfigRuleDetailedStatus,
// DescribeOrganizationConformancePackStatuses, GetOrganizationConformancePackDetailedStatus).
const PAGE_MAX = 100;
const NAMES_MAX = 25;

/**
 * The organization rules and conformance packs one account (the management
 * account or Config's delegated administrator) deployed, and their status
 * in each member account. With {@link administrator} false the account is
 * neither, and every call gets OrganizationAccessDeniedException.
 */
export class OrganizationStatusStore {
  // Keyed by name and regions: one name may be deployed apart in different regions.
  private readonly rules = new Map<string, Stored>();
  private readonly packs = new Map<string, Stored>();
  public administrator = true;

  public seedRule(seed: OrganizationDeploymentSeed): void {
    this.rules.set(keyOf(seed), { seed, updatedAt: new Date() });
  }

  public seedPack(seed: OrganizationDeploymentSeed): void {
    this.packs.set(keyOf(seed), { seed, updatedAt: new Date() });
  }

  public clear(): void {
    this.rules.clear();
    this.packs.clear();
    this.administrator = true;
  }

  /** The four operations; `undefined` for any other. */
  public run(operation: string, body: Readonly<Record<string, unknown>>, paginate: Paginate, region: string): unknown {
    const kind = OPERATIONS[operation];
    if (kind === undefined) return undefined;
    if (!this.administrator) {
      throw new ServiceError('OrganizationAccessDeniedException', 'This action can only be performed if you are a registered delegated administrator for AWS Config with permissions to call ListDelegatedAdministrators API.');
    }
    const all = kind.packs ? this.packs : this.rules;
    const store = new Map([...all.values()].filter(({ seed }) => seed.regions === undefined || seed.regions.includes(region)).map((stored) => [stored.seed.name, stored]));
    return kind.detailed ? detailed(store, kind, body, paginate) : overall(store, kind, body, paginate);
  }
}

function keyOf(seed: OrganizationDeploymentSeed): string {
  return `${seed.name} ${seed.regions === undefined ? '*' : [...seed.regions].sort().join(',')}`;
}

interface OperationKind {
  readonly packs: boolean;
  readonly detailed: boolean;
}

const OPERATIONS: Readonly<Record<string, OperationKind>> = {
  DescribeOrganizationConfigRuleStatuses: { packs: false, detailed: false },
  GetOrganizationConfigRuleDetailedStatus: { packs: false, detailed: true },
  DescribeOrganizationConformancePackStatuses: { packs: true, detailed: false },
  GetOrganizationConformancePackDetailedStatus: { packs: true, detailed: true },
};

function missing(kind: OperationKind, name: string): ServiceError {
  return kind.packs
    ? new ServiceError('NoSuchOrganizationConformancePackException', `Organization conformance pack ${name} does not exist.`)
    : new ServiceError('NoSuchOrganizationConfigRuleException', `Organization config rule ${name} does not exist.`);
}

function overallStatus(seed: OrganizationDeploymentSeed): MemberStatus {
  return seed.status ?? (seed.members.some((member) => member.status.endsWith('_FAILED')) ? 'CREATE_FAILED' : 'CREATE_SUCCESSFUL');
}

/** Limit and NextToken "are not applicable if you specify … names": named ones come back whole. */
function overall(store: Map<string, Stored>, kind: OperationKind, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
  const namesField = kind.packs ? 'OrganizationConformancePackNames' : 'OrganizationConfigRuleNames';
  const names = body[namesField];
  const limit = limitOf(body['Limit'], PAGE_MAX, PAGE_MAX);
  let chosen: Stored[];
  let nextToken: string | undefined;
  if (Array.isArray(names) && names.length > 0) {
    if (names.length > NAMES_MAX) throw validation(`1 validation error detected: Value at '${namesField}' failed to satisfy constraint: Member must have length less than or equal to ${NAMES_MAX}`);
    chosen = names.map((name) => {
      const found = store.get(String(name));
      if (found === undefined) throw missing(kind, String(name));
      return found;
    });
  } else {
    ({ page: chosen, nextToken } = paginate([...store.values()], body['NextToken'], limit));
  }
  const list = chosen.map(({ seed, updatedAt }) => ({
    [kind.packs ? 'OrganizationConformancePackName' : 'OrganizationConfigRuleName']: seed.name,
    [kind.packs ? 'Status' : 'OrganizationRuleStatus']: overallStatus(seed),
    ...(seed.errorCode === undefined ? {} : { ErrorCode: seed.errorCode }),
    ...(seed.errorMessage === undefined ? {} : { ErrorMessage: seed.errorMessage }),
    LastUpdateTime: epochSeconds(updatedAt),
  }));
  return { [kind.packs ? 'OrganizationConformancePackStatuses' : 'OrganizationConfigRuleStatuses']: list, ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
}

function detailed(store: Map<string, Stored>, kind: OperationKind, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
  const nameField = kind.packs ? 'OrganizationConformancePackName' : 'OrganizationConfigRuleName';
  const name = body[nameField];
  // OrganizationConfigRuleName 1-64, OrganizationConformancePackName 1-128 [a-zA-Z][-a-zA-Z0-9]* (Config API reference).
  if (typeof name !== 'string' || name.length === 0 || name.length > (kind.packs ? 128 : 64)) {
    throw validation(`1 validation error detected: Value at '${nameField}' failed to satisfy constraint: Member must not be null`);
  }
  const found = store.get(name);
  if (found === undefined) throw missing(kind, name);
  const filters = typeof body['Filters'] === 'object' && body['Filters'] !== null ? (body['Filters'] as Record<string, unknown>) : {};
  const statusFilter = filters[kind.packs ? 'Status' : 'MemberAccountRuleStatus'];
  const members = found.seed.members.filter((member) => (filters['AccountId'] === undefined || filters['AccountId'] === member.accountId) && (statusFilter === undefined || statusFilter === member.status));
  const { page, nextToken } = paginate(members, body['NextToken'], limitOf(body['Limit'], PAGE_MAX, PAGE_MAX));
  // Config names the rule it creates in a member account OrgConfigRule-<name>-<suffix> (AWS Audit Manager API reference,
  // SourceKeyword), and a member's pack OrgConformsPack-<name>-<suffix> (as member accounts list them, e.g.
  // OrgConformsPack-Operational-Best-Practices-for-Encryption-and-Keys-… in AWS's security reference architecture guides).
  const suffix = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const list = page.map((member) => ({
    AccountId: member.accountId,
    [kind.packs ? 'ConformancePackName' : 'ConfigRuleName']: kind.packs ? `OrgConformsPack-${name}-${suffix}` : `OrgConfigRule-${name}-${suffix}`,
    [kind.packs ? 'Status' : 'MemberAccountRuleStatus']: member.status,
    ...(member.errorCode === undefined ? {} : { ErrorCode: member.errorCode }),
    ...(member.errorMessage === undefined ? {} : { ErrorMessage: member.errorMessage }),
    LastUpdateTime: epochSeconds(found.updatedAt),
  }));
  return { [kind.packs ? 'OrganizationConformancePackDetailedStatuses' : 'OrganizationConfigRuleDetailedStatus']: list, ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
}
