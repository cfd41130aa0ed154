import { DescribeLoadBalancersCommand, ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { TimeBudget } from '../core/time-budget';
import { UsageService, type CertificateReference } from './certificate-usage';
import { lookupPages, type ReferenceSource } from './reference-source';

/**
 * `DescribeLoadBalancers` (ELB 2012-06-01) returns at most 400 load balancers a
 * page: PageSize is 1 to 400, default 400 (ELB API reference, DescribeLoadBalancers).
 */
export const CLASSIC_ELB_PAGE_SIZE = 400;

/** Classic Load Balancer listeners in one region: `Listener.SSLCertificateId` is the certificate ARN. */
export class ClassicElbReferences implements ReferenceSource {
  public readonly service = UsageService.Elb;

  public constructor(
    private readonly client: ElasticLoadBalancingClient,
    public readonly region: string,
  ) {}

  public async scan(found: (reference: CertificateReference) => void, budget: TimeBudget = TimeBudget.unlimited()): Promise<void> {
    const pages = lookupPages(this, 'elasticloadbalancing:DescribeLoadBalancers', budget, async (marker, abortSignal) => {
      const response = await this.client.send(new DescribeLoadBalancersCommand({ PageSize: CLASSIC_ELB_PAGE_SIZE, Marker: marker }), { abortSignal });
      return { items: response.LoadBalancerDescriptions ?? [], next: response.NextMarker };
    });
    for await (const loadBalancers of pages) {
      for (const loadBalancer of loadBalancers) {
        for (const description of loadBalancer.ListenerDescriptions ?? []) {
          const arn = description.Listener?.SSLCertificateId;
          if (arn === undefined || arn === '') continue;
          found({
            certificate: { by: 'arn', value: arn },
            usage: {
              service: this.service,
              resource: loadBalancer.LoadBalancerName ?? '?',
              detail: String(description.Listener?.LoadBalancerPort ?? '?'),
              region: this.region,
            },
          });
        }
      }
    }
  }
}
