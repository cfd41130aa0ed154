import { UsageState, type CertificateUsage, type Usage, type UsageFailure } from './certificate-usage';

/** Default room for the usage text: it is appended to an annotation capped at 256 characters. */
export const DEFAULT_USAGE_TEXT_LENGTH = 120;

const ELLIPSIS = '…';

/**
 * A short, one-line account of a certificate's consumers, for the rule's
 * annotation and the CLI's table:
 *
 * - `in use by elb my-app-elb:443, cloudfront E2ABC:www.example.com`
 * - `not referenced: safe to delete`
 * - `usage unknown: AccessDenied in eu-west-1 for elasticloadbalancing:DescribeLoadBalancers`
 *
 * Longer lists say `and N more`; the result never exceeds `maxLength`.
 */
export function formatUsage(usage: CertificateUsage, maxLength: number = DEFAULT_USAGE_TEXT_LENGTH): string {
  switch (usage.state) {
    case UsageState.InUse:
      return fitList('in use by ', usage.usages.map(describeUsage), maxLength);
    case UsageState.Unknown:
      return fitList('usage unknown: ', usage.failures.map(describeFailure), maxLength);
    case UsageState.NotReferenced:
      return cut('not referenced: safe to delete', maxLength);
  }
}

/** `elb my-app-elb:443`: service, resource and where on it. */
export function describeUsage(usage: Usage): string {
  return `${usage.service} ${usage.resource}:${usage.detail}`;
}

/** `AccessDenied in eu-west-1 for elasticloadbalancing:DescribeLoadBalancers`: the error's name only, to stay short. */
export function describeFailure(failure: UsageFailure): string {
  const name = failure.reason.split(':', 1)[0] ?? failure.reason;
  return `${name} in ${failure.region} for ${failure.action}`;
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
