import { TimeBudget } from '../core/time-budget';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { GLOBAL_REGION, UsageService, type CertificateReference } from './certificate-usage';
import { lookupPages, type ReferenceSource } from './reference-source';

/**
 * `ListDistributions` returns at most 100 distributions a page; 100 is also
 * the default (CloudFront API reference, ListDistributions MaxItems).
 */
export const CLOUDFRONT_PAGE_SIZE = 100;

/**
 * CloudFront distributions, once for the account (CloudFront is global).
 * `ViewerCertificate.IAMCertificateId` holds the certificate's
 * `ServerCertificateId` (`ASCA…`), not its ARN.
 */
export class CloudFrontReferences implements ReferenceSource {
  public readonly service = UsageService.CloudFront;
  public readonly region = GLOBAL_REGION;

  public constructor(private readonly client: CloudFrontClient) {}

  public async scan(found: (reference: CertificateReference) => void, budget: TimeBudget = TimeBudget.unlimited()): Promise<void> {
    const pages = lookupPages(this, 'cloudfront:ListDistributions', budget, async (marker, abortSignal) => {
      const response = await this.client.send(new ListDistributionsCommand({ MaxItems: CLOUDFRONT_PAGE_SIZE, Marker: marker }), { abortSignal });
      const list = response.DistributionList;
      // NextMarker is only meaningful while IsTruncated says more remain.
      return { items: list?.Items ?? [], next: list?.NextMarker, truncated: list?.IsTruncated === true };
    });
    for await (const distributions of pages) {
      for (const distribution of distributions) {
        const id = distribution.ViewerCertificate?.IAMCertificateId;
        if (id === undefined || id === '') continue;
        found({
          certificate: { by: 'id', value: id },
          usage: {
            service: this.service,
            resource: distribution.Id ?? '?',
            detail: distribution.Aliases?.Items?.[0] ?? distribution.DomainName ?? '?',
            region: this.region,
          },
        });
      }
    }
  }
}
