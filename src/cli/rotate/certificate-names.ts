import type { X509Certificate } from 'node:crypto';

/**
 * The DNS names a certificate serves: its subjectAltName DNS entries, else
 * its subject CN (clients ignore the CN when a SAN is present, RFC 6125 §6.4.4).
 */
export function certificateNames(certificate: X509Certificate): string[] {
  const san = certificate.subjectAltName;
  const dns = (san ?? '')
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
  if (dns.length > 0) return [...new Set(dns)];
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  return cn === undefined ? [] : [cn.toLowerCase()];
}

/**
 * Whether `names` cover `name`: the same name, or a wildcard `*.rest` for a
 * name one label longer than `rest` (a wildcard matches exactly one label,
 * RFC 6125 §6.4.3).
 */
export function covers(names: readonly string[], name: string): boolean {
  const wanted = name.toLowerCase();
  return names.some((candidate) => {
    if (candidate === wanted) return true;
    if (!candidate.startsWith('*.') || wanted.startsWith('*.')) return false;
    const dot = wanted.indexOf('.');
    return dot > 0 && wanted.slice(dot + 1) === candidate.slice(2);
  });
}

/**
 * A name to send as SNI when checking an endpoint: the first of `preferred`
 * (the old certificate's names, which clients use today) that is not a
 * wildcard and that the new certificate covers, else the new certificate's
 * first plain name; `undefined` when it only has wildcards nobody named.
 */
export function serverNameFor(newNames: readonly string[], preferred: readonly string[]): string | undefined {
  return [...preferred, ...newNames].find((name) => !name.startsWith('*.') && covers(newNames, name));
}
