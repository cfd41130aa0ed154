import { covers } from '../../core/certificate-names';
import type { Endpoint } from './rotation-services';

/**
 * The label put under a wildcard alias when nothing else names a host it
 * answers for: CloudFront matches SNI against `*.example.com` for any one
 * label, so `iam-cert-expiry-check.example.com` gets the distribution's
 * certificate.
 */
export const PROBE_LABEL = 'iam-cert-expiry-check';

/**
 * A name to send as SNI when checking an endpoint, one the new certificate
 * covers and that is not a wildcard:
 * - a load balancer (no `names`): the new certificate's first plain name;
 * - a distribution: its first plain alias, else a plain name of the new
 *   certificate that one of its (wildcard) aliases matches, else a name made
 *   under a wildcard alias ({@link PROBE_LABEL}), since a distribution
 *   serves its certificate only to names among its aliases.
 * `undefined` when no such name exists.
 */
export function serverNameFor(newNames: readonly string[], endpoint: Endpoint): string | undefined {
  const plain = (name: string): boolean => !name.startsWith('*.') && covers(newNames, name);
  const aliases = endpoint.names ?? [];
  if (aliases.length === 0) return newNames.find(plain);
  const named = [...aliases, ...newNames.filter((name) => covers(aliases, name))].find(plain);
  if (named !== undefined) return named;
  return aliases
    .filter((alias) => alias.startsWith('*.'))
    .map((alias) => `${PROBE_LABEL}.${alias.slice(2)}`)
    .find(plain);
}
