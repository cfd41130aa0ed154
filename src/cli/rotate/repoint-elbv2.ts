import {
  AddListenerCertificatesCommand,
  DescribeListenerCertificatesCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  ModifyListenerCommand,
  RemoveListenerCertificatesCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { collectPages } from '../../adapters/collect-pages';
import { TimeBudget } from '../../core/time-budget';
import type { Usage } from '../../usage/certificate-usage';
import { ELBV2_PAGE_SIZE } from '../../usage/elbv2-references';
import type { UsageClients } from '../../usage/usage-clients';
import { RotationError } from '../../errors';
import type { SendNamingNew } from './propagation-retry';
import { RepointOutcome, type CertificateRef, type RepointResult } from './rotation-services';

/** The usage scan's detail for an ALB/NLB extra (SNI) certificate: `443 additional`. */
const ADDITIONAL = / additional$/;

/**
 * An ALB/NLB listener (ELBv2 API reference):
 * - the default certificate: `ModifyListener` with the one new certificate;
 * - an extra (SNI) certificate: `AddListenerCertificates` first, then
 *   `RemoveListenerCertificates` for the old one, so the name is served
 *   throughout. Adding one already listed succeeds without a duplicate, so a
 *   rerun after a failed remove only removes.
 * The listener is read first, so a rerun sees what is done. The two calls
 * that name the new certificate go through `sendNew`, which retries
 * `CertificateNotFound` ("The specified certificate does not exist") within
 * the propagation window: IAM is eventually consistent, and ELB documents the
 * same error for a certificate "recently uploaded" (see propagation-retry.ts).
 */
export async function repointListenerV2(
  clients: UsageClients,
  usage: Usage,
  from: CertificateRef,
  to: CertificateRef,
  sendNew: SendNamingNew,
): Promise<RepointResult> {
  const client = clients.elbv2(usage.region);
  const port = Number.parseInt(usage.detail, 10);
  const loadBalancer = (await client.send(new DescribeLoadBalancersCommand({ Names: [usage.resource] }))).LoadBalancers?.[0];
  if (loadBalancer?.LoadBalancerArn === undefined || loadBalancer.DNSName === undefined) {
    throw new RotationError(`load balancer ${usage.resource} in ${usage.region} not found`);
  }
  const listeners = await collectPages('DescribeListeners', TimeBudget.unlimited(), async (marker) => {
    const page = await client.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancer.LoadBalancerArn, PageSize: ELBV2_PAGE_SIZE, Marker: marker }));
    return { items: page.Listeners ?? [], next: page.NextMarker };
  });
  const listener = listeners.find((candidate) => candidate.Port === port);
  if (listener?.ListenerArn === undefined) throw new RotationError(`load balancer ${usage.resource} in ${usage.region} has no listener on port ${port} any more`);
  const endpoint = { host: loadBalancer.DNSName, port };
  const listenerArn = listener.ListenerArn;

  if (!ADDITIONAL.test(usage.detail)) {
    const current = listener.Certificates?.[0]?.CertificateArn;
    if (current === to.arn) return { outcome: RepointOutcome.Already, endpoint, calls: [] };
    if (current !== from.arn) return { outcome: RepointOutcome.ChangedElsewhere, endpoint, calls: [] };
    await sendNew('ModifyListener', () => client.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: to.arn }] })));
    return { outcome: RepointOutcome.Repointed, endpoint, calls: ['ModifyListener'] };
  }
  const extras = await extraCertificates(client, listenerArn);
  const calls: string[] = [];
  if (!extras.has(to.arn)) {
    if (!extras.has(from.arn)) return { outcome: RepointOutcome.ChangedElsewhere, endpoint, calls };
    await sendNew('AddListenerCertificates', () => client.send(new AddListenerCertificatesCommand({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: to.arn }] })));
    calls.push('AddListenerCertificates');
  }
  if (extras.has(from.arn)) {
    await client.send(new RemoveListenerCertificatesCommand({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: from.arn }] }));
    calls.push('RemoveListenerCertificates');
  }
  return { outcome: calls.length === 0 ? RepointOutcome.Already : RepointOutcome.Repointed, endpoint, calls };
}

async function extraCertificates(client: ElasticLoadBalancingV2Client, listenerArn: string): Promise<Set<string>> {
  const certificates = await collectPages('DescribeListenerCertificates', TimeBudget.unlimited(), async (marker) => {
    const page = await client.send(new DescribeListenerCertificatesCommand({ ListenerArn: listenerArn, PageSize: ELBV2_PAGE_SIZE, Marker: marker }));
    return { items: page.Certificates ?? [], next: page.NextMarker };
  });
  return new Set(certificates.filter((certificate) => certificate.IsDefault !== true).map((certificate) => certificate.CertificateArn ?? ''));
}
