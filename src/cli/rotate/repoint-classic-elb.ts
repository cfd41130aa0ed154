import { DescribeLoadBalancersCommand, SetLoadBalancerListenerSSLCertificateCommand } from '@aws-sdk/client-elastic-load-balancing';
import type { Usage } from '../../usage/certificate-usage';
import type { UsageClients } from '../../usage/usage-clients';
import { RotationError } from '../../errors';
import type { SendNamingNew } from './propagation-retry';
import { RepointOutcome, type CertificateRef, type RepointResult } from './rotation-services';

/**
 * A Classic Load Balancer listener: `SetLoadBalancerListenerSSLCertificate`
 * replaces the certificate on one port ("Sets the certificate that terminates
 * the specified listener's SSL connections. The specified certificate
 * replaces any prior certificate that was used on the same load balancer and
 * port", ELB API reference). The listener is read first (DescribeLoadBalancers
 * with LoadBalancerNames), so a rerun sees it done and a listener changed by
 * someone else is left alone. `CertificateNotFound` for a certificate just
 * uploaded ("if you recently uploaded the certificate to IAM, this error might
 * indicate that the certificate is not fully available yet", same reference)
 * is retried within the propagation window (`sendNew`).
 */
export async function repointClassicListener(
  clients: UsageClients,
  usage: Usage,
  from: CertificateRef,
  to: CertificateRef,
  sendNew: SendNamingNew,
): Promise<RepointResult> {
  const client = clients.elb(usage.region);
  const port = Number.parseInt(usage.detail, 10);
  const answer = await client.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [usage.resource] }));
  const loadBalancer = answer.LoadBalancerDescriptions?.[0];
  const listener = loadBalancer?.ListenerDescriptions?.find((description) => description.Listener?.LoadBalancerPort === port)?.Listener;
  if (loadBalancer?.DNSName === undefined || listener === undefined) {
    throw new RotationError(`classic load balancer ${usage.resource} in ${usage.region} has no listener on port ${port} any more`);
  }
  const endpoint = { host: loadBalancer.DNSName, port };
  if (listener.SSLCertificateId === to.arn) return { outcome: RepointOutcome.Already, endpoint, calls: [] };
  if (listener.SSLCertificateId !== from.arn) return { outcome: RepointOutcome.ChangedElsewhere, endpoint, calls: [] };
  await sendNew('SetLoadBalancerListenerSSLCertificate', () =>
    client.send(new SetLoadBalancerListenerSSLCertificateCommand({ LoadBalancerName: usage.resource, LoadBalancerPort: port, SSLCertificateId: to.arn })),
  );
  return { outcome: RepointOutcome.Repointed, endpoint, calls: ['SetLoadBalancerListenerSSLCertificate'] };
}
