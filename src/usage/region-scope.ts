import { RegionGapReason, type RegionCoverage, type RegionGap, type UsageInventory } from './certificate-usage';

/** The account's regions as `account:ListRegions` gives them, in the project's terms. */
export interface AccountRegions {
  /** Enabled for the account (ENABLED, ENABLED_BY_DEFAULT): their resources can be read. */
  readonly enabled: readonly string[];
  /**
   * Being enabled or disabled (ENABLING, DISABLING, or a status AWS adds
   * later), with the status: they may hold resources that cannot be relied on
   * to be read, so a scan can never count them as checked.
   */
  readonly changing: readonly { readonly region: string; readonly status: string }[];
}

/**
 * The account's regions, or why they could not be read: `failure` says it,
 * `error` is what was thrown (the CLI tells missing or expired credentials
 * from a missing permission with it).
 */
export type RegionListing = { readonly regions: AccountRegions } | { readonly failure: string; readonly error?: unknown };

/**
 * What a scan will cover: the regions asked for (`requested`; every enabled
 * one when absent), against every region enabled for the account. A region
 * asked for that is not enabled is not scanned (its calls could only fail)
 * and is a gap; so are enabled regions left out, and regions being enabled or
 * disabled. When the account's regions are unknown, only the regions asked
 * for are scanned, and none when none were: there is no silent fallback to
 * one region, and nothing can be called unreferenced.
 *
 * @example
 * regionScope({ regions: { enabled: ['eu-west-1', 'us-east-1'], changing: [] } }, ['eu-west-1']).gaps;
 * // [{ region: 'us-east-1', reason: 'not-requested' }]
 */
export function regionScope(listing: RegionListing, requested: readonly string[] | undefined): RegionCoverage {
  const asked = requested === undefined ? undefined : [...new Set(requested)].sort();
  if ('failure' in listing) return { enabled: undefined, listFailure: listing.failure, scanned: asked ?? [], gaps: [] };
  const enabled = [...new Set(listing.regions.enabled)].sort();
  const changing = new Map(listing.regions.changing.map((entry) => [entry.region, entry.status]));
  const scanned = (asked ?? enabled).filter((region) => enabled.includes(region) && !changing.has(region));
  const gaps: RegionGap[] = [
    ...(asked ?? []).filter((region) => !enabled.includes(region) && !changing.has(region)).map((region) => ({ region, reason: RegionGapReason.NotEnabled })),
    ...enabled.filter((region) => !scanned.includes(region) && !changing.has(region)).map((region) => ({ region, reason: RegionGapReason.NotRequested })),
    ...[...changing].sort(([a], [b]) => a.localeCompare(b)).map(([region, status]) => ({ region, reason: RegionGapReason.Changing, status })),
  ];
  return { enabled, listFailure: undefined, scanned, gaps };
}

/**
 * Whether a scan over `coverage` leaves nothing out: the account's regions
 * known, every enabled one scanned, and at least one (every account has
 * regions enabled by default: a listing with none enabled is not one to trust).
 */
export function coversEveryRegion(coverage: RegionCoverage): boolean {
  return coverage.listFailure === undefined && coverage.enabled !== undefined && coverage.gaps.length === 0 && coverage.scanned.length > 0;
}

/** The scanned regions whose scan succeeded: a region with any failed look-up counts as not checked. */
export function regionsChecked(inventory: Pick<UsageInventory, 'coverage' | 'failures'>): string[] {
  const failed = new Set(inventory.failures.map((failure) => failure.region));
  return inventory.coverage.scanned.filter((region) => !failed.has(region));
}
