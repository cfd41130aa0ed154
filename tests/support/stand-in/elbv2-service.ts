import type { CertificateConsumers, ListenerV2, LoadBalancerV2 } from './certificate-consumers';
import { element } from './iam-xml';
import { markerPage } from './marker-paging';
import { ServiceError } from './reply';
import { members } from './elb-service';

/** The ELBv2 API version every Query request names. */
export const ELBV2_VERSION = '2015-12-01';

/** ELBv2's XML namespace (ELBv2 API reference, DescribeLoadBalancers "Sample Response"). */
export const ELBV2_NAMESPACE = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

/**
 * Application / Network Load Balancing over Query-protocol parameters, for
 * one region: the three calls the usage scan makes, each paged with
 * `PageSize` / `Marker` → `NextMarker` (left out on the last page: "Otherwise,
 * this is null", ELBv2 API reference). Returns the inner XML of `<XResult>`.
 * Unknown ARNs get ELBv2's `LoadBalancerNotFound` / `ListenerNotFound` (400).
 */
export function runElbv2Action(
  consumers: CertificateConsumers,
  region: string,
  action: string,
  params: URLSearchParams,
  certificateExists: (arn: string) => boolean = () => true,
): string {
  switch (action) {
    case 'DescribeLoadBalancers':
      return paged('LoadBalancers', namedOnly(consumers.loadBalancersV2(region), params), params, loadBalancerXml);
    case 'ModifyListener':
    case 'AddListenerCertificates':
    case 'RemoveListenerCertificates':
      return changeCertificates(consumers, region, action, params, certificateExists);
    case 'DescribeListeners':
      return describeListeners(consumers, region, params);
    case 'DescribeListenerCertificates':
      return describeListenerCertificates(consumers, region, params);
    default:
      throw new ServiceError('InvalidAction', `Could not find operation ${action} for version ${ELBV2_VERSION}`);
  }
}

// Names.member.N narrows the answer; any unknown name fails the call with
// LoadBalancerNotFound (ELBv2 API reference, DescribeLoadBalancers, Errors).
function namedOnly(all: readonly LoadBalancerV2[], params: URLSearchParams): readonly LoadBalancerV2[] {
  const names = members(params, 'Names');
  if (names.length === 0) return all;
  if (names.some((name) => !all.some((loadBalancer) => loadBalancer.name === name))) throw new ServiceError('LoadBalancerNotFound', 'One or more load balancers not found');
  return all.filter((loadBalancer) => names.includes(loadBalancer.name));
}

/**
 * The certificate calls (ELBv2 API reference):
 * - ModifyListener with `Certificates.member.1.CertificateArn`: the new default
 *   certificate ("You must provide exactly one certificate"); answers the listener;
 * - AddListenerCertificates: adds to the certificate list; one already there is
 *   not added again ("the call is successful but the certificate is not added
 *   again"); answers the certificates added;
 * - RemoveListenerCertificates: removes from the list; empty answer; the
 *   listener's default certificate is refused with OperationNotPermitted.
 * An ARN IAM does not hold (or has not made visible yet after an upload, "The
 * specified certificate does not exist", CertificateNotFound): CertificateNotFound;
 * an unknown listener: ListenerNotFound.
 */
function changeCertificates(
  consumers: CertificateConsumers,
  region: string,
  action: string,
  params: URLSearchParams,
  certificateExists: (arn: string) => boolean,
): string {
  const arn = params.get('ListenerArn') ?? '';
  const listener = consumers.listenerV2(arn);
  if (listener === undefined || !arn.includes(`:${region}:`)) throw new ServiceError('ListenerNotFound', `Listener '${arn}' not found`);
  const certificates = members(params, 'Certificates', '.CertificateArn');
  if (action !== 'RemoveListenerCertificates') {
    const missing = certificates.find((certificate) => !certificateExists(certificate));
    if (missing !== undefined) throw new ServiceError('CertificateNotFound', `Certificate '${missing}' not found`);
  }
  if (action === 'ModifyListener') {
    if (certificates.length > 0) {
      if (certificates.length !== 1) throw new ServiceError('ValidationError', 'You must provide exactly one certificate');
      consumers.updateListenerV2(arn, () => ({ certificateArn: certificates[0] }));
    }
    const loadBalancer = consumers.loadBalancersV2(region).find((candidate) => candidate.listeners.some((one) => one.arn === arn));
    const updated = consumers.listenerV2(arn);
    return loadBalancer === undefined || updated === undefined ? '<Listeners/>' : `<Listeners>${listenerXml(loadBalancer, updated)}</Listeners>`;
  }
  if (action === 'AddListenerCertificates') {
    consumers.updateListenerV2(arn, (current) => ({ extraCertificateArns: [...current.extraCertificateArns, ...certificates.filter((c) => !current.extraCertificateArns.includes(c))] }));
    return `<Certificates>${certificates.map((certificate) => `<member>${element('CertificateArn', certificate)}${element('IsDefault', 'false')}</member>`).join('')}</Certificates>`;
  }
  // "You can't remove the default certificate for a listener. To replace the default
  // certificate, call ModifyListener" (ELBv2 API reference, RemoveListenerCertificates;
  // error OperationNotPermitted, "This operation is not allowed", 400).
  if (listener.certificateArn !== undefined && certificates.includes(listener.certificateArn)) {
    throw new ServiceError('OperationNotPermitted', 'The default certificate cannot be removed from a listener; call ModifyListener to replace it');
  }
  consumers.updateListenerV2(arn, (current) => ({ extraCertificateArns: current.extraCertificateArns.filter((c) => !certificates.includes(c)) }));
  return '';
}

function paged<T>(listName: string, all: readonly T[], params: URLSearchParams, toXml: (item: T) => string): string {
  const { items, nextMarker } = markerPage(all, params);
  return `<${listName}>${items.map(toXml).join('')}</${listName}>${nextMarker === undefined ? '' : element('NextMarker', nextMarker)}`;
}

// DescribeListeners takes a LoadBalancerArn or ListenerArns.member.N ("You must
// specify either a load balancer or one or more listeners"); the scan passes the ARN.
function describeListeners(consumers: CertificateConsumers, region: string, params: URLSearchParams): string {
  const arn = params.get('LoadBalancerArn');
  if (arn === null || arn === '') throw new ServiceError('ValidationError', 'A load balancer ARN or a list of listener ARNs must be specified');
  const loadBalancer = consumers.loadBalancerV2(arn);
  if (loadBalancer === undefined || loadBalancer.region !== region) {
    throw new ServiceError('LoadBalancerNotFound', `Load balancer '${arn}' not found`);
  }
  return paged('Listeners', loadBalancer.listeners, params, (listener) => listenerXml(loadBalancer, listener));
}

// The default certificate comes with IsDefault=true, then the certificate list
// with IsDefault=false (ELBv2 API reference, DescribeListenerCertificates).
function describeListenerCertificates(consumers: CertificateConsumers, region: string, params: URLSearchParams): string {
  const arn = params.get('ListenerArn');
  if (arn === null || arn === '') {
    throw new ServiceError('ValidationError', "1 validation error detected: Value null at 'listenerArn' failed to satisfy constraint: Member must not be null");
  }
  const listener = consumers.listenerV2(arn);
  if (listener === undefined || !arn.includes(`:${region}:`)) throw new ServiceError('ListenerNotFound', `Listener '${arn}' not found`);
  const certificates = [
    ...(listener.certificateArn === undefined ? [] : [{ arn: listener.certificateArn, isDefault: true }]),
    ...listener.extraCertificateArns.map((extra) => ({ arn: extra, isDefault: false })),
  ];
  return paged('Certificates', certificates, params, (certificate) => `<member>${element('CertificateArn', certificate.arn)}${element('IsDefault', String(certificate.isDefault))}</member>`);
}

/** The LoadBalancer data type (ELBv2 API reference), the members a reader needs. */
function loadBalancerXml(loadBalancer: LoadBalancerV2): string {
  return (
    `<member>${element('LoadBalancerArn', loadBalancer.arn)}${element('LoadBalancerName', loadBalancer.name)}` +
    `${element('DNSName', loadBalancer.dnsName)}${element('CreatedTime', loadBalancer.createdTime.toISOString())}` +
    `${element('Scheme', 'internet-facing')}${element('Type', loadBalancer.type)}<State><Code>active</Code></State>` +
    `${element('IpAddressType', 'ipv4')}</member>`
  );
}

/** The Listener data type: `Certificates` holds the default certificate only (ELBv2 API reference, DescribeListeners). */
function listenerXml(loadBalancer: LoadBalancerV2, listener: ListenerV2): string {
  const certificates = listener.certificateArn === undefined ? '' : `<Certificates><member>${element('CertificateArn', listener.certificateArn)}</member></Certificates>`;
  return (
    `<member>${element('ListenerArn', listener.arn)}${element('LoadBalancerArn', loadBalancer.arn)}` +
    `${element('Port', String(listener.port))}${element('Protocol', listener.protocol)}${certificates}` +
    `<DefaultActions><member>${element('Type', 'fixed-response')}</member></DefaultActions></member>`
  );
}
