import { createPrivateKey, X509Certificate } from 'node:crypto';
import { DuplicateCertificateError, type CertificateTag, type StoredCertificate } from './certificate-store';
import { tagServerCertificate, untagServerCertificate } from './iam-tagging';
import { element } from './iam-xml';
import { ServiceError } from './reply';
import type { StandInState } from './state';

/** The IAM API version every Query request names (`Version=2010-05-08`). */
export const IAM_VERSION = '2010-05-08';

/** What an IAM action returns: the inner XML of `<XResult>`, or nothing. */
export type IamResult = string | undefined;

const validation = (message: string): ServiceError => new ServiceError('ValidationError', message);

/**
 * IAM's server certificate actions over Query-protocol parameters. Shapes
 * follow the IAM API reference (UploadServerCertificate,
 * ListServerCertificates, GetServerCertificate, DeleteServerCertificate).
 */
export function runIamAction(state: StandInState, action: string, params: URLSearchParams): IamResult {
  switch (action) {
    case 'UploadServerCertificate':
      return upload(state, params);
    case 'ListServerCertificates':
      return list(state, params);
    case 'GetServerCertificate':
      return get(state, params);
    case 'DeleteServerCertificate':
      return remove(state, params);
    case 'ListServerCertificateTags':
      return listTags(state, params);
    case 'TagServerCertificate':
      return tagServerCertificate(state, required(params, 'ServerCertificateName'), params);
    case 'UntagServerCertificate':
      return untagServerCertificate(state, required(params, 'ServerCertificateName'), params);
    default:
      throw new ServiceError('InvalidAction', `Could not find operation ${action} for version ${IAM_VERSION}`);
  }
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw validation(`1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`);
  return value;
}

// ServerCertificateName: "Length Constraints: Minimum length of 1. Maximum length of 128. Pattern: [\w+=,.@-]+"
// (IAM API reference, UploadServerCertificate, Request Parameters; serverCertificateNameType in the service model).
// A name that breaks a constraint gets the service framework's ValidationError naming the member.
const SERVER_CERTIFICATE_NAME_MAX_LENGTH = 128;
const SERVER_CERTIFICATE_NAME = /^[\w+=,.@-]+$/;

function serverCertificateName(params: URLSearchParams): string {
  const name = required(params, 'ServerCertificateName');
  const at = `Value '${name}' at 'serverCertificateName' failed to satisfy constraint: Member must`;
  if (name.length > SERVER_CERTIFICATE_NAME_MAX_LENGTH) throw validation(`1 validation error detected: ${at} have length less than or equal to ${SERVER_CERTIFICATE_NAME_MAX_LENGTH}`);
  if (!SERVER_CERTIFICATE_NAME.test(name)) throw validation(`1 validation error detected: ${at} satisfy regular expression pattern: [\\w+=,.@-]+`);
  return name;
}

function upload(state: StandInState, params: URLSearchParams): IamResult {
  const name = serverCertificateName(params);
  const body = required(params, 'CertificateBody');
  const privateKey = required(params, 'PrivateKey');
  const path = params.get('Path') ?? '/';
  if (!path.startsWith('/') || !path.endsWith('/')) throw validation('The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(body);
  } catch {
    throw new ServiceError('MalformedCertificate', 'Unable to parse certificate. Please ensure the certificate is in PEM format.');
  }
  let keyMatches: boolean;
  try {
    keyMatches = certificate.checkPrivateKey(createPrivateKey(privateKey));
  } catch {
    throw new ServiceError('MalformedCertificate', 'Unable to parse private key.');
  }
  if (!keyMatches) throw new ServiceError('KeyPairMismatch', 'The public key in the certificate does not match the private key.');
  try {
    const stored = state.addCertificate({
      name,
      path,
      body,
      chain: params.get('CertificateChain') ?? undefined,
      expiration: new Date(certificate.validTo),
      tags: uploadTags(params),
    });
    state.iamPropagation.uploaded(stored.arn, stored.id);
    return metadataXml(stored, 'ServerCertificateMetadata');
  } catch (error) {
    if (error instanceof DuplicateCertificateError) throw new ServiceError('EntityAlreadyExists', error.message, 409);
    throw error;
  }
}

// Tags.member.N.Key / .Value, at most 50 (IAM API reference, UploadServerCertificate:
// "Tags … Array Members: Maximum number of 50 items"; TooManyTags→LimitExceeded).
function uploadTags(params: URLSearchParams): CertificateTag[] {
  const tags: CertificateTag[] = [];
  for (let index = 1; params.has(`Tags.member.${index}.Key`); index += 1) {
    tags.push({ key: params.get(`Tags.member.${index}.Key`) ?? '', value: params.get(`Tags.member.${index}.Value`) ?? '' });
  }
  if (tags.length > 50) throw new ServiceError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
  return tags;
}

// ListServerCertificateTags (IAM API reference,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServerCertificateTags.html):
// "The returned list of tags is sorted by tag key"; MaxItems 1 to 1000, "If you do not include
// this parameter, the number of items defaults to 100"; Marker from the previous response,
// given "only when IsTruncated is true"; and "IAM might return fewer results, even when there
// are more results available. In that case, the IsTruncated response element returns true, and
// Marker contains a value" -- StandInState.iamTagPageLimit models that last case, so a test can
// make a certificate's 50 tags (the most IAM allows) span pages.
function listTags(state: StandInState, params: URLSearchParams): IamResult {
  const certificate = found(state, required(params, 'ServerCertificateName'));
  const all = [...certificate.tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const { page, tail } = iamPage(all, params, state.iamTagPageLimit);
  const members = page.map((tag) => `<member>${element('Key', tag.key)}${element('Value', tag.value)}</member>`).join('');
  return `<Tags>${members}</Tags>${tail}`;
}

// MaxItems: 1 to 1000, default 100; Marker echoes the previous response's Marker, and
// a response carries Marker only "when IsTruncated is true" (IAM API reference,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServerCertificates.html).
function list(state: StandInState, params: URLSearchParams): IamResult {
  const { page, tail } = iamPage(state.certificates.list(params.get('PathPrefix') ?? '/'), params);
  const members = page.map((certificate) => metadataXml(certificate, 'member')).join('');
  return `<ServerCertificateMetadataList>${members}</ServerCertificateMetadataList>${tail}`;
}

/**
 * One page of an IAM list: `MaxItems` items (at most `limit`, when IAM returns
 * fewer) from the request's `Marker`, and the `IsTruncated` / `Marker`
 * elements that follow the list in the response.
 */
function iamPage<T>(all: readonly T[], params: URLSearchParams, limit?: number): { page: T[]; tail: string } {
  const maxItems = maxItemsOf(params);
  const marker = params.get('Marker');
  const start = marker === null ? 0 : decodeMarker(marker, all.length);
  const size = Math.min(maxItems, limit ?? maxItems);
  const truncated = start + size < all.length;
  return { page: all.slice(start, start + size), tail: `<IsTruncated>${truncated}</IsTruncated>${truncated ? element('Marker', encodeMarker(start + size)) : ''}` };
}

/** MaxItems: 1 to 1000, default 100 (IAM API reference, ListServerCertificates and ListServerCertificateTags). */
function maxItemsOf(params: URLSearchParams): number {
  const maxItemsText = params.get('MaxItems');
  const maxItems = maxItemsText === null ? 100 : Number(maxItemsText);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
    throw validation(`1 validation error detected: Value '${maxItemsText ?? ''}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`);
  }
  return maxItems;
}

function get(state: StandInState, params: URLSearchParams): IamResult {
  const certificate = found(state, required(params, 'ServerCertificateName'));
  return (
    `<ServerCertificate>${metadataXml(certificate, 'ServerCertificateMetadata')}` +
    `${element('CertificateBody', certificate.body)}` +
    `${certificate.chain === undefined ? '' : element('CertificateChain', certificate.chain)}</ServerCertificate>`
  );
}

function remove(state: StandInState, params: URLSearchParams): IamResult {
  const name = required(params, 'ServerCertificateName');
  const certificate = found(state, name);
  // IAM refuses while a load balancer listener serves the certificate, naming the
  // load balancer: "Certificate: ASCA… is currently in use by arn:aws:elasticloadbalancing:….
  // Please remove it first before deleting it from IAM." (DeleteConflict, HTTP 409:
  // IAM API reference, DeleteServerCertificate, Errors). It checks every region.
  // IAM may still see a load balancer that was repointed moments ago (see IamPropagation).
  const user = state.consumers.loadBalancersUsing(certificate.arn)[0] ?? state.iamPropagation.stillInUse(certificate.arn);
  if (user !== undefined) {
    const by = state.iamPropagation.conflictNamesUser ? ` by ${user}` : '';
    throw new ServiceError('DeleteConflict', `Certificate: ${certificate.id} is currently in use${by}. Please remove it first before deleting it from IAM.`, 409);
  }
  state.deleteCertificate(name);
  return undefined;
}

function found(state: StandInState, name: string): StoredCertificate {
  const certificate = state.certificates.get(name);
  if (certificate === undefined) {
    throw new ServiceError('NoSuchEntity', `The Server Certificate with name ${name} cannot be found.`, 404);
  }
  return certificate;
}

/** The ServerCertificateMetadata data type, ISO 8601 timestamps as IAM's XML carries them. */
function metadataXml(certificate: StoredCertificate, tag: string): string {
  return (
    `<${tag}>${element('Path', certificate.path)}${element('ServerCertificateName', certificate.name)}` +
    `${element('ServerCertificateId', certificate.id)}${element('Arn', certificate.arn)}` +
    `${element('UploadDate', certificate.uploadDate.toISOString())}` +
    `${element('Expiration', certificate.expiration.toISOString())}</${tag}>`
  );
}

// Markers are opaque to clients; an offset is enough for a store that only
// changes between runs in tests.
function encodeMarker(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeMarker(marker: string, size: number): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
  const offset = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isInteger(offset) || offset > size) throw validation('Invalid Marker.');
  return offset;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
