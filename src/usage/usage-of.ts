import type { ServerCertificate } from '../core/server-certificate';
import { UsageState, type CertificateUsage, type Usage, type UsageInventory } from './certificate-usage';
import { coversEveryRegion } from './region-scope';

/**
 * The usage verdict for one certificate: the resources whose reference names
 * its ARN (load balancers) or its id (CloudFront). A failed look-up anywhere,
 * or a region enabled for the account that was not scanned (or an account
 * whose regions are unknown), makes an otherwise unreferenced certificate
 * `unknown`, never `not-referenced`: it might have held the reference.
 *
 * @example
 * usageOf(certificate, await finder.scan()).state; // 'in-use' | 'not-referenced' | 'unknown'
 */
export function usageOf(certificate: Pick<ServerCertificate, 'arn' | 'id'>, inventory: UsageInventory): CertificateUsage {
  const usages: Usage[] = [];
  const seen = new Set<string>();
  for (const reference of inventory.references) {
    const key = reference.certificate;
    // An empty ARN or id (IAM left it out) must never match an empty reference.
    const mine = key.value !== '' && key.value === (key.by === 'arn' ? certificate.arn : certificate.id);
    if (!mine) continue;
    const usage = reference.usage;
    const identity = [usage.service, usage.region, usage.resource, usage.detail].join('\u0000');
    if (seen.has(identity)) continue;
    seen.add(identity);
    usages.push(usage);
  }
  const failures = [...inventory.failures];
  const coverage = inventory.coverage;
  if (usages.length > 0) return { state: UsageState.InUse, usages, failures, coverage };
  if (failures.length > 0 || !coversEveryRegion(coverage)) return { state: UsageState.Unknown, usages, failures, coverage };
  return { state: UsageState.NotReferenced, usages, failures, coverage };
}
