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

const CONFIG_PATH = new RegExp(`^/${CLOUDFRONT_VERSION}/distribution/([A-Z0-9]+)/config$`);
const DISTRIBUTION_PATH = new RegExp(`^/${CLOUDFRONT_VERSION}/distribution/([A-Z0-9]+)$`);

/**
 * InvalidViewerCertificate's message for a certificate CloudFront cannot use
 * (CloudFront knowledge center, "InvalidViewerCertificate": "The specified SSL
 * certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't
 * include a valid certificate chain").
 */
const CERTIFICATE_UNUSABLE = "The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain.";

/** What UpdateDistribution needs to know of IAM's certificates. */
export interface CloudFrontIam {
  /** The IAM certificate with this ServerCertificateId, if IAM holds one (and has made it visible to CloudFront). */
  certificateById(id: string): { readonly path: string } | undefined;
}

/** The operation a CloudFront REST request names, from its method and path; `undefined` for paths the stand-in does not serve. */
export function cloudFrontOperation(method: string | undefined, path: string): string | undefined {
  if (method === 'GET' && path === LIST_DISTRIBUTIONS_PATH) return 'ListDistributions';
  // GET /2020-05-31/distribution/{Id} (CloudFront API reference, GetDistribution).
  if (method === 'GET' && DISTRIBUTION_PATH.test(path)) return 'GetDistribution';
  // GET /2020-05-31/distribution/{Id}/config and PUT the same path (CloudFront API
  // reference, GetDistributionConfig and UpdateDistribution "Request Syntax").
  if (CONFIG_PATH.test(path)) return method === 'GET' ? 'GetDistributionConfig' : method === 'PUT' ? 'UpdateDistribution' : undefined;
  return undefined;
}

/** A CloudFront request the config operations need beyond the path. */
export interface CloudFrontRequest {
  readonly operation: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly ifMatch: string | undefined;
  readonly body: string;
}

/** Answers one CloudFront operation. */
export function runCloudFront(consumers: CertificateConsumers, iam: CloudFrontIam, request: CloudFrontRequest): Reply {
  if (request.operation === 'ListDistributions') return listDistributions(consumers, request.query);
  const id = (CONFIG_PATH.exec(request.path) ?? DISTRIBUTION_PATH.exec(request.path))?.[1] ?? '';
  const distribution = consumers.distribution(id);
  // NoSuchDistribution, 404 (CloudFront API reference, GetDistributionConfig Errors).
  if (distribution === undefined) throw new ServiceError('NoSuchDistribution', 'The specified distribution does not exist.', 404);
  if (request.operation === 'GetDistributionConfig') return configReply(distribution);
  // GetDistribution: the Distribution (Id, DomainName, DistributionConfig…) and its ETag.
  if (request.operation === 'GetDistribution') return configReply(distribution, 'Distribution');
  // UpdateDistribution: "the value of the ETag header that you received when
  // retrieving the distribution's configuration" must come as If-Match; none:
  // InvalidIfMatchVersion (400); a stale one: PreconditionFailed (412)
  // (CloudFront API reference, UpdateDistribution, Errors).
  if (request.ifMatch === undefined || request.ifMatch === '') throw new ServiceError('InvalidIfMatchVersion', 'The If-Match version is missing or not valid for the resource.');
  if (request.ifMatch !== distribution.etag) throw new ServiceError('PreconditionFailed', 'The precondition given in one or more of the request header fields evaluated to false.', 412);
  // The whole DistributionConfig comes back; CallerReference must not change.
  if (!request.body.includes(`<CallerReference>${callerReference(distribution)}</CallerReference>`)) {
    throw new ServiceError('IllegalUpdate', 'The update contains modifications that are not allowed.');
  }
  const iamCertificateId = viewerIamCertificate(request.body, iam);
  return configReply(consumers.setDistributionCertificate(id, iamCertificateId), 'Distribution');
}

/**
 * The IAM certificate id of an UpdateDistribution body's ViewerCertificate,
 * checked as CloudFront documents it (every refusal is InvalidViewerCertificate,
 * "A viewer certificate specified is not valid", CloudFront API reference,
 * UpdateDistribution Errors):
 * - an IAMCertificateId needs SSLSupportMethod and MinimumProtocolVersion ("If
 *   you specify an IAM certificate ID, you must also specify values for
 *   MinimumProtocolVersion and SSLSupportMethod", CloudFront API reference,
 *   ViewerCertificate). CloudFront was seen to accept a missing
 *   MinimumProtocolVersion (aws/aws-cdk#9193); the stand-in holds to the
 *   documented rule, the stricter one;
 * - the id must name a certificate IAM holds, uploaded under a path that
 *   begins with /cloudfront/ ("If you are uploading a server certificate
 *   specifically for use with Amazon CloudFront distributions ... The path must
 *   begin with /cloudfront and must include a trailing slash", IAM API
 *   reference, UploadServerCertificate `Path`).
 * The stand-in serves IAM certificates only: no id (an ACM ARN, or the default
 * certificate) is refused too.
 */
function viewerIamCertificate(body: string, iam: CloudFrontIam): string {
  const viewer = /<ViewerCertificate>([\s\S]*?)<\/ViewerCertificate>/.exec(body)?.[1] ?? '';
  const field = (name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(viewer)?.[1];
  const id = field('IAMCertificateId');
  if (id === undefined || id === '') throw new ServiceError('InvalidViewerCertificate', CERTIFICATE_UNUSABLE);
  for (const required of ['SSLSupportMethod', 'MinimumProtocolVersion']) {
    if ((field(required) ?? '') === '') {
      throw new ServiceError('InvalidViewerCertificate', `The parameter ${required} is required when an IAMCertificateId is specified.`);
    }
  }
  const certificate = iam.certificateById(id);
  if (certificate === undefined) throw new ServiceError('InvalidViewerCertificate', CERTIFICATE_UNUSABLE);
  if (!certificate.path.startsWith('/cloudfront/')) {
    throw new ServiceError('InvalidViewerCertificate', `${CERTIFICATE_UNUSABLE} (IAM certificate ${id} is at path ${certificate.path}: CloudFront needs one under /cloudfront/)`);
  }
  return id;
}

function callerReference(distribution: Distribution): string {
  return `stand-in-${distribution.id}`;
}

/**
 * The DistributionConfig data type with the members CloudFront requires
 * (CallerReference, Origins, DefaultCacheBehavior, Comment, Enabled) and the
 * viewer certificate, with the ETag header. `Distribution` wraps it as
 * UpdateDistribution answers.
 */
function configReply(distribution: Distribution, wrapper?: 'Distribution'): Reply {
  const aliases =
    `<Aliases>${element('Quantity', String(distribution.aliases.length))}` +
    `${distribution.aliases.length === 0 ? '' : `<Items>${distribution.aliases.map((alias) => element('CNAME', alias)).join('')}</Items>`}</Aliases>`;
  const config =
    `${element('CallerReference', callerReference(distribution))}${aliases}` +
    `<Origins><Quantity>1</Quantity><Items><Origin><Id>origin</Id><DomainName>origin.example.test</DomainName>` +
    `<CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig></Origin></Items></Origins>` +
    `<DefaultCacheBehavior><TargetOriginId>origin</TargetOriginId><ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>` +
    `<CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId></DefaultCacheBehavior>` +
    `${element('Comment', '')}${viewerXml(distribution)}${element('Enabled', 'true')}`;
  const body =
    wrapper === undefined
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<DistributionConfig xmlns="${CLOUDFRONT_NAMESPACE}">${config}</DistributionConfig>`
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Distribution xmlns="${CLOUDFRONT_NAMESPACE}">${element('Id', distribution.id)}${element('ARN', distribution.arn)}` +
        `${element('Status', 'InProgress')}${element('LastModifiedTime', distribution.lastModifiedTime.toISOString())}${element('DomainName', distribution.domainName)}` +
        `<DistributionConfig>${config}</DistributionConfig></Distribution>`;
  return { status: 200, contentType: 'text/xml', body, headers: { etag: distribution.etag } };
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
  return (
    `<DistributionSummary>${element('Id', distribution.id)}${element('ARN', distribution.arn)}${element('Status', 'Deployed')}` +
    `${element('LastModifiedTime', distribution.lastModifiedTime.toISOString())}${element('DomainName', distribution.domainName)}` +
    `${aliases}${viewerXml(distribution)}${element('Enabled', 'true')}${element('HttpVersion', 'http2')}${element('IsIPV6Enabled', 'true')}` +
    `${element('Staging', 'false')}</DistributionSummary>`
  );
}

function viewerXml(distribution: Distribution): string {
  // ViewerCertificate: an IAM certificate is named by its ServerCertificateId in
  // IAMCertificateId, with CertificateSource "iam" (CloudFront API reference, ViewerCertificate).
  return distribution.iamCertificateId === undefined
      ? `<ViewerCertificate>${element('CloudFrontDefaultCertificate', 'true')}${element('CertificateSource', 'cloudfront')}</ViewerCertificate>`
      : `<ViewerCertificate>${element('CloudFrontDefaultCertificate', 'false')}${element('IAMCertificateId', distribution.iamCertificateId)}` +
        `${element('SSLSupportMethod', 'sni-only')}${element('MinimumProtocolVersion', 'TLSv1.2_2021')}` +
        `${element('Certificate', distribution.iamCertificateId)}${element('CertificateSource', 'iam')}</ViewerCertificate>`;
}
