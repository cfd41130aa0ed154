import {
  DescribeListenerCertificatesCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  ListenerNotFoundException,
  LoadBalancerNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import type { CertificateReference } from '../../src/usage/certificate-usage';
import { ELBV2_PAGE_SIZE, Elbv2References } from '../../src/usage/elbv2-references';

const OLD = 'arn:aws:iam::123456789012:server-certificate/old-api';
const SNI = 'arn:aws:iam::123456789012:server-certificate/extra';
const LB1 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/1';
const LB2 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/tls/2';
const L1 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/api/1/a';
const L2 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/tls/2/b';
const L_HTTP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/api/1/http';

const elbv2 = mockClient(ElasticLoadBalancingV2Client);

async function scan(): Promise<CertificateReference[]> {
  const found: CertificateReference[] = [];
  await new Elbv2References(new ElasticLoadBalancingV2Client({ region: 'us-east-1' }), 'us-east-1').scan((r) => found.push(r));
  return found;
}

/** Records each request's input (the SDK may reuse objects) and answers from `pages` in turn. */
function paged<T>(pages: readonly T[], requests: unknown[]): (input: object) => T | undefined {
  let call = 0;
  return (input) => {
    requests.push({ ...input });
    call += 1;
    return pages[call - 1];
  };
}

describe('Elbv2References', () => {
  afterEach(() => elbv2.reset());

  it('pages load balancers, listeners and listener certificates, and reports default and additional certificates', async () => {
    const lbRequests: unknown[] = [];
    const listenerRequests: unknown[] = [];
    const certificateRequests: unknown[] = [];
    elbv2.on(DescribeLoadBalancersCommand).callsFake(
      paged(
        [
          { LoadBalancers: [{ LoadBalancerArn: LB1, LoadBalancerName: 'api' }], NextMarker: 'lb-2' },
          { LoadBalancers: [{ LoadBalancerArn: LB2, LoadBalancerName: 'tls' }] },
        ],
        lbRequests,
      ),
    );
    elbv2
      .on(DescribeListenersCommand, { LoadBalancerArn: LB1 })
      .callsFake(
        paged(
          [
            { Listeners: [{ ListenerArn: L_HTTP, Protocol: 'HTTP', Port: 80 }], NextMarker: 'l-2' },
            { Listeners: [{ ListenerArn: L1, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: OLD }] }] },
          ],
          listenerRequests,
        ),
      )
      .on(DescribeListenersCommand, { LoadBalancerArn: LB2 })
      .resolves({ Listeners: [{ ListenerArn: L2, Protocol: 'TLS', Port: 8443, Certificates: [{ CertificateArn: SNI }] }] });
    elbv2
      .on(DescribeListenerCertificatesCommand, { ListenerArn: L1 })
      .callsFake(
        paged(
          [
            { Certificates: [{ CertificateArn: OLD, IsDefault: true }], NextMarker: 'c-2' },
            { Certificates: [{ CertificateArn: SNI, IsDefault: false }] },
          ],
          certificateRequests,
        ),
      )
      .on(DescribeListenerCertificatesCommand, { ListenerArn: L2 })
      .resolves({ Certificates: [{ CertificateArn: SNI, IsDefault: true }] });

    const found = await scan();

    expect(lbRequests).toEqual([{ PageSize: ELBV2_PAGE_SIZE }, { PageSize: 400, Marker: 'lb-2' }]);
    expect(listenerRequests).toEqual([
      { LoadBalancerArn: LB1, PageSize: 400 },
      { LoadBalancerArn: LB1, PageSize: 400, Marker: 'l-2' },
    ]);
    expect(certificateRequests).toEqual([
      { ListenerArn: L1, PageSize: 400 },
      { ListenerArn: L1, PageSize: 400, Marker: 'c-2' },
    ]);
    const usages = found.map((r) => [r.certificate.value, r.usage.resource, r.usage.detail]);
    expect(usages).toEqual(
      expect.arrayContaining([
        [OLD, 'api', '443'],
        [SNI, 'api', '443 additional'],
        [SNI, 'tls', '8443'],
      ]),
    );
    expect(found.every((r) => r.certificate.by === 'arn' && r.usage.service === 'elbv2' && r.usage.region === 'us-east-1')).toBe(true);
  });

  it('never asks for the certificates of an HTTP listener', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: LB1, LoadBalancerName: 'api' }] });
    elbv2.on(DescribeListenersCommand).resolves({ Listeners: [{ ListenerArn: L_HTTP, Protocol: 'HTTP', Port: 80 }] });
    await expect(scan()).resolves.toEqual([]);
    expect(elbv2).not.toHaveReceivedCommand(DescribeListenerCertificatesCommand);
  });

  it('reports references found before a failing call, then throws naming the failed action', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: LB1, LoadBalancerName: 'api' }] });
    elbv2.on(DescribeListenersCommand).resolves({ Listeners: [{ ListenerArn: L1, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: OLD }] }] });
    elbv2.on(DescribeListenerCertificatesCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    const found: CertificateReference[] = [];
    const scanning = new Elbv2References(new ElasticLoadBalancingV2Client({ region: 'us-east-1' }), 'us-east-1').scan((r) => found.push(r));
    await expect(scanning).rejects.toMatchObject({ action: 'elasticloadbalancing:DescribeListenerCertificates', region: 'us-east-1' });
    expect(found.map((r) => r.certificate.value)).toEqual([OLD]);
  });

  it('skips a load balancer deleted between listing and reading its listeners, and scans the rest', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [
        { LoadBalancerArn: LB1, LoadBalancerName: 'api' },
        { LoadBalancerArn: LB2, LoadBalancerName: 'tls' },
      ],
    });
    elbv2
      .on(DescribeListenersCommand, { LoadBalancerArn: LB1 })
      .rejects(new LoadBalancerNotFoundException({ message: 'gone', $metadata: {} }))
      .on(DescribeListenersCommand, { LoadBalancerArn: LB2 })
      .resolves({ Listeners: [{ ListenerArn: L2, Protocol: 'TLS', Port: 8443 }] });
    elbv2.on(DescribeListenerCertificatesCommand).resolves({ Certificates: [{ CertificateArn: SNI, IsDefault: true }] });
    const found = await scan();
    expect(found.map((r) => r.usage.resource)).toEqual(['tls']);
  });

  it('skips a listener deleted between listing and reading its certificates', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: LB1, LoadBalancerName: 'api' }] });
    elbv2.on(DescribeListenersCommand).resolves({
      Listeners: [
        { ListenerArn: L1, Protocol: 'HTTPS', Port: 443 },
        { ListenerArn: L2, Protocol: 'HTTPS', Port: 8443 },
      ],
    });
    elbv2
      .on(DescribeListenerCertificatesCommand, { ListenerArn: L1 })
      .rejects(new ListenerNotFoundException({ message: 'gone', $metadata: {} }))
      .on(DescribeListenerCertificatesCommand, { ListenerArn: L2 })
      .resolves({ Certificates: [{ CertificateArn: OLD, IsDefault: true }] });
    const found = await scan();
    expect(found.map((r) => r.usage.detail)).toEqual(['8443']);
  });

  it('still fails for a missing load balancer error on the load balancer listing itself', async () => {
    elbv2.on(DescribeLoadBalancersCommand).rejects(new LoadBalancerNotFoundException({ message: 'odd', $metadata: {} }));
    await expect(scan()).rejects.toMatchObject({ action: 'elasticloadbalancing:DescribeLoadBalancers' });
  });
});
