import { DescribeLoadBalancersCommand, ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { mockClient } from 'aws-sdk-client-mock';
import type { CertificateReference } from '../../src/usage/certificate-usage';
import { CLASSIC_ELB_PAGE_SIZE, ClassicElbReferences } from '../../src/usage/classic-elb-references';
import { UsageLookupError } from '../../src/errors';

const ARN = 'arn:aws:iam::123456789012:server-certificate/old-api';
const elb = mockClient(ElasticLoadBalancingClient);

async function scan(): Promise<CertificateReference[]> {
  const found: CertificateReference[] = [];
  await new ClassicElbReferences(new ElasticLoadBalancingClient({ region: 'eu-west-1' }), 'eu-west-1').scan((r) => found.push(r));
  return found;
}

describe('ClassicElbReferences', () => {
  afterEach(() => elb.reset());

  it('follows NextMarker across pages, asking for 400 a page, until NextMarker is empty', async () => {
    const requests: unknown[] = [];
    const pages = [
      { LoadBalancerDescriptions: [{ LoadBalancerName: 'a', ListenerDescriptions: [{ Listener: { LoadBalancerPort: 443, SSLCertificateId: ARN, Protocol: 'HTTPS', InstancePort: 80 } }] }], NextMarker: 'm1' },
      { LoadBalancerDescriptions: [{ LoadBalancerName: 'b', ListenerDescriptions: [{ Listener: { LoadBalancerPort: 8443, SSLCertificateId: ARN, Protocol: 'SSL', InstancePort: 80 } }] }], NextMarker: 'm2' },
      { LoadBalancerDescriptions: [{ LoadBalancerName: 'c', ListenerDescriptions: [] }], NextMarker: '' },
    ];
    elb.on(DescribeLoadBalancersCommand).callsFake((input: { Marker?: string }) => {
      requests.push({ ...input });
      return pages[requests.length - 1];
    });

    const found = await scan();

    expect(requests).toEqual([
      { PageSize: CLASSIC_ELB_PAGE_SIZE },
      { PageSize: 400, Marker: 'm1' },
      { PageSize: 400, Marker: 'm2' },
    ]);
    expect(found).toEqual([
      { certificate: { by: 'arn', value: ARN }, usage: { service: 'elb', resource: 'a', detail: '443', region: 'eu-west-1' } },
      { certificate: { by: 'arn', value: ARN }, usage: { service: 'elb', resource: 'b', detail: '8443', region: 'eu-west-1' } },
    ]);
  });

  it('ignores plain HTTP listeners that have no certificate', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancerDescriptions: [{ LoadBalancerName: 'web', ListenerDescriptions: [{ Listener: { LoadBalancerPort: 80, Protocol: 'HTTP', InstancePort: 80 } }] }],
    });
    await expect(scan()).resolves.toEqual([]);
  });

  it('throws a UsageLookupError naming the action and region when a page fails', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers'), { name: 'AccessDenied' });
    elb.on(DescribeLoadBalancersCommand).rejects(denied);
    await expect(scan()).rejects.toBeInstanceOf(UsageLookupError);
    await expect(scan()).rejects.toMatchObject({
      action: 'elasticloadbalancing:DescribeLoadBalancers',
      region: 'eu-west-1',
      service: 'elb',
    });
  });
});
