import { ConfigServiceClient, paginateListDiscoveredResources } from '@aws-sdk/client-config-service';
import { SERVER_CERTIFICATE_RESOURCE_TYPE } from '../core/evaluation';
import { createConfigClient } from './aws-clients';

/** `ListDiscoveredResources` returns at most 100 identifiers a page (Config API reference). */
export const LIST_DISCOVERED_RESOURCES_PAGE_SIZE = 100;

/**
 * Looks up the ids AWS Config's recorder gave the account's server
 * certificates, so periodic results attach to the resource Config shows on its
 * dashboards rather than to a look-alike id.
 */
export class ConfigResourceDirectory {
  private readonly client: ConfigServiceClient;

  /** @param client a Config client; a default one from the standard SDK environment when omitted. */
  public constructor(client?: ConfigServiceClient) {
    this.client = client ?? createConfigClient();
  }

  /**
   * Certificate name → Config resource id, for every `AWS::IAM::ServerCertificate`
   * the recorder knows and has not seen deleted. Empty where the recorder does
   * not record the type (periodic rules need no recorder).
   */
  public async serverCertificateIdsByName(): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const pages = paginateListDiscoveredResources(
      { client: this.client, pageSize: LIST_DISCOVERED_RESOURCES_PAGE_SIZE },
      { resourceType: SERVER_CERTIFICATE_RESOURCE_TYPE, includeDeletedResources: false },
    );
    for await (const page of pages) {
      for (const identifier of page.resourceIdentifiers ?? []) {
        if (identifier.resourceName !== undefined && identifier.resourceId !== undefined) {
          ids.set(identifier.resourceName, identifier.resourceId);
        }
      }
    }
    return ids;
  }
}
