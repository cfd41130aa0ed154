import type { ServerCertificate } from '../core/server-certificate';
import type { TimeBudget } from '../core/time-budget';
import { mapConcurrently } from '../core/map-concurrently';
import type { CertificateTagSource } from './ports';

/** Owner-tag look-ups in flight at once: one `ListServerCertificateTags` each. */
export const OWNER_LOOKUP_CONCURRENCY = 8;

/**
 * Each certificate's owner: the value of its `tagKey` tag, `undefined` when it
 * has none. One IAM call per certificate (IAM lists no tags with
 * `ListServerCertificates`: API reference, "IAM resource-listing operations
 * return a subset of the available attributes … does not return tags").
 */
export async function ownersOf(
  certificates: readonly ServerCertificate[],
  tags: CertificateTagSource,
  tagKey: string,
  budget: TimeBudget,
): Promise<(string | undefined)[]> {
  return mapConcurrently(certificates, OWNER_LOOKUP_CONCURRENCY, async (certificate) => {
    const value = (await tags.tagsOf(certificate.name, budget)).get(tagKey);
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  });
}
