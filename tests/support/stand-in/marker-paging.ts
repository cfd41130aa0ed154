import { ServiceError } from './reply';

/** One page of a Marker-paged list and the marker of the next page, `undefined` on the last. */
export interface MarkerPage<T> {
  readonly items: readonly T[];
  readonly nextMarker: string | undefined;
}

/**
 * Pages a list the way ELB and ELBv2 do: `PageSize` 1 to 400, default 400,
 * and an opaque `Marker` from the previous page's `NextMarker` (ELB API
 * reference and ELBv2 API reference, DescribeLoadBalancers / DescribeListeners
 * / DescribeListenerCertificates: "PageSize … Valid Range: Minimum value of 1.
 * Maximum value of 400"). The marker is an encoded offset: the lists only
 * change between calls in tests.
 */
export function markerPage<T>(items: readonly T[], params: URLSearchParams): MarkerPage<T> {
  const pageSizeText = params.get('PageSize');
  const pageSize = pageSizeText === null ? 400 : Number(pageSizeText);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 400) {
    throw new ServiceError('ValidationError', `1 validation error detected: Value '${pageSizeText ?? ''}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`);
  }
  const marker = params.get('Marker');
  const start = marker === null || marker === '' ? 0 : decodeOffset(marker, items.length);
  if (start === undefined) throw new ServiceError('ValidationError', 'Invalid Marker.');
  const end = start + pageSize;
  return { items: items.slice(start, end), nextMarker: end < items.length ? encodeOffset(end) : undefined };
}

/** An opaque page token for the list position `offset` (ELB's `Marker`, ACM's `NextToken`). */
export function encodeOffset(offset: number): string {
  return Buffer.from(`stand-in-offset:${offset}`).toString('base64');
}

/** The position a token from {@link encodeOffset} stands for; `undefined` when it is not one, or lies past a list of `size`. */
export function decodeOffset(token: string, size: number): number | undefined {
  const match = /^stand-in-offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  const offset = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  return Number.isInteger(offset) && offset <= size ? offset : undefined;
}
