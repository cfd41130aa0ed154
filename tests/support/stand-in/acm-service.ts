import { randomUUID } from 'node:crypto';
import { decodeOffset, encodeOffset } from './marker-paging';
import { ServiceError } from './reply';

/** An ACM certificate as the stand-in holds it. */
export interface AcmSeed {
  readonly region: string;
  /** Domain name first, then the other subject alternative names. */
  readonly names: readonly string[];
  /** Default `ISSUED`. */
  readonly status?: 'ISSUED' | 'PENDING_VALIDATION' | 'EXPIRED' | 'REVOKED';
  /** Default `RSA_2048` (the API's enum spelling; answers use ACM's hyphenated form, see {@link wireKeyAlgorithm}). */
  readonly keyAlgorithm?: string;
  /** Default `AMAZON_ISSUED` (ACM API reference, CertificateSummary `Type`: AMAZON_ISSUED | IMPORTED | PRIVATE). */
  readonly type?: 'AMAZON_ISSUED' | 'IMPORTED' | 'PRIVATE';
  /** Default: 395 days after the seed. */
  readonly notAfter?: Date;
}

interface StoredAcmCertificate extends AcmSeed {
  readonly arn: string;
}

// ACM API reference: ListCertificates MaxItems 1-1000; a summary lists at most 100
// SubjectAlternativeNameSummaries and sets HasAdditionalSubjectAlternativeNames beyond.
const MAX_ITEMS = 1000;
const SAN_SUMMARY_LIMIT = 100;

/**
 * Without `Includes.keyTypes`: "Default filtering returns only RSA_1024 and
 * RSA_2048 certificates that have at least one domain" (ACM API reference,
 * Filters `keyTypes`); an RSA 4096 certificate is left out by default
 * (aws/aws-cli#3450).
 */
const DEFAULT_KEY_TYPES = ['RSA_1024', 'RSA_2048'];

const DAY_MS = 86_400_000;

/**
 * ACM answers key algorithms hyphenated (`RSA-2048`, `EC-prime256v1`) although
 * the API's enum spells them `RSA_2048`: a real ListCertificates summary shows
 * `"KeyAlgorithm": "RSA-2048"` (pulumi/pulumi-aws#5649). The request filter
 * (`Includes.keyTypes`) takes the enum spelling.
 */
function wireKeyAlgorithm(keyAlgorithm: string): string {
  return keyAlgorithm.replace('_', '-');
}

/** One account's ACM certificates across regions: `ListCertificates` and `DescribeCertificate` (JSON 1.1, target `CertificateManager.*`). */
export class AcmState {
  private readonly certificates: StoredAcmCertificate[] = [];

  public constructor(private readonly accountId: string) {}

  /** Adds a certificate; returns its ARN. */
  public add(seed: AcmSeed): string {
    const arn = `arn:aws:acm:${seed.region}:${this.accountId}:certificate/${randomUUID()}`;
    this.certificates.push({ ...seed, notAfter: seed.notAfter ?? new Date(Date.now() + 395 * DAY_MS), arn });
    return arn;
  }

  /** Forgets every certificate. */
  public clear(): void {
    this.certificates.length = 0;
  }

  /** Runs one operation in `region` (from the request's signature). */
  public run(operation: string, body: Readonly<Record<string, unknown>>, region: string): unknown {
    switch (operation) {
      case 'ListCertificates':
        return this.list(body, region);
      case 'DescribeCertificate':
        return this.describe(body, region);
      default:
        throw new ServiceError('UnknownOperationException', `Operation ${operation} is not supported by the stand-in's ACM`);
    }
  }

  private list(body: Readonly<Record<string, unknown>>, region: string): unknown {
    const limit = body['MaxItems'] ?? MAX_ITEMS;
    if (typeof limit !== 'number' || limit < 1 || limit > MAX_ITEMS) throw new ServiceError('ValidationException', `MaxItems must be 1 to ${MAX_ITEMS}`);
    const statuses = Array.isArray(body['CertificateStatuses']) ? (body['CertificateStatuses'] as string[]) : undefined;
    const asked = (body['Includes'] as Record<string, unknown> | undefined)?.['keyTypes'] as string[] | undefined;
    const keyTypes = asked ?? DEFAULT_KEY_TYPES;
    const matching = this.certificates.filter(
      (c) =>
        c.region === region &&
        (statuses === undefined || statuses.includes(c.status ?? 'ISSUED')) &&
        keyTypes.includes(c.keyAlgorithm ?? 'RSA_2048') &&
        (asked !== undefined || c.names.length > 0),
    );
    const start = typeof body['NextToken'] === 'string' ? decodeOffset(body['NextToken'], matching.length) : 0;
    if (start === undefined) throw new ServiceError('InvalidArgsException', 'The NextToken is invalid');
    const end = start + limit;
    return {
      CertificateSummaryList: matching.slice(start, end).map((c) => ({
        CertificateArn: c.arn,
        DomainName: c.names[0],
        SubjectAlternativeNameSummaries: c.names.slice(0, SAN_SUMMARY_LIMIT),
        HasAdditionalSubjectAlternativeNames: c.names.length > SAN_SUMMARY_LIMIT,
        Status: c.status ?? 'ISSUED',
        Type: c.type ?? 'AMAZON_ISSUED',
        KeyAlgorithm: wireKeyAlgorithm(c.keyAlgorithm ?? 'RSA_2048'),
        // JSON 1.1 timestamps are epoch seconds.
        NotAfter: (c.notAfter ?? new Date()).getTime() / 1000,
      })),
      ...(end < matching.length ? { NextToken: encodeOffset(end) } : {}),
    };
  }

  private describe(body: Readonly<Record<string, unknown>>, region: string): unknown {
    const certificate = this.certificates.find((c) => c.arn === body['CertificateArn'] && c.region === region);
    if (certificate === undefined) throw new ServiceError('ResourceNotFoundException', `Could not find certificate ${String(body['CertificateArn'])}.`);
    return {
      Certificate: {
        CertificateArn: certificate.arn,
        DomainName: certificate.names[0],
        SubjectAlternativeNames: certificate.names,
        Status: certificate.status ?? 'ISSUED',
        Type: certificate.type ?? 'AMAZON_ISSUED',
        KeyAlgorithm: wireKeyAlgorithm(certificate.keyAlgorithm ?? 'RSA_2048'),
        NotAfter: (certificate.notAfter ?? new Date()).getTime() / 1000,
      },
    };
  }
}
