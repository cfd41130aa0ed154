import { eachPage, type Page } from '../adapters/collect-pages';
import type { TimeBudget } from '../core/time-budget';
import type { CertificateReference, UsageService } from './certificate-usage';
import { UsageLookupError } from '../errors';

/**
 * One place references can live: one service in one region. `scan` reports
 * each reference as it finds it, so references found before a failure still
 * count (a certificate seen in use stays in use), and throws
 * {@link UsageLookupError} when a call fails.
 */
export interface ReferenceSource {
  readonly service: UsageService;
  readonly region: string;
  scan(found: (reference: CertificateReference) => void, budget?: TimeBudget): Promise<void>;
}

/**
 * Runs one call and ties any failure to its service, region and IAM action,
 * so the report can say exactly which permission or region is missing.
 */
async function lookup<T>(source: Pick<ReferenceSource, 'service' | 'region'>, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new UsageLookupError(source.service, source.region, action, { cause: error });
  }
}

/**
 * Every page of one paged look-up of `source`, through the shared paging loop
 * (time budget, abort signal, truncation and loop checks), each call's failure
 * tied to `action` as in {@link lookup}.
 */
export function lookupPages<T>(
  source: Pick<ReferenceSource, 'service' | 'region'>,
  action: string,
  budget: TimeBudget,
  fetchPage: (marker: string | undefined, abortSignal: AbortSignal | undefined) => Promise<Page<T>>,
): AsyncGenerator<readonly T[]> {
  return eachPage(action, budget, (marker, abortSignal) => lookup(source, action, () => fetchPage(marker, abortSignal)));
}
