import {
  ConfigServiceClient,
  ListDiscoveredResourcesCommand,
  NoAvailableConfigurationRecorderException,
  type ResourceIdentifier,
} from '@aws-sdk/client-config-service';
import { SERVER_CERTIFICATE_RESOURCE_TYPE } from '../core/evaluation';
import type { RecordedCertificates } from '../rule/ports';
import { TimeBudget } from '../core/time-budget';
import { createConfigClient } from './aws-clients';
import { eachPage } from './collect-pages';

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
   * What the recorder knows: certificate name → Config resource id, for every
   * `AWS::IAM::ServerCertificate` it lists and has not seen deleted. The map
   * is empty where the recorder does not record the type (any region but the
   * type's home region: docs/deploy.md), and `recorderAvailable` is false
   * where the region has no recorder at all
   * (`NoAvailableConfigurationRecorderException`); periodic rules need none.
   */
  public async serverCertificates(budget: TimeBudget = TimeBudget.unlimited()): Promise<RecordedCertificates> {
    const idsByName = new Map<string, string>();
    try {
      // Reduced page by page: the SDK's identifier objects never pile up.
      for await (const page of this.discovered(budget)) {
        for (const identifier of page) {
          if (identifier.resourceName !== undefined && identifier.resourceId !== undefined) {
            idsByName.set(identifier.resourceName, identifier.resourceId);
          }
        }
      }
    } catch (error) {
      if (error instanceof NoAvailableConfigurationRecorderException) return { recorderAvailable: false, idsByName: new Map() };
      throw error;
    }
    return { recorderAvailable: true, idsByName };
  }

  private discovered(budget: TimeBudget): AsyncGenerator<readonly ResourceIdentifier[]> {
    return eachPage('ListDiscoveredResources', budget, async (nextToken, abortSignal) => {
      const page = await this.client.send(
        new ListDiscoveredResourcesCommand({
          resourceType: SERVER_CERTIFICATE_RESOURCE_TYPE,
          includeDeletedResources: false,
          limit: LIST_DISCOVERED_RESOURCES_PAGE_SIZE,
          ...(nextToken ? { nextToken } : {}),
        }),
        { abortSignal },
      );
      return { items: page.resourceIdentifiers ?? [], next: page.nextToken };
    });
  }
}
