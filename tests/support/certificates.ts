import 'reflect-metadata'; // @peculiar/x509 uses tsyringe, which needs the Reflect metadata polyfill
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type KeyPair = webcrypto.CryptoKeyPair;

const MS_PER_DAY = 86_400_000;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A certificate and its key, PEM-encoded, ready for `UploadServerCertificate`. */
export interface TestCertificate {
  readonly name: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

let keys: Promise<{ pair: KeyPair; privateKeyPem: string }> | undefined;

/**
 * One ECDSA P-256 key pair for every test certificate: generating a key per
 * certificate (RSA especially) would dominate test time, and IAM only needs
 * each certificate to match its own key.
 */
function sharedKeys(): Promise<{ pair: KeyPair; privateKeyPem: string }> {
  keys ??= (async () => {
    const pair = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as KeyPair;
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', pair.privateKey);
    return { pair, privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
  })();
  return keys;
}

/**
 * A real self-signed X.509 certificate valid from `notBefore` to `notAfter`.
 *
 * @example
 * const expired = await makeCertificate('old', { notBefore: daysFrom(now, -400), notAfter: daysFrom(now, -10) });
 */
export async function makeCertificate(name: string, validity: { notBefore: Date; notAfter: Date }): Promise<TestCertificate> {
  const { pair, privateKeyPem } = await sharedKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Date.now().toString(16) + Math.floor(Math.random() * 0xffff).toString(16).padStart(4, '0'),
    name: `CN=${name}.example.test`,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    signingAlgorithm: ALGORITHM,
    keys: pair as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
  });
  return { name, certificatePem: certificate.toString('pem'), privateKeyPem, notBefore: validity.notBefore, notAfter: validity.notAfter };
}

/** `date` moved by a (possibly fractional, possibly negative) number of days. */
export function daysFrom(date: Date, days: number): Date {
  return new Date(date.getTime() + days * MS_PER_DAY);
}

/** A certificate that ends `daysLeft` days after `now` (negative: already expired), issued a year before. */
export function certificateEnding(name: string, now: Date, daysLeft: number): Promise<TestCertificate> {
  // X.509 times have one-second precision; whole seconds keep notAfter exact.
  const notAfter = new Date(Math.floor(daysFrom(now, daysLeft).getTime() / 1000) * 1000);
  return makeCertificate(name, { notBefore: daysFrom(notAfter, -365), notAfter });
}
