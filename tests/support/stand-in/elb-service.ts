import type { CertificateConsumers, ClassicLoadBalancer } from './certificate-consumers';
import { element } from './iam-xml';
import { markerPage } from './marker-paging';
import { ServiceError } from './reply';

/** The Classic ELB API version every Query request names. */
export const ELB_VERSION = '2012-06-01';

/** Classic ELB's XML namespace (ELB API reference, DescribeLoadBalancers "Sample Response"). */
export const ELB_NAMESPACE = 'http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/';

/**
 * Classic Load Balancing over Query-protocol parameters, for one region:
 * `DescribeLoadBalancers` with `PageSize` / `Marker`, which is all the usage
 * scan calls. Returns the inner XML of `<DescribeLoadBalancersResult>`.
 */
export function runElbAction(consumers: CertificateConsumers, region: string, action: string, params: URLSearchParams): string {
  if (action !== 'DescribeLoadBalancers') throw new ServiceError('InvalidAction', `Could not find operation ${action} for version ${ELB_VERSION}`);
  const { items, nextMarker } = markerPage(consumers.classicLoadBalancers(region), params);
  // NextMarker: "If there are no additional results, the string is empty" (ELB API
  // reference, DescribeLoadBalancers); left out here, which the SDK reads the same way.
  return (
    `<LoadBalancerDescriptions>${items.map(descriptionXml).join('')}</LoadBalancerDescriptions>` +
    (nextMarker === undefined ? '' : element('NextMarker', nextMarker))
  );
}

/** The LoadBalancerDescription data type (ELB API reference), the members the scan and a reader need. */
function descriptionXml(loadBalancer: ClassicLoadBalancer): string {
  const listeners = loadBalancer.listeners
    .map((listener) => {
      const protocol = listener.protocol ?? (listener.certificateArn === undefined ? 'HTTP' : 'HTTPS');
      return (
        `<member><Listener>${element('Protocol', protocol)}${element('LoadBalancerPort', String(listener.port))}` +
        `${element('InstanceProtocol', 'HTTP')}${element('InstancePort', '80')}` +
        `${listener.certificateArn === undefined ? '' : element('SSLCertificateId', listener.certificateArn)}</Listener>` +
        `<PolicyNames/></member>`
      );
    })
    .join('');
  return (
    `<member>${element('LoadBalancerName', loadBalancer.name)}${element('DNSName', loadBalancer.dnsName)}` +
    `<ListenerDescriptions>${listeners}</ListenerDescriptions>` +
    `<AvailabilityZones><member>${loadBalancer.region}a</member></AvailabilityZones>` +
    `${element('CreatedTime', loadBalancer.createdTime.toISOString())}${element('Scheme', 'internet-facing')}</member>`
  );
}
