import { GetDistributionCommand, GetDistributionConfigCommand, PreconditionFailed, UpdateDistributionCommand, type CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { Usage } from '../../usage/certificate-usage';
import type { UsageClients } from '../../usage/usage-clients';
import { RotationError } from '../../errors';
import type { SendNamingNew } from './propagation-retry';
import { RepointOutcome, type CertificateRef, type Endpoint, type RepointResult } from './rotation-services';

/** Tries of GetDistributionConfig + UpdateDistribution when someone else updates the distribution in between. */
const ATTEMPTS = 3;

/**
 * A CloudFront distribution: `GetDistributionConfig` gives the whole config
 * and its `ETag`; `UpdateDistribution` sends the whole config back with
 * `IfMatch` = that ETag ("the value of the ETag header that you received
 * when retrieving the distribution's configuration", CloudFront API
 * reference, UpdateDistribution). A `PreconditionFailed` (someone changed it
 * in between) re-reads and tries again. CloudFront names an IAM certificate
 * by its id (`IAMCertificateId`), and needs it uploaded under a
 * `/cloudfront/` path (IAM API reference, UploadServerCertificate `Path`).
 * `InvalidViewerCertificate` ("The specified SSL certificate doesn't exist…",
 * among other causes) for a certificate uploaded within the propagation
 * window is retried (`sendNew`): CloudFront reads IAM, which is eventually consistent;
 * the window is counted from the upload, so a real misconfiguration on an
 * older certificate fails at once. The change takes minutes to deploy, so a
 * check right after may still see the old certificate.
 */
export async function repointDistribution(clients: UsageClients, usage: Usage, from: CertificateRef, to: CertificateRef, sendNew: SendNamingNew): Promise<RepointResult> {
  const client = clients.cloudfront();
  for (let attempt = 1; ; attempt += 1) {
    const { DistributionConfig: config, ETag: etag } = await client.send(new GetDistributionConfigCommand({ Id: usage.resource }));
    if (config === undefined || etag === undefined) throw new RotationError(`CloudFront returned no config or ETag for ${usage.resource}`);
    const aliases = config.Aliases?.Items ?? [];
    const viewer = config.ViewerCertificate;
    if (viewer?.IAMCertificateId === to.id) return { outcome: RepointOutcome.Already, endpoint: await endpointOf(client, usage.resource, aliases), calls: [] };
    if (viewer?.IAMCertificateId !== from.id) return { outcome: RepointOutcome.ChangedElsewhere, endpoint: await endpointOf(client, usage.resource, aliases), calls: [] };
    // Certificate and CertificateSource are deprecated mirrors of IAMCertificateId
    // (CloudFront API reference, ViewerCertificate); left out so they cannot disagree.
    const { Certificate: _certificate, CertificateSource: _source, ...rest } = viewer;
    try {
      const answer = await sendNew('UpdateDistribution', () =>
        client.send(
          new UpdateDistributionCommand({
            Id: usage.resource,
            IfMatch: etag,
            DistributionConfig: { ...config, ViewerCertificate: { ...rest, IAMCertificateId: to.id, CloudFrontDefaultCertificate: false } },
          }),
        ),
      );
      const endpoint = plainAlias(aliases) ?? answer.Distribution?.DomainName;
      return {
        outcome: RepointOutcome.Repointed,
        endpoint: endpoint === undefined ? await endpointOf(client, usage.resource, aliases) : { host: endpoint, port: 443, names: aliases },
        calls: ['GetDistributionConfig', 'UpdateDistribution'],
      };
    } catch (error) {
      if (!(error instanceof PreconditionFailed) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Where to check the distribution over TLS: its first alias that is not a
 * wildcard (`*.example.com` is no host to connect to), else its own
 * `dxxxx.cloudfront.net` domain name (GetDistribution), with the aliases
 * kept as the names to choose the SNI from.
 */
async function endpointOf(client: CloudFrontClient, id: string, aliases: readonly string[]): Promise<Endpoint> {
  const plain = plainAlias(aliases);
  if (plain !== undefined) return { host: plain, port: 443, names: aliases };
  const domainName = (await client.send(new GetDistributionCommand({ Id: id }))).Distribution?.DomainName;
  if (domainName === undefined) throw new RotationError(`CloudFront returned no domain name for ${id}`);
  return { host: domainName, port: 443, names: aliases };
}

function plainAlias(aliases: readonly string[]): string | undefined {
  return aliases.find((alias) => !alias.startsWith('*.'));
}
