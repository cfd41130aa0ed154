import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand, type KeyAlgorithm } from '@aws-sdk/client-acm';
import { TimeBudget } from '../core/time-budget';
import { collectPages } from './collect-pages';

/** An issued ACM certificate: the names it covers and what decides where it can serve and who renews it. */
export interface AcmCertificate {
  readonly arn: string;
  readonly region: string;
  /** Domain name and subject alternative names, lower case. */
  readonly names: readonly string[];
  /**
   * The key algorithm in the API's enum spelling (`RSA_2048`, `EC_prime256v1`);
   * `undefined` when ACM did not say.
   */
  readonly keyAlgorithm: string | undefined;
  /** `AMAZON_ISSUED`, `IMPORTED` or `PRIVATE` (ACM API reference, CertificateSummary `Type`); `undefined` when ACM did not say. */
  readonly type: string | undefined;
  readonly notAfter: Date | undefined;
}

/** `ListCertificates` returns at most 1,000 a page (ACM API reference, ListCertificates `MaxItems`). */
export const LIST_CERTIFICATES_PAGE_SIZE = 1000;

// Without Includes.keyTypes, "Default filtering returns only RSA_1024 and RSA_2048
// certificates that have at least one domain" (ACM API reference, Filters
// `keyTypes`): ask for every key type ACM has, and filter per consumer later
// (acm-advice.ts), so an ECDSA or RSA 4096 certificate is not silently missed.
const KEY_TYPES: KeyAlgorithm[] = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];

/**
 * ACM answers the key algorithm hyphenated (`RSA-2048`, `EC-prime256v1`)
 * although its enum, and the `keyTypes` filter, spell it `RSA_2048` (a real
 * ListCertificates summary: `"KeyAlgorithm": "RSA-2048"`, pulumi/pulumi-aws#5649):
 * both read as the enum spelling.
 */
export function normalKeyAlgorithm(value: string | undefined): string | undefined {
  return value?.replace('-', '_');
}

/**
 * Reads the issued ACM certificates of a region: what could replace an IAM
 * certificate there. A summary lists at most 100 alternative names; when it
 * says there are more (`HasAdditionalSubjectAlternativeNames`), the full list
 * comes from `DescribeCertificate`. A summary carries `Type`, `KeyAlgorithm`
 * and `NotAfter` (ACM API reference, CertificateSummary).
 */
export class AcmCertificates {
  private readonly byRegion = new Map<string, Promise<AcmCertificate[]>>();

  /** @param clientFor an ACM client for a region (built by the caller, closed by the caller) */
  public constructor(private readonly clientFor: (region: string) => ACMClient) {}

  /** The region's issued certificates, read once per region and instance (a failure too: it is not retried per certificate). */
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
      certificates.push({
        arn: summary.CertificateArn,
        region,
        names: [...new Set(names.map((name) => name.toLowerCase()))],
        keyAlgorithm: normalKeyAlgorithm(summary.KeyAlgorithm),
        type: summary.Type,
        notAfter: summary.NotAfter,
      });
    }
    return certificates;
  }
}
