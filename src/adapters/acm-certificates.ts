import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand, type CertificateSummary, type KeyAlgorithm } from '@aws-sdk/client-acm';
import { TimeBudget } from '../core/time-budget';
import { describeError, RuleError } from '../errors';
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

/** The ACM call an {@link AcmReadError} is about. */
export type AcmReadAction = 'acm:ListCertificates' | 'acm:DescribeCertificate';

/** A read of a region's ACM certificates failed: which call, where, and why (`cause`). */
export class AcmReadError extends RuleError {
  public constructor(
    public readonly action: AcmReadAction,
    public readonly region: string,
    cause: unknown,
  ) {
    super(`${action} in ${region} failed: ${describeError(cause)}`, { cause });
    this.name = 'AcmReadError';
  }
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
 * certificate there. A summary lists at most 100 alternative names ("When
 * called by ListCertificates, this parameter will only return the first 100
 * subject alternative names included in the certificate. To display the full
 * list of subject alternative names, use DescribeCertificate", ACM API
 * reference, CertificateSummary `SubjectAlternativeNameSummaries`); when it
 * says there are more (`HasAdditionalSubjectAlternativeNames`), the full list
 * comes from `DescribeCertificate`. A summary carries `Type`, `KeyAlgorithm`
 * and `NotAfter` (ACM API reference, CertificateSummary).
 */
export class AcmCertificates {
  private readonly byRegion = new Map<string, Promise<AcmCertificate[]>>();

  /** @param clientFor an ACM client for a region (built by the caller, closed by the caller) */
  public constructor(private readonly clientFor: (region: string) => ACMClient) {}

  /**
   * The region's issued certificates, read once per region and instance (a
   * failure too: it is not retried per certificate). Rejects with an
   * {@link AcmReadError} naming the call that failed.
   */
  public issued(region: string): Promise<AcmCertificate[]> {
    let certificates = this.byRegion.get(region);
    if (certificates === undefined) {
      certificates = this.read(region);
      this.byRegion.set(region, certificates);
    }
    return certificates;
  }

  private async read(region: string): Promise<AcmCertificate[]> {
    const client = this.clientFor(region);
    let summaries: CertificateSummary[];
    try {
      summaries = await collectPages('ListCertificates', TimeBudget.unlimited(), async (nextToken) => {
        const page = await client.send(
          new ListCertificatesCommand({
            CertificateStatuses: ['ISSUED'],
            Includes: { keyTypes: KEY_TYPES },
            MaxItems: LIST_CERTIFICATES_PAGE_SIZE,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        return { items: page.CertificateSummaryList ?? [], next: page.NextToken };
      });
    } catch (error) {
      throw new AcmReadError('acm:ListCertificates', region, error);
    }
    const certificates: AcmCertificate[] = [];
    for (const summary of summaries) {
      if (summary.CertificateArn === undefined) continue;
      const names = [...(summary.DomainName === undefined ? [] : [summary.DomainName]), ...(summary.SubjectAlternativeNameSummaries ?? [])];
      if (summary.HasAdditionalSubjectAlternativeNames === true) names.push(...(await this.allNames(client, region, summary.CertificateArn)));
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

  /** Every subject alternative name of one certificate (`DescribeCertificate`), for a summary that lists only the first 100. */
  private async allNames(client: ACMClient, region: string, arn: string): Promise<string[]> {
    try {
      const described = await client.send(new DescribeCertificateCommand({ CertificateArn: arn }));
      return described.Certificate?.SubjectAlternativeNames ?? [];
    } catch (error) {
      throw new AcmReadError('acm:DescribeCertificate', region, error);
    }
  }
}
