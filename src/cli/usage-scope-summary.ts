import { GLOBAL_REGION, RegionGapReason, type RegionGap, type UsageInventory } from '../usage/certificate-usage';
import { errorName } from '../usage/format-usage';
import { coversEveryRegion, regionsChecked } from '../usage/region-scope';

/** A region whose usage was not checked, and why. */
export interface RegionNotChecked {
  readonly region: string;
  /** `not in --regions`, `ENABLING`, `scan failed: AccessDenied for elasticloadbalancing:DescribeLoadBalancers`… */
  readonly reason: string;
}

/** Which regions a usage scan checked, as every output of the CLI states it (`usageScope` in JSON). */
export interface UsageScopeSummary {
  /** Every enabled region and CloudFront checked, nothing failed: only then is anything called safe to delete. */
  readonly complete: boolean;
  /** Every region enabled for the account; `null` when they could not be listed. */
  readonly enabledRegions: readonly string[] | null;
  /** Why they could not be listed (`account:ListRegions` failed); `null` when they were. */
  readonly regionListFailure: string | null;
  /** Regions whose load balancers were scanned without a failure. */
  readonly regionsChecked: readonly string[];
  /** Regions enabled, asked for or in transition whose load balancers were not (fully) scanned, with why. */
  readonly regionsNotChecked: readonly RegionNotChecked[];
  /** Whether CloudFront (global) was listed without a failure. */
  readonly cloudFrontChecked: boolean;
}

/**
 * What a scan covered. A region whose scan failed counts as not checked; an
 * enabled region left out says which flag left it out (`narrowedBy`).
 */
export function usageScopeSummary(inventory: UsageInventory, narrowedBy = '--regions'): UsageScopeSummary {
  const { coverage, failures } = inventory;
  const checked = regionsChecked(inventory);
  const failed = coverage.scanned
    .filter((region) => !checked.includes(region))
    .map((region): RegionNotChecked => {
      const failure = failures.find((one) => one.region === region);
      return { region, reason: `scan failed: ${errorName(failure?.reason ?? '')} for ${failure?.action ?? 'a look-up'}` };
    });
  const gaps = coverage.gaps.map((gap): RegionNotChecked => ({ region: gap.region, reason: gapReason(gap, narrowedBy) }));
  const cloudFrontChecked = !failures.some((failure) => failure.region === GLOBAL_REGION);
  return {
    complete: coversEveryRegion(coverage) && failures.length === 0,
    enabledRegions: coverage.enabled ?? null,
    regionListFailure: coverage.listFailure ?? null,
    regionsChecked: checked,
    regionsNotChecked: [...failed, ...gaps].sort((a, b) => a.region.localeCompare(b.region)),
    cloudFrontChecked,
  };
}

/**
 * One line for text outputs: "Usage checked in every region enabled for the
 * account (17): …, and CloudFront." or "Usage NOT checked in every enabled
 * region (a certificate found nowhere shows as usage unknown): checked in …;
 * not checked: …". The words "safe to delete" are kept for the certificates
 * that are, so a search for them finds nothing else.
 */
export function describeUsageScope(summary: UsageScopeSummary): string {
  const cloudFront = summary.cloudFrontChecked ? 'CloudFront: checked' : 'CloudFront: not checked (scan failed)';
  if (summary.complete) {
    return `Usage checked in every region enabled for the account (${summary.regionsChecked.length}): ${summary.regionsChecked.join(', ')}; and CloudFront.`;
  }
  const enabled = summary.enabledRegions === null ? '' : ` (${summary.regionsChecked.length} of ${summary.enabledRegions.length} enabled regions)`;
  const parts = [
    ...(summary.regionListFailure === null ? [] : [`the account's enabled regions are unknown (account:ListRegions failed: ${summary.regionListFailure})`]),
    `checked in ${summary.regionsChecked.length === 0 ? 'no region' : summary.regionsChecked.join(', ')}${enabled}`,
    ...(summary.regionsNotChecked.length === 0 ? [] : [`not checked: ${summary.regionsNotChecked.map((gap) => `${gap.region} (${gap.reason})`).join(', ')}`]),
    cloudFront,
  ];
  return `Usage NOT checked in every enabled region (a certificate found nowhere shows as usage unknown): ${parts.join('; ')}.`;
}

function gapReason(gap: RegionGap, narrowedBy: string): string {
  switch (gap.reason) {
    case RegionGapReason.NotRequested:
      return `not in ${narrowedBy}`;
    case RegionGapReason.Changing:
      return `${gap.status ?? 'changing'}: being enabled or disabled`;
    case RegionGapReason.NotEnabled:
      return 'not enabled for the account';
  }
}
