import { covers } from '../../core/certificate-names';

/**
 * A name to send as SNI when checking an endpoint: the first of `preferred`
 * (the old certificate's names, which clients use today) that is not a
 * wildcard and that the new certificate covers, else the new certificate's
 * first plain name; `undefined` when it only has wildcards nobody named.
 */
export function serverNameFor(newNames: readonly string[], preferred: readonly string[]): string | undefined {
  return [...preferred, ...newNames].find((name) => !name.startsWith('*.') && covers(newNames, name));
}
