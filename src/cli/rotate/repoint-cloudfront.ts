import { GetDistributionConfigCommand, PreconditionFailed, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import type { Usage } from '../../usage/certificate-usage';
import type { UsageClients } from '../../usage/usage-clients';
import { RotationError } from '../../errors';
import { RepointOutcome, type CertificateRef, type RepointResult } from './rotation-services';

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
 * The change takes minutes to deploy, so a check right after may still see
 * the old certificate.
 */
export async function repointDistribution(clients: UsageClients, usage: Usage, from: CertificateRef, to: CertificateRef): Promise<RepointResult> {
  const client = clients.cloudfront();
  for (let attempt = 1; ; attempt += 1) {
    const { DistributionConfig: config, ETag: etag } = await client.send(new GetDistributionConfigCommand({ Id: usage.resource }));
    if (config === undefined || etag === undefined) throw new RotationError(`CloudFront returned no config or ETag for ${usage.resource}`);
    const aliases = config.Aliases?.Items ?? [];
    const endpoint = { host: aliases[0] ?? usage.detail, port: 443, names: aliases };
    const viewer = config.ViewerCertificate;
    if (viewer?.IAMCertificateId === to.id) return { outcome: RepointOutcome.Already, endpoint, calls: [] };
    if (viewer?.IAMCertificateId !== from.id) return { outcome: RepointOutcome.ChangedElsewhere, endpoint, calls: [] };
    // Certificate and CertificateSource are deprecated mirrors of IAMCertificateId
    // (CloudFront API reference, ViewerCertificate); left out so they cannot disagree.
    const { Certificate: _certificate, CertificateSource: _source, ...rest } = viewer;
    try {
      await client.send(
        new UpdateDistributionCommand({
          Id: usage.resource,
          IfMatch: etag,
          DistributionConfig: { ...config, ViewerCertificate: { ...rest, IAMCertificateId: to.id, CloudFrontDefaultCertificate: false } },
        }),
      );
      return { outcome: RepointOutcome.Repointed, endpoint, calls: ['GetDistributionConfig', 'UpdateDistribution'] };
    } catch (error) {
      if (!(error instanceof PreconditionFailed) || attempt >= ATTEMPTS) throw error;
    }
  }
}
