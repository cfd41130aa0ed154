import type { CertificateConsumers, Distribution } from './certificate-consumers';
import { element } from './iam-xml';
import type { Reply } from './reply';
import { ServiceError } from './reply';

/** CloudFront's API version, the first segment of every REST path. */
export const CLOUDFRONT_VERSION = '2020-05-31';

/** CloudFront's XML namespace (CloudFront API reference, ListDistributions response). */
export const CLOUDFRONT_NAMESPACE = `http://cloudfront.amazonaws.com/doc/${CLOUDFRONT_VERSION}/`;

/** Where ListDistributions lives: `GET /2020-05-31/distribution?Marker=…&MaxItems=…`. */
export const LIST_DISTRIBUTIONS_PATH = `/${CLOUDFRONT_VERSION}/distribution`;

/** The operation a CloudFront REST request names, from its method and path; `undefined` for paths the stand-in does not serve. */
export function cloudFrontOperation(method: string | undefined, path: string): string | undefined {
  return method === 'GET' && path === LIST_DISTRIBUTIONS_PATH ? 'ListDistributions' : undefined;
}

/**
 * CloudFront's ListDistributions (REST-XML): distributions ordered by id,
 * `Marker` = the id of the last distribution of the previous page, and
 * `NextMarker` = the last id of this page while `IsTruncated` ("which is also
 * the ID of the last distribution on that page", CloudFront API reference,
 * ListDistributions). `MaxItems` defaults to 100.
 */
export function listDistributions(consumers: CertificateConsumers, query: URLSearchParams): Reply {
  const maxItemsText = query.get('MaxItems');
  const maxItems = maxItemsText === null || maxItemsText === '' ? 100 : Number(maxItemsText);
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new ServiceError('InvalidArgument', `Invalid value for MaxItems: ${maxItemsText ?? ''}`);
  const marker = query.get('Marker') ?? '';
  const after = consumers.distributions().filter((distribution) => marker === '' || distribution.id > marker);
  const page = after.slice(0, maxItems);
  const truncated = after.length > maxItems;
  const last = page[page.length - 1];
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<DistributionList xmlns="${CLOUDFRONT_NAMESPACE}">` +
    `${element('Marker', marker)}${truncated && last !== undefined ? element('NextMarker', last.id) : ''}` +
    `${element('MaxItems', String(maxItems))}${element('IsTruncated', String(truncated))}${element('Quantity', String(page.length))}` +
    `${page.length === 0 ? '' : `<Items>${page.map(summaryXml).join('')}</Items>`}</DistributionList>`;
  return { status: 200, contentType: 'text/xml', body };
}

/** The DistributionSummary data type, the members the scan and a reader need. */
function summaryXml(distribution: Distribution): string {
  const aliases =
    `<Aliases>${element('Quantity', String(distribution.aliases.length))}` +
    `${distribution.aliases.length === 0 ? '' : `<Items>${distribution.aliases.map((alias) => element('CNAME', alias)).join('')}</Items>`}</Aliases>`;
  // ViewerCertificate: an IAM certificate is named by its ServerCertificateId in
  // IAMCertificateId, with CertificateSource "iam" (CloudFront API reference, ViewerCertificate).
  const viewer =
    distribution.iamCertificateId === undefined
      ? `<ViewerCertificate>${element('CloudFrontDefaultCertificate', 'true')}${element('CertificateSource', 'cloudfront')}</ViewerCertificate>`
      : `<ViewerCertificate>${element('CloudFrontDefaultCertificate', 'false')}${element('IAMCertificateId', distribution.iamCertificateId)}` +
        `${element('SSLSupportMethod', 'sni-only')}${element('MinimumProtocolVersion', 'TLSv1.2_2021')}` +
        `${element('Certificate', distribution.iamCertificateId)}${element('CertificateSource', 'iam')}</ViewerCertificate>`;
  return (
    `<DistributionSummary>${element('Id', distribution.id)}${element('ARN', distribution.arn)}${element('Status', 'Deployed')}` +
    `${element('LastModifiedTime', distribution.lastModifiedTime.toISOString())}${element('DomainName', distribution.domainName)}` +
    `${aliases}${viewer}${element('Enabled', 'true')}${element('HttpVersion', 'http2')}${element('IsIPV6Enabled', 'true')}` +
    `${element('Staging', 'false')}</DistributionSummary>`
  );
}
