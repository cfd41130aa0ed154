import { IAMClient, ListServerCertificateTagsCommand, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { collectPages } from '../../adapters/collect-pages';
import { getServerCertificate } from '../../adapters/get-server-certificate';
import { toServerCertificate } from '../../adapters/server-certificate-metadata';
import { TimeBudget } from '../../core/time-budget';
import { RuleError } from '../../errors';
import type { CertificateWithBody, RotationIam, Tag, UploadedCertificate, UploadRequest } from './rotation-services';

/**
 * IAM for `rotate`: read a certificate with its body, its tags, and upload
 * the replacement. The private key goes into `UploadServerCertificate` and
 * nowhere else; IAM never returns it.
 */
export class IamRotation implements RotationIam {
  public constructor(private readonly client: IAMClient) {}

  /** GetServerCertificate through the same read as the certificate store's. */
  public async read(name: string): Promise<CertificateWithBody | undefined> {
    const stored = await getServerCertificate(this.client, name);
    if (stored === undefined) return undefined;
    if (stored.metadata === undefined) throw new RuleError(`IAM GetServerCertificate returned no metadata for ${name}`);
    return { ...toServerCertificate(stored.metadata), uploadedAt: stored.metadata.UploadDate, body: stored.body ?? '' };
  }

  // ListServerCertificateTags pages with Marker / IsTruncated (IAM API reference).
  public async tags(name: string): Promise<Tag[]> {
    const tags = await collectPages('ListServerCertificateTags', TimeBudget.unlimited(), async (marker) => {
      const page = await this.client.send(new ListServerCertificateTagsCommand({ ServerCertificateName: name, ...(marker ? { Marker: marker } : {}) }));
      return { items: page.Tags ?? [], next: page.Marker, truncated: page.IsTruncated === true };
    });
    return tags.map((tag) => ({ key: tag.Key ?? '', value: tag.Value ?? '' }));
  }

  /**
   * UploadServerCertificate with the old certificate's path (for CloudFront
   * it must start with `/cloudfront/`: IAM API reference,
   * UploadServerCertificate `Path`) and tags (at most 50, the same limit).
   */
  public async upload(request: UploadRequest): Promise<UploadedCertificate> {
    const answer = await this.client.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: request.name,
        Path: request.path,
        CertificateBody: request.body,
        PrivateKey: request.key.reveal(),
        ...(request.chain === undefined ? {} : { CertificateChain: request.chain }),
        ...(request.tags.length === 0 ? {} : { Tags: request.tags.map((tag) => ({ Key: tag.key, Value: tag.value })) }),
      }),
    );
    const metadata = answer.ServerCertificateMetadata;
    if (metadata === undefined) throw new RuleError(`IAM UploadServerCertificate returned no metadata for ${request.name}`);
    return { ...toServerCertificate(metadata), uploadedAt: metadata.UploadDate };
  }
}
