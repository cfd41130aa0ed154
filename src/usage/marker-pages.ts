import { RuleError } from '../errors';

/** One page and the marker of the next, `undefined` or `''` on the last page. */
export interface MarkerPage<T> {
  readonly page: T;
  readonly nextMarker: string | undefined;
}

/**
 * Yields every page of a `Marker` / `NextMarker` API (ELB, ELBv2, CloudFront).
 * Written out rather than taken from the SDK's paginators because the ELB ones
 * ignore a page size, and because an API that hands back the marker it was
 * given would otherwise be asked forever: that throws instead.
 */
export async function* markerPages<T>(fetch: (marker: string | undefined) => Promise<MarkerPage<T>>): AsyncGenerator<T> {
  const used = new Set<string>();
  let marker: string | undefined;
  for (;;) {
    const { page, nextMarker } = await fetch(marker);
    yield page;
    // ELB documents an empty NextMarker on the last page.
    if (nextMarker === undefined || nextMarker === '') return;
    if (used.has(nextMarker)) {
      throw new RuleError(`The API returned marker ${JSON.stringify(nextMarker)} twice; stopping rather than looping`);
    }
    used.add(nextMarker);
    marker = nextMarker;
  }
}
