import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isoSeconds } from '../../core/annotation';
import { certificateNames, covers, pemNames } from '../../core/certificate-names';
import type { PrivateKey } from './private-key';

/** One check of the new certificate, passed or not, and why. */
export interface CertificateCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** The new certificate as read from its files, and what the checks found. */
export interface NewCertificate {
  readonly checks: readonly CertificateCheck[];
  /** Every check passed. */
  readonly ok: boolean;
  /** Present when the body parsed. */
  readonly parsed?: {
    readonly notBefore: Date;
    readonly notAfter: Date;
    readonly names: readonly string[];
    /** SHA-256 fingerprint as `node:tls` reports it (`AB:CD:…`), to recognise it on an endpoint. */
    readonly fingerprint256: string;
  };
}

/** What the checks compare against: the certificate being replaced. */
export interface OldCertificate {
  readonly name: string;
  readonly expiration: Date;
  /** Its PEM body, as IAM's GetServerCertificate returns it. */
  readonly body: string;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM certificate blocks of a file, in order. */
export function pemBlocks(text: string): string[] {
  return text.match(PEM_BLOCK) ?? [];
}

// Any PEM block (RFC 7468 §2: `-----BEGIN label-----` … `-----END label-----`).
const ANY_PEM_BLOCK = /-----BEGIN ([^-\r\n]+)-----[\s\S]*?-----END \1-----/g;
const BEGIN_LINE = /-----BEGIN ([^-\r\n]+)-----/;

/**
 * Why a certificate file holds something besides PEM certificate blocks, or
 * `undefined` when it holds only those (and blank space). The body and chain
 * are sent to IAM as they are, so a key pasted into them (a combined PEM from
 * a web server's config, `openssl pkcs12` output) would travel as
 * certificate text: such a file is refused, never trimmed. Says what and
 * where (the block's label, the line), never the content.
 */
export function nonCertificateContent(text: string, flag: string): string | undefined {
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  let end = 0;
  for (const match of text.matchAll(ANY_PEM_BLOCK)) {
    const stray = strayText(text.slice(end, match.index), flag, end, lineOf);
    if (stray !== undefined) return stray;
    const label = match[1] ?? '';
    if (label !== 'CERTIFICATE') {
      return `${flag} holds a "${label}" PEM block at line ${lineOf(match.index)}, not only certificates: ${/PRIVATE KEY/.test(label) ? 'give the private key with --private-key only' : 'keep only CERTIFICATE blocks'}; nothing is sent`;
    }
    end = match.index + match[0].length;
  }
  return strayText(text.slice(end), flag, end, lineOf);
}

function strayText(gap: string, flag: string, offset: number, lineOf: (offset: number) => number): string | undefined {
  const first = gap.search(/\S/);
  if (first < 0) return undefined;
  const begin = BEGIN_LINE.exec(gap.slice(first));
  return begin !== null && gap.slice(first).startsWith(begin[0])
    ? `${flag} has a "${begin[1] ?? ''}" PEM block without its END line at line ${lineOf(offset + first)}; nothing is sent`
    : `${flag} has text outside its PEM certificate blocks at line ${lineOf(offset + first)} (only CERTIFICATE blocks may be in it); nothing is sent`;
}

/**
 * Checks a replacement before anything is uploaded: it parses, is valid at
 * `now`, ends later than the old one, matches its private key, its chain is
 * in order (each certificate issued and signed by the next), and its names
 * cover every name of the old one. A body or chain file with anything but
 * certificate blocks in it (a private key above all) fails "parses". Never
 * throws for bad input: a failed check says what is wrong; never quotes the
 * files or the key.
 */
export function checkNewCertificate(
  body: string,
  key: PrivateKey,
  chain: string | undefined,
  old: OldCertificate,
  now: Date,
): NewCertificate {
  const checks: CertificateCheck[] = [];
  const check = (name: string, passed: boolean, detail: string): void => void checks.push({ name, passed, detail });
  const extra = nonCertificateContent(body, '--certificate-body') ?? (chain === undefined ? undefined : nonCertificateContent(chain, '--certificate-chain'));
  if (extra !== undefined) {
    check('parses', false, extra);
    return { checks, ok: false };
  }
  const blocks = pemBlocks(body);
  if (blocks.length !== 1) {
    check('parses', false, `--certificate-body must hold exactly one PEM certificate, found ${blocks.length}${blocks.length > 1 ? ' (put intermediates in --certificate-chain)' : ''}`);
    return { checks, ok: false };
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(blocks[0] ?? '');
  } catch (error) {
    check('parses', false, `--certificate-body is not an X.509 certificate (${error instanceof Error ? error.message : String(error)})`);
    return { checks, ok: false };
  }
  const names = certificateNames(certificate);
  check('parses', true, `names ${names.join(', ') || '(none)'}`);
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  check(
    'valid now',
    notBefore.getTime() <= now.getTime() && now.getTime() < notAfter.getTime(),
    notAfter.getTime() <= now.getTime() ? `expired ${isoSeconds(notAfter)}` : notBefore.getTime() > now.getTime() ? `not valid before ${isoSeconds(notBefore)}` : `valid until ${isoSeconds(notAfter)}`,
  );
  check(
    'expires later',
    notAfter.getTime() > old.expiration.getTime(),
    `${isoSeconds(notAfter)} ${notAfter.getTime() > old.expiration.getTime() ? 'after' : 'not after'} ${old.name}'s ${isoSeconds(old.expiration)}`,
  );
  check('key matches', keyMatches(certificate, key), keyMatches(certificate, key) ? 'the private key belongs to the certificate' : 'the private key does not belong to the certificate (or could not be read as a PEM key)');
  const chainCheck = checkChain(certificate, chain);
  check('chain in order', chainCheck.passed, chainCheck.detail);
  const oldNames = pemNames(old.body);
  const missing = oldNames.filter((name) => !covers(names, name));
  check(
    'names cover',
    oldNames.length > 0 && missing.length === 0,
    oldNames.length === 0 ? `${old.name}'s names could not be read from IAM` : missing.length === 0 ? `covers ${old.name}'s ${oldNames.join(', ')}` : `does not cover ${missing.join(', ')}`,
  );
  return {
    checks,
    ok: checks.every((one) => one.passed),
    parsed: { notBefore, notAfter, names, fingerprint256: certificate.fingerprint256 },
  };
}

function keyMatches(certificate: X509Certificate, key: PrivateKey): boolean {
  try {
    return certificate.checkPrivateKey(createPrivateKey(key.reveal()));
  } catch {
    // The key's parse error is not quoted: it could carry key material.
    return false;
  }
}

function checkChain(certificate: X509Certificate, chain: string | undefined): { passed: boolean; detail: string } {
  if (chain === undefined) return { passed: true, detail: 'no chain given' };
  const blocks = pemBlocks(chain);
  if (blocks.length === 0) return { passed: false, detail: '--certificate-chain holds no PEM certificate' };
  let parsed: X509Certificate[];
  try {
    parsed = blocks.map((block) => new X509Certificate(block));
  } catch (error) {
    return { passed: false, detail: `--certificate-chain has a certificate that does not parse (${error instanceof Error ? error.message : String(error)})` };
  }
  // IAM: "the chain … in order: the intermediate that signed the certificate
  // first, then each issuer, without the certificate itself" (IAM User Guide,
  // "Managing server certificates in IAM": uploading a server certificate).
  const all = [certificate, ...parsed];
  for (let index = 0; index + 1 < all.length; index += 1) {
    const subject = all[index] as X509Certificate;
    const issuer = all[index + 1] as X509Certificate;
    if (!subject.checkIssued(issuer) || !subject.verify(issuer.publicKey)) {
      return { passed: false, detail: `chain certificate ${index + 1} (${issuer.subject.replace(/\n/g, ', ')}) did not issue ${index === 0 ? 'the certificate' : `chain certificate ${index}`}: wrong order or wrong chain` };
    }
  }
  return { passed: true, detail: `${parsed.length} certificate${parsed.length === 1 ? '' : 's'}, each issued by the next` };
}

