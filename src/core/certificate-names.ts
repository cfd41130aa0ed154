import { X509Certificate } from 'node:crypto';

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

/** The DNS names of a PEM certificate body; none when it cannot be parsed. */
export function pemNames(pem: string): string[] {
  try {
    return certificateNames(new X509Certificate(pem));
  } catch {
    return [];
  }
}
