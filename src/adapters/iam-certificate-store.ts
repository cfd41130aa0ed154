import { IAMClient, ListServerCertificatesCommand, ListServerCertificateTagsCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { pemNames } from '../core/certificate-names';
import type { ServerCertificate } from '../core/server-certificate';
import { TimeBudget } from '../core/time-budget';
import { RuleError } from '../errors';
import { createIamClient } from './aws-clients';
import { eachPage } from './collect-pages';
import { getServerCertificate } from './get-server-certificate';
import { toServerCertificate } from './server-certificate-metadata';

/**
 * The largest page `ListServerCertificates` returns: `MaxItems` is 1 to 1000
 * (IAM API reference, ListServerCertificates). Asking for the maximum keeps
 * the call count at ceil(N / 1000).
 */
export const LIST_SERVER_CERTIFICATES_PAGE_SIZE = 1000;

/**
 * Reads server certificate metadata from IAM. Never keeps the certificate
 * body, never changes anything.
 */
export class IamCertificateStore {
  private readonly client: IAMClient;

  /** @param client an IAM client; a default one from the standard SDK environment when omitted. */
  public constructor(client?: IAMClient) {
    this.client = client ?? createIamClient();
  }

  /**
   * Every server certificate in the account, all paths, one page at a time.
   * IAM marks a partial page with `IsTruncated` and gives the `Marker` for
   * the next one; a stray Marker on a last page is ignored, and a truncated
   * page without one fails the listing rather than ending it short.
   */
  public async *pages(budget: TimeBudget = TimeBudget.unlimited()): AsyncGenerator<ServerCertificate[]> {
    const pages = eachPage('ListServerCertificates', budget, async (marker, abortSignal) => {
      const page = await this.client.send(
        new ListServerCertificatesCommand({ MaxItems: LIST_SERVER_CERTIFICATES_PAGE_SIZE, ...(marker ? { Marker: marker } : {}) }),
        { abortSignal },
      );
      return { items: page.ServerCertificateMetadataList ?? [], next: page.Marker, truncated: page.IsTruncated === true };
    });
    for await (const page of pages) yield page.map(toServerCertificate);
  }

  /** Every server certificate in the account, all paths (see {@link pages}). */
  public async listAll(budget: TimeBudget = TimeBudget.unlimited()): Promise<ServerCertificate[]> {
    const certificates: ServerCertificate[] = [];
    for await (const page of this.pages(budget)) certificates.push(...page);
    return certificates;
  }

  /**
   * A certificate's tags, key → value. IAM pages them with `Marker` while
   * `IsTruncated` (IAM API reference, ListServerCertificateTags; at most 50
   * tags a certificate, so one page in practice). A certificate deleted since
   * it was listed has none.
   */
  public async tagsOf(name: string, budget: TimeBudget = TimeBudget.unlimited()): Promise<ReadonlyMap<string, string>> {
    const tags = new Map<string, string>();
    try {
      const pages = eachPage('ListServerCertificateTags', budget, async (marker, abortSignal) => {
        const page = await this.client.send(
          new ListServerCertificateTagsCommand({ ServerCertificateName: name, ...(marker ? { Marker: marker } : {}) }),
          { abortSignal },
        );
        return { items: page.Tags ?? [], next: page.Marker, truncated: page.IsTruncated === true };
      });
      for await (const page of pages) for (const tag of page) if (tag.Key !== undefined) tags.set(tag.Key, tag.Value ?? '');
    } catch (error) {
      if (error instanceof NoSuchEntityException) return new Map();
      throw error;
    }
    return tags;
  }

  /**
   * The DNS names a certificate serves, read from its body
   * (`GetServerCertificate`): subjectAltName entries, else the subject CN.
   * Empty when it is gone or its body cannot be parsed.
   */
  public async dnsNamesOf(name: string): Promise<string[]> {
    const stored = await getServerCertificate(this.client, name);
    // A body node cannot parse gives no names, so no ACM advice.
    return stored?.body === undefined ? [] : pemNames(stored.body);
  }

  /** One certificate by name, or `undefined` when IAM answers `NoSuchEntity`. */
  public async get(name: string, budget: TimeBudget = TimeBudget.unlimited()): Promise<ServerCertificate | undefined> {
    const stored = await getServerCertificate(this.client, name, budget);
    if (stored === undefined) return undefined;
    if (stored.metadata === undefined) throw new RuleError(`IAM GetServerCertificate returned no metadata for ${name}`);
    return toServerCertificate(stored.metadata);
  }
}
