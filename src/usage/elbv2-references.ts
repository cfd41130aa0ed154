import {
  DescribeListenerCertificatesCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  ListenerNotFoundException,
  LoadBalancerNotFoundException,
  type Listener,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { TimeBudget } from '../core/time-budget';
import { UsageService, type CertificateReference } from './certificate-usage';
import { lookupPages, type ReferenceSource } from './reference-source';
import { UsageLookupError } from '../errors';

/**
 * ELBv2 (2015-12-01) `DescribeLoadBalancers`, `DescribeListeners` and
 * `DescribeListenerCertificates` share the PageSize shape: 1 to 400 (ELBv2 API
 * reference). All three page with Marker / NextMarker.
 */
export const ELBV2_PAGE_SIZE = 400;

/** Only these listeners hold certificates (HTTPS on ALB, TLS on NLB). */
const SECURE_PROTOCOLS: ReadonlySet<string> = new Set(['HTTPS', 'TLS']);

/**
 * Application and Network Load Balancer listeners in one region: the default
 * certificate and the additional (SNI) certificate list of every HTTPS or TLS
 * listener, matched by ARN.
 */
export class Elbv2References implements ReferenceSource {
  public readonly service = UsageService.Elbv2;

  public constructor(
    private readonly client: ElasticLoadBalancingV2Client,
    public readonly region: string,
  ) {}

  public async scan(found: (reference: CertificateReference) => void, budget: TimeBudget = TimeBudget.unlimited()): Promise<void> {
    const loadBalancerPages = lookupPages(this, 'elasticloadbalancing:DescribeLoadBalancers', budget, async (marker, abortSignal) => {
      const response = await this.client.send(new DescribeLoadBalancersCommand({ PageSize: ELBV2_PAGE_SIZE, Marker: marker }), { abortSignal });
      return { items: response.LoadBalancers ?? [], next: response.NextMarker };
    });
    for await (const loadBalancers of loadBalancerPages) {
      for (const loadBalancer of loadBalancers) {
        if (loadBalancer.LoadBalancerArn === undefined) continue;
        const name = loadBalancer.LoadBalancerName ?? loadBalancer.LoadBalancerArn;
        await skipIfDeleted(LoadBalancerNotFoundException, async () => {
          for await (const listeners of this.listenerPages(loadBalancer.LoadBalancerArn ?? '', budget)) {
            for (const listener of listeners) {
              if (listener.ListenerArn === undefined || !SECURE_PROTOCOLS.has(listener.Protocol ?? '')) continue;
              await skipIfDeleted(ListenerNotFoundException, () => this.scanListener(listener, name, found, budget));
            }
          }
        });
      }
    }
  }

  private listenerPages(loadBalancerArn: string, budget: TimeBudget): AsyncGenerator<readonly Listener[]> {
    return lookupPages(this, 'elasticloadbalancing:DescribeListeners', budget, async (marker, abortSignal) => {
      const response = await this.client.send(
        new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, PageSize: ELBV2_PAGE_SIZE, Marker: marker }),
        { abortSignal },
      );
      return { items: response.Listeners ?? [], next: response.NextMarker };
    });
  }

  /**
   * `DescribeListenerCertificates` lists the default certificate (`IsDefault`)
   * and the additional ones; a default certificate also in the list appears
   * twice. The listener's own `Certificates` (the default) is reported too, in
   * case the call's view lags behind.
   */
  private async scanListener(
    listener: Listener,
    loadBalancerName: string,
    found: (reference: CertificateReference) => void,
    budget: TimeBudget,
  ): Promise<void> {
    const port = String(listener.Port ?? '?');
    const report = (arn: string | undefined, isDefault: boolean): void => {
      if (arn === undefined || arn === '') return;
      found({
        certificate: { by: 'arn', value: arn },
        usage: { service: this.service, resource: loadBalancerName, detail: isDefault ? port : `${port} additional`, region: this.region },
      });
    };
    for (const certificate of listener.Certificates ?? []) report(certificate.CertificateArn, true);
    const pages = lookupPages(this, 'elasticloadbalancing:DescribeListenerCertificates', budget, async (marker, abortSignal) => {
      const response = await this.client.send(
        new DescribeListenerCertificatesCommand({ ListenerArn: listener.ListenerArn, PageSize: ELBV2_PAGE_SIZE, Marker: marker }),
        { abortSignal },
      );
      return { items: response.Certificates ?? [], next: response.NextMarker };
    });
    for await (const certificates of pages) {
      for (const certificate of certificates) report(certificate.CertificateArn, certificate.IsDefault === true);
    }
  }
}

/**
 * A load balancer or listener deleted between being listed and being read
 * references nothing any more: skipping it is exact, whereas failing would
 * turn one routine deletion into "usage unknown" for the whole region.
 */
async function skipIfDeleted(gone: abstract new (...args: never[]) => Error, read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (error instanceof UsageLookupError && error.cause instanceof gone) return;
    throw error;
  }
}
