import type { JsonBody } from './config-service';
import { ServiceError } from './reply';

/**
 * A Region's opt-in status for an account (Account Management API reference,
 * Region data type, `RegionOptStatus`: ENABLED | ENABLING | DISABLING |
 * DISABLED | ENABLED_BY_DEFAULT).
 */
export const RegionOptStatus = {
  Enabled: 'ENABLED',
  Enabling: 'ENABLING',
  Disabling: 'DISABLING',
  Disabled: 'DISABLED',
  EnabledByDefault: 'ENABLED_BY_DEFAULT',
} as const;

export type RegionOptStatus = (typeof RegionOptStatus)[keyof typeof RegionOptStatus];

const STATUSES: ReadonlySet<string> = new Set(Object.values(RegionOptStatus));

/**
 * The commercial partition's Regions as a new account sees them. "Regions
 * launched before March 20, 2019 are enabled by default … Default Regions
 * cannot be enabled or disabled"; "Regions launched after March 20, 2019 are
 * disabled by default" (Account Management Reference Guide, "Enable or
 * disable AWS Regions in your account"). The names: AWS Regions and
 * Availability Zones, "AWS Regions".
 */
export const DEFAULT_ENABLED_REGIONS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

/** Opt-in Regions (launched after March 20, 2019): DISABLED until the account enables them. */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
] as const;

// ListRegions MaxResults: 1 to 50 (AWS SDK for JavaScript v3, codegen/sdk-codegen/aws-models/account.json,
// ListRegionsRequest MaxResults @range(min: 1, max: 50)). AWS does not document a default page size;
// the stand-in's is smaller than the maximum, so a caller that sends none still meets paging.
const MAX_RESULTS = 50;
const DEFAULT_PAGE_SIZE = 20;
// NextToken: at most 1,000 characters (the same model).
const MAX_TOKEN_LENGTH = 1000;

const validation = (message: string): ServiceError => new ServiceError('ValidationException', message, 400);

/**
 * One account's Regions and their opt-in statuses, and the Account Management
 * API's `ListRegions` over them (restJson1, `POST /listRegions`; Account
 * Management API reference, ListRegions). Only what is enabled
 * (ENABLED, ENABLED_BY_DEFAULT) answers other services' calls: "You cannot use
 * the Region until this process is complete" while it is being enabled, and
 * "The act of disabling a Region will remove all IAM access to any resources
 * that reside in that Region" (API reference, DisableRegion).
 */
export class AccountRegions {
  private readonly statuses = new Map<string, RegionOptStatus>();

  public constructor() {
    this.clear();
  }

  /** Sets a Region's status (a Region not known yet is added). */
  public set(region: string, status: RegionOptStatus): void {
    this.statuses.set(region, status);
  }

  /** Forgets every Region (for a test that lists only its own). */
  public removeAll(): void {
    this.statuses.clear();
  }

  /** Whether calls to `region` are answered: it is enabled for the account. */
  public usable(region: string): boolean {
    const status = this.statuses.get(region);
    return status === RegionOptStatus.Enabled || status === RegionOptStatus.EnabledByDefault;
  }

  /** Back to a new account's Regions: the default ones enabled, the opt-in ones disabled. */
  public clear(): void {
    this.statuses.clear();
    for (const region of DEFAULT_ENABLED_REGIONS) this.statuses.set(region, RegionOptStatus.EnabledByDefault);
    for (const region of OPT_IN_REGIONS) this.statuses.set(region, RegionOptStatus.Disabled);
  }

  /**
   * ListRegions: every Region with its status, sorted by name (AWS documents
   * no order), filtered by `RegionOptStatusContains`, paged by `MaxResults`
   * and `NextToken`. `AccountId` (a member account, asked by the management
   * account) is refused: the stand-in's accounts are not an Organization's
   * management account, and the product never sends it.
   */
  public listRegions(body: JsonBody): JsonBody {
    if (body['AccountId'] !== undefined) {
      throw new ServiceError('AccessDeniedException', 'The stand-in answers ListRegions for the calling account only (no AccountId).', 403);
    }
    const filter = body['RegionOptStatusContains'];
    if (filter !== undefined && (!Array.isArray(filter) || !filter.every((status) => typeof status === 'string' && STATUSES.has(status)))) {
      throw validation(`Invalid RegionOptStatusContains: each must be one of ${[...STATUSES].join(', ')}`);
    }
    const size = body['MaxResults'] ?? DEFAULT_PAGE_SIZE;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_RESULTS) {
      throw validation(`1 validation error detected: Value '${String(size)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_RESULTS}`);
    }
    const start = offsetOf(body['NextToken']);
    const wanted = new Set<string>(Array.isArray(filter) && filter.length > 0 ? (filter as string[]) : STATUSES);
    const regions = [...this.statuses.entries()]
      .filter(([, status]) => wanted.has(status))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([RegionName, RegionOptStatus]) => ({ RegionName, RegionOptStatus }));
    const page = regions.slice(start, start + size);
    const next = start + size < regions.length ? tokenOf(start + size) : undefined;
    return { Regions: page, ...(next === undefined ? {} : { NextToken: next }) };
  }
}

function tokenOf(offset: number): string {
  return Buffer.from(`regions:${offset}`).toString('base64');
}

function offsetOf(token: unknown): number {
  if (token === undefined) return 0;
  const decoded = typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH ? /^regions:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8')) : null;
  if (decoded?.[1] === undefined) throw validation('The NextToken is not valid.');
  return Number(decoded[1]);
}

/** The Account Management operation a restJson1 request is for (`POST /listRegions`), or `undefined`. */
export function accountOperation(method: string | undefined, path: string): string | undefined {
  return method === 'POST' && path === '/listRegions' ? 'ListRegions' : undefined;
}
