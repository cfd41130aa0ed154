import type { ServerCertificateMetadata } from '@aws-sdk/client-iam';
import type { ServerCertificate } from '../core/server-certificate';
import { RuleError } from '../errors';

// A module of its own (no SDK command in it), so code that maps IAM metadata
// does not import the store's calls with it: the IAM permission lists are
// derived from the commands each command's modules import.

/** IAM metadata as a {@link ServerCertificate}; fails on a certificate without a name or expiry. */
export function toServerCertificate(metadata: ServerCertificateMetadata): ServerCertificate {
  const name = metadata.ServerCertificateName;
  const expiration = metadata.Expiration;
  if (name === undefined || expiration === undefined || Number.isNaN(expiration.getTime())) {
    // Without a name or an expiry there is nothing honest to report: fail the
    // run rather than guess a verdict.
    throw new RuleError(`IAM returned a server certificate without ${name === undefined ? 'a name' : `an expiration (${name})`}`);
  }
  return {
    name,
    id: metadata.ServerCertificateId ?? '',
    arn: metadata.Arn ?? '',
    path: metadata.Path ?? '/',
    expiration,
  };
}
