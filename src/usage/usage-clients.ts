import { AccountClient } from '@aws-sdk/client-account';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { clientSettings } from '../adapters/aws-clients';

/** The SDK clients the usage scan needs: the account's region list, load balancer clients per region, CloudFront once. */
export interface UsageClients {
  /** Account Management is global: the SDK routes it to its partition's one endpoint whatever the region. */
  account(): AccountClient;
  elb(region: string): ElasticLoadBalancingClient;
  elbv2(region: string): ElasticLoadBalancingV2Client;
  /** CloudFront is global; the SDK routes it to its one endpoint whatever the region. */
  cloudfront(): CloudFrontClient;
  /** Closes the connections of every client built so far. */
  destroy?(): void;
}

/**
 * Clients from the standard SDK environment (credentials, endpoints, retries),
 * one per service and region, built on first use and reused.
 *
 * @param region the region for the global services' clients (CloudFront, Account Management); the SDK's own resolution when omitted.
 * @param credentials an assumed role's credentials, or a provider of them (the CLI's `--profile`); the standard chain when omitted.
 * @param profile the named profile whose settings (region…) the clients read (the CLI's `--profile`).
 */
export function createUsageClients(region?: string, credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider, profile?: string): UsageClients {
  const elb = new Map<string, ElasticLoadBalancingClient>();
  const elbv2 = new Map<string, ElasticLoadBalancingV2Client>();
  let cloudfront: CloudFrontClient | undefined;
  let account: AccountClient | undefined;
  const home = region === undefined ? {} : { region };
  // An assumed role's credentials when scanning a member account.
  const settings = { ...clientSettings(), ...(credentials === undefined ? {} : { credentials }), ...(profile === undefined ? {} : { profile }) };
  return {
    elb: (r) => cached(elb, r, () => new ElasticLoadBalancingClient({ ...settings, region: r })),
    elbv2: (r) => cached(elbv2, r, () => new ElasticLoadBalancingV2Client({ ...settings, region: r })),
    cloudfront: () => (cloudfront ??= new CloudFrontClient({ ...settings, ...home })),
    account: () => (account ??= new AccountClient({ ...settings, ...home })),
    destroy: () => {
      for (const client of [...elb.values(), ...elbv2.values(), ...(cloudfront ? [cloudfront] : []), ...(account ? [account] : [])]) client.destroy();
    },
  };
}

function cached<T>(clients: Map<string, T>, region: string, create: () => T): T {
  let client = clients.get(region);
  if (client === undefined) {
    client = create();
    clients.set(region, client);
  }
  return client;
}
