import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand, type KeyAlgorithm } from '@aws-sdk/client-acm';
import { TimeBudget } from '../core/time-budget';
import { collectPages } from './collect-pages';

/** An issued ACM certificate and the names it covers. */
export interface AcmCertificate {
  readonly arn: string;
  readonly region: string;
  /** Domain name and subject alternative names, lower case. */
  readonly names: readonly string[];
  readonly notAfter: Date | undefined;
}

/** `ListCertificates` returns at most 1,000 a page (ACM API reference, ListCertificates `MaxItems`). */
export const LIST_CERTIFICATES_PAGE_SIZE = 1000;

// Without Includes.keyTypes, ListCertificates returns only RSA_2048 certificates
// (ACM API reference, ListCertificates: "Default filtering returns only RSA_2048
// certificates"): ask for every key type a load balancer or CloudFront serves.
const KEY_TYPES: KeyAlgorithm[] = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];

/**
 * Reads the issued ACM certificates of a region: what could replace an IAM
 * certificate there. A summary lists at most 100 alternative names; when it
 * says there are more (`HasAdditionalSubjectAlternativeNames`), the full list
 * comes from `DescribeCertificate`.
 */
export class AcmCertificates {
  private readonly byRegion = new Map<string, Promise<AcmCertificate[]>>();

  /** @param clientFor an ACM client for a region (built by the caller, closed by the caller) */
  public constructor(private readonly clientFor: (region: string) => ACMClient) {}

  /** The region's issued certificates, read once per region and instance. */
  public issued(region: string, budget: TimeBudget = TimeBudget.unlimited()): Promise<AcmCertificate[]> {
    let certificates = this.byRegion.get(region);
    if (certificates === undefined) {
      certificates = this.read(region, budget);
      this.byRegion.set(region, certificates);
    }
    return certificates;
  }

  private async read(region: string, budget: TimeBudget): Promise<AcmCertificate[]> {
    const client = this.clientFor(region);
    const summaries = await collectPages('ListCertificates', budget, async (nextToken, abortSignal) => {
      const page = await client.send(
        new ListCertificatesCommand({
          CertificateStatuses: ['ISSUED'],
          Includes: { keyTypes: KEY_TYPES },
          MaxItems: LIST_CERTIFICATES_PAGE_SIZE,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
        { abortSignal },
      );
      return { items: page.CertificateSummaryList ?? [], next: page.NextToken };
    });
    const certificates: AcmCertificate[] = [];
    for (const summary of summaries) {
      if (summary.CertificateArn === undefined) continue;
      let names = [...(summary.DomainName === undefined ? [] : [summary.DomainName]), ...(summary.SubjectAlternativeNameSummaries ?? [])];
      if (summary.HasAdditionalSubjectAlternativeNames === true) {
        const described = await client.send(new DescribeCertificateCommand({ CertificateArn: summary.CertificateArn }), { abortSignal: budget.signal() });
        names = [...names, ...(described.Certificate?.SubjectAlternativeNames ?? [])];
      }
      certificates.push({ arn: summary.CertificateArn, region, names: [...new Set(names.map((name) => name.toLowerCase()))], notAfter: summary.NotAfter });
    }
    return certificates;
  }
}
