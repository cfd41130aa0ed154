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
export function runElbAction(
  consumers: CertificateConsumers,
  region: string,
  action: string,
  params: URLSearchParams,
  certificateExists: (arn: string) => boolean = () => true,
): string {
  if (action === 'SetLoadBalancerListenerSSLCertificate') return setListenerCertificate(consumers, region, params, certificateExists);
  if (action !== 'DescribeLoadBalancers') throw new ServiceError('InvalidAction', `Could not find operation ${action} for version ${ELB_VERSION}`);
  const { items, nextMarker } = markerPage(namedOnly(consumers.classicLoadBalancers(region), params), params);
  // NextMarker: "If there are no additional results, the string is empty" (ELB API
  // reference, DescribeLoadBalancers); left out here, which the SDK reads the same way.
  return (
    `<LoadBalancerDescriptions>${items.map(descriptionXml).join('')}</LoadBalancerDescriptions>` +
    (nextMarker === undefined ? '' : element('NextMarker', nextMarker))
  );
}

// LoadBalancerNames.member.N narrows the answer; an unknown name is an error, not
// an empty list: AccessPointNotFound, "The specified load balancer does not exist"
// (ELB API reference, DescribeLoadBalancers, Errors).
function namedOnly(all: readonly ClassicLoadBalancer[], params: URLSearchParams): readonly ClassicLoadBalancer[] {
  const names = members(params, 'LoadBalancerNames');
  if (names.length === 0) return all;
  const missing = names.find((name) => !all.some((loadBalancer) => loadBalancer.name === name));
  if (missing !== undefined) throw new ServiceError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${missing}'`);
  return all.filter((loadBalancer) => names.includes(loadBalancer.name));
}

/** `Prefix.member.1`, `Prefix.member.2`…: a Query-protocol list. */
export function members(params: URLSearchParams, prefix: string, suffix = ''): string[] {
  const values: string[] = [];
  for (let index = 1; params.has(`${prefix}.member.${index}${suffix}`); index += 1) values.push(params.get(`${prefix}.member.${index}${suffix}`) ?? '');
  return values;
}

/**
 * SetLoadBalancerListenerSSLCertificate: replaces the certificate of the
 * listener on `LoadBalancerPort` (ELB API reference,
 * https://docs.aws.amazon.com/elasticloadbalancing/2012-06-01/APIReference/API_SetLoadBalancerListenerSSLCertificate.html).
 * Errors: LoadBalancerNotFound (code `LoadBalancerNotFound`), ListenerNotFound ("The
 * load balancer does not have a listener configured at the specified port"),
 * CertificateNotFound ("The specified ARN does not refer to a valid SSL certificate
 * in AWS Identity and Access Management (IAM) or AWS Certificate Manager (ACM)").
 * The answer has an empty result.
 */
function setListenerCertificate(consumers: CertificateConsumers, region: string, params: URLSearchParams, certificateExists: (arn: string) => boolean): string {
  const name = params.get('LoadBalancerName') ?? '';
  const port = Number(params.get('LoadBalancerPort'));
  const arn = params.get('SSLCertificateId') ?? '';
  const loadBalancer = consumers.classicLoadBalancer(region, name);
  if (loadBalancer === undefined) throw new ServiceError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`);
  if (!loadBalancer.listeners.some((listener) => listener.port === port)) {
    throw new ServiceError('ListenerNotFound', `LoadBalancer does not have a listnener configured at the given port.`);
  }
  if (!certificateExists(arn)) throw new ServiceError('CertificateNotFound', `Server Certificate not found for the key: ${arn}`);
  consumers.setClassicCertificate(region, name, port, arn);
  return '';
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
