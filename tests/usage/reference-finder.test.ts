import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { DescribeLoadBalancersCommand as DescribeClassic, ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeListenerCertificatesCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand as DescribeV2,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { CertificateReferenceFinder, SCAN_CONCURRENCY } from '../../src/usage/reference-finder';
import { USAGE_SCAN_IAM_ACTIONS } from '../../src/usage/required-actions';
import type { UsageClients } from '../../src/usage/usage-clients';
import { usageOf } from '../../src/usage/usage-of';

const ARN = 'arn:aws:iam::123456789012:server-certificate/old-api';
const certificate = { arn: ARN, id: 'ASCAOLD' };

/** One client instance per region, each mocked on its own, so regions can answer differently. */
function regionalClients() {
  const elb = { 'us-east-1': new ElasticLoadBalancingClient({ region: 'us-east-1' }), 'eu-west-1': new ElasticLoadBalancingClient({ region: 'eu-west-1' }) };
  const elbv2 = { 'us-east-1': new ElasticLoadBalancingV2Client({ region: 'us-east-1' }), 'eu-west-1': new ElasticLoadBalancingV2Client({ region: 'eu-west-1' }) };
  const cloudfront = new CloudFrontClient({ region: 'us-east-1' });
  const account = new AccountClient({ region: 'us-east-1' });
  const clients: UsageClients = {
    elb: (region) => elb[region as keyof typeof elb],
    elbv2: (region) => elbv2[region as keyof typeof elbv2],
    cloudfront: () => cloudfront,
    account: () => account,
  };
  const mocks = {
    elbUs: mockClient(elb['us-east-1']),
    elbEu: mockClient(elb['eu-west-1']),
    v2Us: mockClient(elbv2['us-east-1']),
    v2Eu: mockClient(elbv2['eu-west-1']),
    cloudfront: mockClient(cloudfront),
    account: mockClient(account),
  };
  // The account has the two regions these clients stand for enabled, and one opt-in region disabled.
  mocks.account.on(ListRegionsCommand).resolves({
    Regions: [
      { RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED' },
      { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
      { RegionName: 'af-south-1', RegionOptStatus: 'DISABLED' },
    ],
  });
  mocks.elbUs.on(DescribeClassic).resolves({ LoadBalancerDescriptions: [] });
  mocks.elbEu.on(DescribeClassic).resolves({ LoadBalancerDescriptions: [] });
  mocks.v2Us.on(DescribeV2).resolves({ LoadBalancers: [] });
  mocks.v2Eu.on(DescribeV2).resolves({ LoadBalancers: [] });
  mocks.cloudfront.on(ListDistributionsCommand).resolves({ DistributionList: { Items: [], Quantity: 0, Marker: '', MaxItems: 100, IsTruncated: false } });
  return { clients, mocks };
}

describe('CertificateReferenceFinder', () => {
  it('scans load balancers in every region asked for and CloudFront once', async () => {
    const { clients, mocks } = regionalClients();
    mocks.elbEu.on(DescribeClassic).resolves({
      LoadBalancerDescriptions: [{ LoadBalancerName: 'my-app-elb', ListenerDescriptions: [{ Listener: { LoadBalancerPort: 443, SSLCertificateId: ARN, Protocol: 'HTTPS', InstancePort: 80 } }] }],
    });

    const inventory = await new CertificateReferenceFinder(clients).scan({ regions: ['us-east-1', 'eu-west-1', 'eu-west-1'] });

    expect(mocks.elbUs).toHaveReceivedCommandTimes(DescribeClassic, 1);
    expect(mocks.elbEu).toHaveReceivedCommandTimes(DescribeClassic, 1);
    expect(mocks.v2Us).toHaveReceivedCommandTimes(DescribeV2, 1);
    expect(mocks.v2Eu).toHaveReceivedCommandTimes(DescribeV2, 1);
    expect(mocks.cloudfront).toHaveReceivedCommandTimes(ListDistributionsCommand, 1);
    expect(inventory.failures).toEqual([]);
    expect(usageOf(certificate, inventory)).toMatchObject({
      state: 'in-use',
      usages: [{ service: 'elb', resource: 'my-app-elb', detail: '443', region: 'eu-west-1' }],
      failures: [],
    });
  });

  it('scans every region enabled for the account when none is asked for, and never a disabled one', async () => {
    const { clients, mocks } = regionalClients();
    const asked: string[] = [];
    const tracking: UsageClients = { ...clients, elb: (region) => (asked.push(region), clients.elb(region)) };

    const inventory = await new CertificateReferenceFinder(tracking).scan({});

    expect(mocks.account).toHaveReceivedCommandTimes(ListRegionsCommand, 1);
    expect(asked.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(inventory.coverage).toEqual({ enabled: ['eu-west-1', 'us-east-1'], listFailure: undefined, scanned: ['eu-west-1', 'us-east-1'], gaps: [] });
    expect(usageOf(certificate, inventory).state).toBe('not-referenced');
  });

  it('scans no region, and calls nothing unreferenced, when the account\'s regions cannot be listed', async () => {
    const { clients, mocks } = regionalClients();
    mocks.account.on(ListRegionsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const messages: string[] = [];

    const inventory = await new CertificateReferenceFinder(clients).scan({ onProgress: (message) => messages.push(message) });

    expect(mocks.elbUs).toHaveReceivedCommandTimes(DescribeClassic, 0);
    expect(mocks.cloudfront).toHaveReceivedCommandTimes(ListDistributionsCommand, 1);
    expect(inventory.coverage).toEqual({ enabled: undefined, listFailure: 'AccessDeniedException: not authorized', scanned: [], gaps: [] });
    expect(usageOf(certificate, inventory).state).toBe('unknown');
    expect(messages).toContain('regions of the account unknown: account:ListRegions failed: AccessDeniedException: not authorized');
  });

  it('uses a scope worked out before, without listing the regions again', async () => {
    const { clients, mocks } = regionalClients();
    const finder = new CertificateReferenceFinder(clients);
    const listing = await finder.listRegions();

    const inventory = await finder.scan({ scope: { enabled: ['eu-west-1', 'us-east-1'], listFailure: undefined, scanned: ['us-east-1'], gaps: [{ region: 'eu-west-1', reason: 'not-requested' }] } });

    expect(listing).toEqual({ regions: { enabled: ['eu-west-1', 'us-east-1'], changing: [] } });
    expect(mocks.account).toHaveReceivedCommandTimes(ListRegionsCommand, 1);
    expect(mocks.elbEu).toHaveReceivedCommandTimes(DescribeClassic, 0);
    expect(usageOf(certificate, inventory).state).toBe('unknown');
  });

  it('leaves a failed listing of a scope worked out before to whoever worked it out: the failure is said once, not again by the scan', async () => {
    const { clients } = regionalClients();
    const messages: string[] = [];

    const inventory = await new CertificateReferenceFinder(clients).scan({
      scope: { enabled: undefined, listFailure: 'AccessDeniedException: not authorized', scanned: [], gaps: [] },
      onProgress: (message) => messages.push(message),
    });

    expect(messages.filter((message) => message.includes('ListRegions'))).toEqual([]);
    expect(usageOf(certificate, inventory).state).toBe('unknown');
  });

  it(`scans at most ${SCAN_CONCURRENCY} sources at once`, async () => {
    const regions = Array.from({ length: 12 }, (_, i) => `eu-west-${i + 1}`);
    let inFlight = 0;
    let most = 0;
    const slow = { send: async () => { inFlight += 1; most = Math.max(most, inFlight); await new Promise((resolve) => setTimeout(resolve, 5)); inFlight -= 1; return {}; } };
    const { clients } = regionalClients();
    const bounded = { ...clients, elb: () => slow, elbv2: () => slow } as unknown as UsageClients;

    const inventory = await new CertificateReferenceFinder(bounded).scan({ scope: { enabled: regions, listFailure: undefined, scanned: regions, gaps: [] } });

    expect(inventory.failures).toEqual([]);
    expect(most).toBeLessThanOrEqual(SCAN_CONCURRENCY);
    expect(most).toBeGreaterThan(1);
  });

  it('reports usage unknown, with the error and region, when one region is denied', async () => {
    const { clients, mocks } = regionalClients();
    mocks.elbEu.on(DescribeClassic).rejects(Object.assign(new Error('User: x is not authorized'), { name: 'AccessDenied' }));

    const inventory = await new CertificateReferenceFinder(clients).scan({ regions: ['us-east-1', 'eu-west-1'] });

    expect(inventory.failures).toEqual([
      { service: 'elb', region: 'eu-west-1', action: 'elasticloadbalancing:DescribeLoadBalancers', reason: 'AccessDenied: User: x is not authorized' },
    ]);
    expect(usageOf(certificate, inventory).state).toBe('unknown');
  });

  it('says not-referenced only when every source of every enabled region answered and none names the certificate', async () => {
    const { clients } = regionalClients();
    const all = await new CertificateReferenceFinder(clients).scan({ regions: ['us-east-1', 'eu-west-1'] });
    const narrowed = await new CertificateReferenceFinder(clients).scan({ regions: ['us-east-1'] });
    expect(usageOf(certificate, all).state).toBe('not-referenced');
    expect(usageOf(certificate, narrowed).state).toBe('unknown');
    expect(narrowed.coverage.gaps).toEqual([{ region: 'eu-west-1', reason: 'not-requested' }]);
  });

  it('reports progress for each source as it starts and ends', async () => {
    const { clients } = regionalClients();
    const messages: string[] = [];
    await new CertificateReferenceFinder(clients).scan({ regions: ['us-east-1'], onProgress: (m) => messages.push(m) });
    expect(messages).toEqual(
      expect.arrayContaining(['scanning elb in us-east-1', 'scanned elb in us-east-1', 'scanning elbv2 in us-east-1', 'scanning cloudfront in global']),
    );
  });

});

describe('USAGE_SCAN_IAM_ACTIONS', () => {
  it('covers the action of every call the scan makes, so a policy built from it is enough', async () => {
    const { clients, mocks } = regionalClients();
    const denied = Object.assign(new Error('no'), { name: 'AccessDenied' });
    // us-east-1 ELBv2 fails at DescribeListeners, eu-west-1 at DescribeListenerCertificates; everything else fails at once.
    mocks.elbUs.on(DescribeClassic).rejects(denied);
    mocks.elbEu.on(DescribeClassic).rejects(denied);
    mocks.cloudfront.on(ListDistributionsCommand).rejects(denied);
    mocks.v2Us.on(DescribeV2).resolves({ LoadBalancers: [{ LoadBalancerArn: 'lb', LoadBalancerName: 'a' }] });
    mocks.v2Us.on(DescribeListenersCommand).rejects(denied);
    mocks.v2Eu.on(DescribeV2).resolves({ LoadBalancers: [{ LoadBalancerArn: 'lb', LoadBalancerName: 'a' }] });
    mocks.v2Eu.on(DescribeListenersCommand).resolves({ Listeners: [{ ListenerArn: 'l', Protocol: 'HTTPS', Port: 443 }] });
    mocks.v2Eu.on(DescribeListenerCertificatesCommand).rejects(denied);

    const messages: string[] = [];
    const inventory = await new CertificateReferenceFinder(clients).scan({ regions: ['us-east-1', 'eu-west-1'], onProgress: (message) => messages.push(message) });

    const actions = new Set(inventory.failures.map((f) => f.action));
    // The region list is read first (the scan cannot be complete without it), then every load balancer and CloudFront call.
    expect(messages[0]).toContain('account:ListRegions');
    expect([...actions, 'account:ListRegions'].sort()).toEqual([...USAGE_SCAN_IAM_ACTIONS].sort());
  });
});
