import { TimeBudget } from '../core/time-budget';
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
export async function lookup<T>(
  source: Pick<ReferenceSource, 'service' | 'region'>,
  action: string,
  call: (abortSignal: AbortSignal | undefined) => Promise<T>,
  budget: TimeBudget = TimeBudget.unlimited(),
): Promise<T> {
  try {
    // A spent budget makes this source's usage unknown; it never fails the rule.
    budget.ensure(action);
    return await call(budget.signal());
  } catch (error) {
    throw new UsageLookupError(source.service, source.region, action, { cause: error });
  }
}
