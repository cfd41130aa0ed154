import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { DescribeLoadBalancersCommand as DescribeClassicCommand, ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeListenerCertificatesCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteServerCertificateCommand, IAMClient } from '@aws-sdk/client-iam';
import type { StandIn } from './stand-in/stand-in';
import { useStandInThroughSdk } from './stand-in-through-sdk';

const CERT_A = 'arn:aws:iam::123456789012:server-certificate/a';
const CERT_B = 'arn:aws:iam::123456789012:server-certificate/b';

/**
 * The stand-in's ELB, ELBv2 and CloudFront through the real SDK clients,
 * reached the way the rule and the CLI reach them: `AWS_ENDPOINT_URL_…`.
 */
describe('the ELB, ELBv2 and CloudFront stand-ins, through the real SDK clients', () => {
  const sdk = useStandInThroughSdk();
  // Built after the environment points at the stand-in; one attempt, so faults show at once.
  const { client } = sdk;
  let standIn: StandIn;
  beforeEach(() => {
    standIn = sdk.standIn();
  });

  it('pages classic load balancers of the signing region with PageSize and NextMarker', async () => {
    standIn.addClassicLoadBalancer({ name: 'web', listeners: [{ port: 443, certificateArn: CERT_A }, { port: 80 }] });
    standIn.addClassicLoadBalancer({ name: 'api', listeners: [{ port: 8443, certificateArn: CERT_B }] });
    standIn.addClassicLoadBalancer({ name: 'elsewhere', region: 'eu-west-1', listeners: [{ port: 443, certificateArn: CERT_A }] });
    const elb = client(() => new ElasticLoadBalancingClient({ region: 'us-east-1', maxAttempts: 1 }));

    const first = await elb.send(new DescribeClassicCommand({ PageSize: 1 }));
    const second = await elb.send(new DescribeClassicCommand({ PageSize: 1, Marker: first.NextMarker }));

    expect(first.LoadBalancerDescriptions?.map((lb) => lb.LoadBalancerName)).toEqual(['web']);
    expect(first.LoadBalancerDescriptions?.[0]?.ListenerDescriptions?.map((d) => [d.Listener?.LoadBalancerPort, d.Listener?.SSLCertificateId])).toEqual([
      [443, CERT_A],
      [80, undefined],
    ]);
    expect(first.NextMarker).toEqual(expect.any(String));
    expect(second.LoadBalancerDescriptions?.map((lb) => lb.LoadBalancerName)).toEqual(['api']);
    expect(second.NextMarker).toBeUndefined();
    expect(standIn.callCounts()).toEqual({ 'elb:DescribeLoadBalancers': 2 });
  });

  it('keeps load balancers per region, told by the credential scope', async () => {
    standIn.addClassicLoadBalancer({ name: 'dublin', region: 'eu-west-1', listeners: [{ port: 443, certificateArn: CERT_A }] });
    standIn.addLoadBalancerV2({ name: 'dublin-alb', region: 'eu-west-1', listeners: [{ port: 443, certificateArn: CERT_A }] });

    const here = await client(() => new ElasticLoadBalancingClient({ region: 'us-east-1' })).send(new DescribeClassicCommand({}));
    const there = await client(() => new ElasticLoadBalancingClient({ region: 'eu-west-1' })).send(new DescribeClassicCommand({}));
    const thereV2 = await client(() => new ElasticLoadBalancingV2Client({ region: 'eu-west-1' })).send(new DescribeLoadBalancersCommand({}));

    expect(here.LoadBalancerDescriptions).toEqual([]);
    expect(there.LoadBalancerDescriptions?.map((lb) => lb.LoadBalancerName)).toEqual(['dublin']);
    expect(thereV2.LoadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual(['dublin-alb']);
  });

  it('describes ALB load balancers, listeners and listener certificates, default first', async () => {
    const alb = standIn.addLoadBalancerV2({
      name: 'shop',
      listeners: [{ port: 443, certificateArn: CERT_A, extraCertificateArns: [CERT_B] }, { port: 80 }],
    });
    const elbv2 = client(() => new ElasticLoadBalancingV2Client({ region: 'us-east-1', maxAttempts: 1 }));

    const loadBalancers = await elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 400 }));
    const listeners = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: alb.arn, PageSize: 1 }));
    const moreListeners = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: alb.arn, PageSize: 1, Marker: listeners.NextMarker }));
    const certificates = await elbv2.send(new DescribeListenerCertificatesCommand({ ListenerArn: alb.listeners[0]?.arn }));

    expect(loadBalancers.LoadBalancers?.map((lb) => [lb.LoadBalancerName, lb.LoadBalancerArn, lb.Type])).toEqual([['shop', alb.arn, 'application']]);
    expect(alb.arn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/shop\/[0-9a-f]{16}$/);
    expect(listeners.Listeners?.map((l) => [l.Port, l.Protocol, l.Certificates?.map((c) => c.CertificateArn)])).toEqual([[443, 'HTTPS', [CERT_A]]]);
    expect(moreListeners.Listeners?.map((l) => [l.Port, l.Protocol])).toEqual([[80, 'HTTP']]);
    expect(moreListeners.NextMarker).toBeUndefined();
    expect(certificates.Certificates).toEqual([
      { CertificateArn: CERT_A, IsDefault: true },
      { CertificateArn: CERT_B, IsDefault: false },
    ]);
  });

  it('answers LoadBalancerNotFound and ListenerNotFound for ARNs it does not hold', async () => {
    const elbv2 = client(() => new ElasticLoadBalancingV2Client({ region: 'us-east-1', maxAttempts: 1 }));
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/gone/0123456789abcdef';

    await expect(elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: arn }))).rejects.toMatchObject({ name: 'LoadBalancerNotFoundException' });
    await expect(elbv2.send(new DescribeListenerCertificatesCommand({ ListenerArn: `${arn}/x` }))).rejects.toMatchObject({ name: 'ListenerNotFoundException' });
  });

  it('pages distributions by id with IsTruncated and NextMarker, naming IAM certificates by id', async () => {
    standIn.addDistribution({ id: 'E2AAAAAAAAAAAA', aliases: ['www.example.com', 'example.com'], iamCertificateId: 'ASCAEXAMPLE00000000001' });
    standIn.addDistribution({ id: 'E1AAAAAAAAAAAA' });
    const cloudfront = client(() => new CloudFrontClient({ region: 'us-east-1', maxAttempts: 1 }));

    const first = await cloudfront.send(new ListDistributionsCommand({ MaxItems: 1 }));
    const second = await cloudfront.send(new ListDistributionsCommand({ MaxItems: 1, Marker: first.DistributionList?.NextMarker }));

    expect(first.DistributionList).toMatchObject({ IsTruncated: true, NextMarker: 'E1AAAAAAAAAAAA', Quantity: 1 });
    expect(first.DistributionList?.Items?.[0]?.ViewerCertificate).toMatchObject({ CloudFrontDefaultCertificate: true });
    expect(second.DistributionList).toMatchObject({ IsTruncated: false, Quantity: 1 });
    expect(second.DistributionList?.Items?.[0]).toMatchObject({
      Id: 'E2AAAAAAAAAAAA',
      Aliases: { Quantity: 2, Items: ['www.example.com', 'example.com'] },
      ViewerCertificate: { IAMCertificateId: 'ASCAEXAMPLE00000000001', CertificateSource: 'iam' },
    });
    expect(standIn.callCounts()).toEqual({ 'cloudfront:ListDistributions': 2 });
  });

  it('tells ELB from ELBv2 in faults and call counts when both call DescribeLoadBalancers', async () => {
    standIn.faults.add({ operation: 'elbv2:DescribeLoadBalancers', onCalls: 'all', kind: 'server-error' });
    const elb = client(() => new ElasticLoadBalancingClient({ region: 'us-east-1', maxAttempts: 1 }));
    const elbv2 = client(() => new ElasticLoadBalancingV2Client({ region: 'us-east-1', maxAttempts: 1 }));

    await expect(elb.send(new DescribeClassicCommand({}))).resolves.toMatchObject({ LoadBalancerDescriptions: [] });
    await expect(elbv2.send(new DescribeLoadBalancersCommand({}))).rejects.toMatchObject({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
    expect(standIn.callCounts()).toEqual({ 'elb:DescribeLoadBalancers': 1, 'elbv2:DescribeLoadBalancers': 1 });
  });

  it('throttles ListDistributions with CloudFront-shaped errors when a fault is injected', async () => {
    standIn.faults.add({ operation: 'cloudfront:ListDistributions', onCalls: [1], kind: 'throttle' });
    const cloudfront = client(() => new CloudFrontClient({ region: 'us-east-1', maxAttempts: 1 }));

    await expect(cloudfront.send(new ListDistributionsCommand({}))).rejects.toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    await expect(cloudfront.send(new ListDistributionsCommand({}))).resolves.toMatchObject({ DistributionList: { Quantity: 0 } });
  });

  it('answers AccessDenied for a denied ELB action', async () => {
    standIn.denyAction('123456789012', 'elasticloadbalancing:DescribeLoadBalancers');
    const elb = client(() => new ElasticLoadBalancingClient({ region: 'us-east-1', maxAttempts: 1 }));

    await expect(elb.send(new DescribeClassicCommand({}))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it('refuses with DeleteConflict to delete a certificate a load balancer in any region serves', async () => {
    const [certificate] = standIn.seedCertificates([{ name: 'served', expiration: new Date('2026-01-01T00:00:00Z') }]);
    const lb = standIn.addLoadBalancerV2({ name: 'far', region: 'ap-southeast-2', listeners: [{ port: 443, certificateArn: CERT_A, extraCertificateArns: [certificate?.arn ?? ''] }] });
    const iam = client(() => new IAMClient({ region: 'us-east-1', maxAttempts: 1 }));

    await expect(iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'served' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: `Certificate: ${certificate?.id ?? ''} is currently in use by ${lb.arn}. Please remove it first before deleting it from IAM.`,
      $metadata: { httpStatusCode: 409 },
    });
    expect(standIn.certificate('served')).toBeDefined();
  });
});
