import type { ServerCertificate } from './server-certificate';

/**
 * The resource ids a certificate that is in IAM gets its verdict under.
 *
 * - The id Config's recorder lists for it, when it lists one. Config's
 *   resource schema for `AWS::IAM::ServerCertificate` records the certificate
 *   by name (awslabs/aws-config-resource-schema,
 *   `AWS::IAM::ServerCertificate.properties.json`: `resourceName`,
 *   `configuration.ServerCertificateName`, no `ServerCertificateId`), but the
 *   rule takes whatever id the recorder gives.
 * - Every id an earlier result of this rule is stored under that names this
 *   certificate, by name or by `ServerCertificateId`: a certificate still in
 *   IAM must never have its result cleared, even when the recorder stops
 *   listing it (recorder deleted, type no longer recorded, wrong region).
 * - Only when neither exists, the certificate name: the id Config would give it.
 *
 * @param recordedId the id Config's recorder lists for the certificate, if any
 * @param earlierResultIds ids under which this rule already holds a result
 */
export function reportingIds(
  certificate: ServerCertificate,
  recordedId: string | undefined,
  earlierResultIds: ReadonlySet<string>,
): string[] {
  const ids: string[] = recordedId === undefined ? [] : [recordedId];
  for (const candidate of [certificate.name, certificate.id]) {
    if (candidate !== '' && earlierResultIds.has(candidate) && !ids.includes(candidate)) ids.push(candidate);
  }
  return ids.length > 0 ? ids : [certificate.name];
}
