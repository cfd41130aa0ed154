import { RegionGapReason, UsageState, type CertificateUsage, type RegionCoverage, type Usage, type UsageFailure } from './certificate-usage';

/** Default room for the usage text: it is appended to an annotation capped at 256 characters. */
export const DEFAULT_USAGE_TEXT_LENGTH = 120;

const ELLIPSIS = '…';

/** How to word a certificate's usage. */
export interface UsageTextOptions {
  /**
   * Whether the certificate has expired: only then may an unreferenced one be
   * called safe to delete. A valid certificate nothing uses is just "not
   * referenced": deleting it is no clean-up, and may break what is about to use it.
   */
  readonly expired: boolean;
  /** The longest the text may be; default {@link DEFAULT_USAGE_TEXT_LENGTH}. */
  readonly maxLength?: number;
}

/**
 * A short, one-line account of a certificate's consumers, for the rule's
 * annotation and the CLI's table:
 *
 * - `in use by elb my-app-elb:443, cloudfront E2ABC:www.example.com`
 * - `not referenced: safe to delete` (expired, and every enabled region checked), or `not referenced`
 * - `usage unknown: AccessDenied in eu-west-1 for elasticloadbalancing:DescribeLoadBalancers`
 * - `usage unknown: 15 enabled regions not scanned`
 *
 * Longer lists say `and N more`; the result never exceeds `maxLength`.
 */
export function formatUsage(usage: CertificateUsage, options: UsageTextOptions): string {
  const maxLength = options.maxLength ?? DEFAULT_USAGE_TEXT_LENGTH;
  switch (usage.state) {
    case UsageState.InUse:
      return fitList('in use by ', usage.usages.map(describeUsage), maxLength);
    case UsageState.Unknown:
      return fitList('usage unknown: ', [...usage.failures.map(describeFailure), ...describeGaps(usage.coverage)], maxLength);
    case UsageState.NotReferenced:
      return cut(options.expired ? 'not referenced: safe to delete' : 'not referenced', maxLength);
  }
}

/** `elb my-app-elb:443`: service, resource and where on it. */
export function describeUsage(usage: Usage): string {
  return `${usage.service} ${usage.resource}:${usage.detail}`;
}

/** `AccessDenied in eu-west-1 for elasticloadbalancing:DescribeLoadBalancers`: the error's name only, to stay short. */
export function describeFailure(failure: UsageFailure): string {
  return `${errorName(failure.reason)} in ${failure.region} for ${failure.action}`;
}

/**
 * What the scan left out, shortest first: `regions unknown (AccessDenied for
 * account:ListRegions)`, `eu-wst-1 not enabled`, `me-south-1 ENABLING`,
 * `eu-central-1 not scanned` or `15 enabled regions not scanned`.
 */
export function describeGaps(coverage: RegionCoverage): string[] {
  const described: string[] = [];
  if (coverage.listFailure !== undefined) described.push(`regions unknown (${errorName(coverage.listFailure)} for account:ListRegions)`);
  const of = (reason: RegionGapReason) => coverage.gaps.filter((gap) => gap.reason === reason);
  for (const gap of of(RegionGapReason.NotEnabled)) described.push(`${gap.region} not enabled`);
  for (const gap of of(RegionGapReason.Changing)) described.push(`${gap.region} ${gap.status ?? 'changing'}`);
  const left = of(RegionGapReason.NotRequested);
  if (left.length === 1) described.push(`${left[0]?.region ?? ''} not scanned`);
  else if (left.length > 1) described.push(`${left.length} enabled regions not scanned`);
  return described;
}

/** `AccessDenied` of `AccessDenied: User … is not authorized`: the error's name, to stay short. */
export function errorName(reason: string): string {
  return reason.split(':', 1)[0] ?? reason;
}

/** Joins as many items as fit, then says how many were left out. */
function fitList(prefix: string, items: readonly string[], maxLength: number): string {
  const shown: string[] = [];
  for (let index = 0; index < items.length; index += 1) {
    const candidate = [...shown, items[index] ?? ''];
    const rest = items.length - candidate.length;
    const text = `${prefix}${candidate.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
    if (text.length > maxLength && shown.length > 0) break;
    shown.push(items[index] ?? '');
  }
  const rest = items.length - shown.length;
  return cut(`${prefix}${shown.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`, maxLength);
}

function cut(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${text.slice(0, Math.max(0, maxLength - ELLIPSIS.length))}${ELLIPSIS}`;
}
