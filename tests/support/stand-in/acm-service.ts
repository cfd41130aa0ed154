import { randomUUID } from 'node:crypto';
import { ServiceError } from './reply';

/** An ACM certificate as the stand-in holds it. */
export interface AcmSeed {
  readonly region: string;
  /** Domain name first, then the other subject alternative names. */
  readonly names: readonly string[];
  /** Default `ISSUED`. */
  readonly status?: 'ISSUED' | 'PENDING_VALIDATION' | 'EXPIRED' | 'REVOKED';
  /** Default `RSA_2048`. */
  readonly keyAlgorithm?: string;
}

interface StoredAcmCertificate extends AcmSeed {
  readonly arn: string;
}

// ACM API reference: ListCertificates MaxItems 1-1000; a summary lists at most 100
// SubjectAlternativeNameSummaries and sets HasAdditionalSubjectAlternativeNames beyond;
// without Includes.keyTypes only RSA_2048 certificates are listed.
const MAX_ITEMS = 1000;
const SAN_SUMMARY_LIMIT = 100;

/** One account's ACM certificates across regions: `ListCertificates` and `DescribeCertificate` (JSON 1.1, target `CertificateManager.*`). */
export class AcmState {
  private readonly certificates: StoredAcmCertificate[] = [];

  public constructor(private readonly accountId: string) {}

  /** Adds a certificate; returns its ARN. */
  public add(seed: AcmSeed): string {
    const arn = `arn:aws:acm:${seed.region}:${this.accountId}:certificate/${randomUUID()}`;
    this.certificates.push({ ...seed, arn });
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
    const keyTypes = ((body['Includes'] as Record<string, unknown> | undefined)?.['keyTypes'] as string[] | undefined) ?? ['RSA_2048'];
    const matching = this.certificates.filter(
      (c) => c.region === region && (statuses === undefined || statuses.includes(c.status ?? 'ISSUED')) && keyTypes.includes(c.keyAlgorithm ?? 'RSA_2048'),
    );
    const start = typeof body['NextToken'] === 'string' ? Number(Buffer.from(body['NextToken'], 'base64').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) throw new ServiceError('InvalidArgsException', 'The NextToken is invalid');
    const end = start + limit;
    return {
      CertificateSummaryList: matching.slice(start, end).map((c) => ({
        CertificateArn: c.arn,
        DomainName: c.names[0],
        SubjectAlternativeNameSummaries: c.names.slice(0, SAN_SUMMARY_LIMIT),
        HasAdditionalSubjectAlternativeNames: c.names.length > SAN_SUMMARY_LIMIT,
        Status: c.status ?? 'ISSUED',
        KeyAlgorithm: c.keyAlgorithm ?? 'RSA_2048',
      })),
      ...(end < matching.length ? { NextToken: Buffer.from(String(end)).toString('base64') } : {}),
    };
  }

  private describe(body: Readonly<Record<string, unknown>>, region: string): unknown {
    const certificate = this.certificates.find((c) => c.arn === body['CertificateArn'] && c.region === region);
    if (certificate === undefined) throw new ServiceError('ResourceNotFoundException', `Could not find certificate ${String(body['CertificateArn'])}.`);
    return { Certificate: { CertificateArn: certificate.arn, DomainName: certificate.names[0], SubjectAlternativeNames: certificate.names, Status: certificate.status ?? 'ISSUED' } };
  }
}
