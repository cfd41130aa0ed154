import type { CertificateTag } from './certificate-store';
import { ServiceError } from './reply';
import type { StandInState } from './state';

/** IAM's limit on tags per resource (IAM User Guide, "IAM and AWS STS quotas": 50 tags per IAM resource). */
const MAX_TAGS = 50;
// The Tag data type (IAM API reference): Key 1-128 and Value 0-256 characters of [\p{L}\p{Z}\p{N}_.:/=+\-@].
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * TagServerCertificate (IAM API reference): "If a tag with the same key name
 * already exists, then that tag is overwritten with the new value", and "If
 * any one of the tags is invalid or if you exceed the allowed maximum number
 * of tags, then the entire request fails" (InvalidInput, LimitExceeded);
 * NoSuchEntity for an unknown certificate.
 */
export function tagServerCertificate(state: StandInState, name: string, params: URLSearchParams): undefined {
  const certificate = existing(state, name);
  const given: CertificateTag[] = [];
  for (let index = 1; params.has(`Tags.member.${index}.Key`); index += 1) {
    given.push({ key: params.get(`Tags.member.${index}.Key`) ?? '', value: params.get(`Tags.member.${index}.Value`) ?? '' });
  }
  const invalid = given.find((tag) => !TAG_KEY.test(tag.key) || !TAG_VALUE.test(tag.value));
  if (invalid !== undefined) throw new ServiceError('InvalidInput', `The tag ${JSON.stringify(invalid.key)} has an invalid key or value.`);
  const tags = new Map(certificate.tags.map((tag) => [tag.key, tag.value]));
  for (const tag of given) tags.set(tag.key, tag.value);
  if (tags.size > MAX_TAGS) throw new ServiceError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
  state.certificates.setTags(name, [...tags].map(([key, value]) => ({ key, value })));
  return undefined;
}

/** UntagServerCertificate (IAM API reference): removes the tags with matching keys (`TagKeys.member.N`). */
export function untagServerCertificate(state: StandInState, name: string, params: URLSearchParams): undefined {
  const certificate = existing(state, name);
  const keys = new Set<string>();
  for (let index = 1; params.has(`TagKeys.member.${index}`); index += 1) keys.add(params.get(`TagKeys.member.${index}`) ?? '');
  state.certificates.setTags(name, certificate.tags.filter((tag) => !keys.has(tag.key)));
  return undefined;
}

function existing(state: StandInState, name: string): { readonly tags: readonly CertificateTag[] } {
  const certificate = state.certificates.get(name);
  if (certificate === undefined) throw new ServiceError('NoSuchEntity', `The Server Certificate with name ${name} cannot be found.`, 404);
  return certificate;
}
