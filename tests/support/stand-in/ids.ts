import { randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `count` random uppercase letters and digits, the alphabet of IAM unique ids. */
export function randomUpperAlnum(count: number): string {
  let text = '';
  for (let i = 0; i < count; i += 1) text += ALNUM[randomInt(ALNUM.length)];
  return text;
}

/**
 * A server certificate id shaped like IAM's: `ASCA` followed by 17 uppercase
 * letters and digits (IAM User Guide, "Unique identifiers": ASCA is the prefix
 * of server certificates).
 */
export function serverCertificateId(): string {
  return `ASCA${randomUpperAlnum(17)}`;
}

/** A request id in the UUID form AWS returns in `RequestId` / `x-amzn-RequestId`. */
export function requestId(): string {
  return crypto.randomUUID();
}
