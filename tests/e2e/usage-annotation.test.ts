import { DEFAULT_ENABLED_REGIONS } from '../support/stand-in/account-service';
import { daysParameter, periodicEvent } from '../support/events';
import { useStandIn, verdicts } from '../support/e2e-harness';

const RULE = 'iam-server-certificate-expiring';
const DAY = 86_400_000;
const USAGE_SERVICES: ReadonlySet<string> = new Set(['elb', 'elbv2', 'cloudfront']);

/** `{"daysToExpiration":"30","checkUsage":"true", …}`, as the console passes rule parameters. */
function usageParameters(extra: Record<string, string> = {}): string {
  return JSON.stringify({ daysToExpiration: '30', checkUsage: 'true', ...extra });
}

/**
 * The bundled handler with the usage check on: it scans the stand-in's ELB,
 * ELBv2 and CloudFront and says in each annotation what serves the
 * certificate. Verdicts never depend on it.
 */
describe('usage annotations of the bundled handler against the stand-in', () => {
  // One retry per call: a permanent fault turns into "usage unknown" quickly.
  const context = useStandIn({ AWS_MAX_ATTEMPTS: '2' });

  /** Five certificates: served by a classic listener, an ALB, CloudFront, and nothing (one of those expired). */
  function seed(): Record<string, string> {
    const { standIn } = context();
    const now = Date.now();
    const certificates = standIn.seedCertificates([
      { name: 'elb-cert', expiration: new Date(now - 10 * DAY) },
      { name: 'alb-cert', expiration: new Date(now + 5 * DAY) },
      { name: 'cdn-cert', expiration: new Date(now + 365 * DAY) },
      { name: 'orphan', expiration: new Date(now + 20 * DAY) },
      { name: 'orphan-expired', expiration: new Date(now - 2 * DAY) },
    ]);
    const ids = Object.fromEntries(certificates.map((certificate) => [certificate.name, certificate.name]));
    const arn = (name: string): string => standIn.certificate(name)?.arn ?? '';
    standIn.addClassicLoadBalancer({ name: 'legacy-elb', listeners: [{ port: 443, certificateArn: arn('elb-cert') }] });
    standIn.addLoadBalancerV2({ name: 'shop-alb', listeners: [{ port: 443, certificateArn: arn('alb-cert') }, { port: 80 }] });
    standIn.addDistribution({ id: 'E2CDNEXAMPLE02', aliases: ['www.example.com'], iamCertificateId: standIn.certificate('cdn-cert')?.id ?? '' });
    return ids;
  }

  async function run(ruleParameters: string): Promise<Record<string, string>> {
    const { standIn, handler } = context();
    await handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), ruleParameters, new Date()));
    return Object.fromEntries(standIn.evaluations(RULE).map((evaluation) => [evaluation.resourceId, evaluation.annotation ?? '']));
  }

  const EXPECTED_VERDICTS = (ids: Record<string, string>): Record<string, string> => ({
    [ids['elb-cert'] ?? '']: 'NON_COMPLIANT',
    [ids['alb-cert'] ?? '']: 'NON_COMPLIANT',
    [ids['cdn-cert'] ?? '']: 'COMPLIANT',
    [ids['orphan'] ?? '']: 'NON_COMPLIANT',
    [ids['orphan-expired'] ?? '']: 'NON_COMPLIANT',
  });

  /** The regions of the load balancer calls the stand-in answered. */
  function regionsCalled(): string[] {
    return [...new Set(context().standIn.calls.all().flatMap((call) => (call.region === undefined ? [] : [call.region])))].sort();
  }

  it('says which load balancer or distribution serves each certificate when checkUsage is true', async () => {
    const { standIn } = context();
    const ids = seed();

    const annotations = await run(usageParameters());

    expect(annotations[ids['elb-cert'] ?? '']).toMatch(/ in use by elb legacy-elb:443$/);
    expect(annotations[ids['alb-cert'] ?? '']).toMatch(/ in use by elbv2 shop-alb:443$/);
    expect(annotations[ids['cdn-cert'] ?? '']).toMatch(/ in use by cloudfront E2CDNEXAMPLE02:www\.example\.com$/);
    // Safe to delete: expired, and no consumer in any region enabled for the account. Never said of a valid one.
    expect(annotations[ids['orphan-expired'] ?? '']).toMatch(/ not referenced: safe to delete$/);
    expect(annotations[ids['orphan'] ?? '']).toMatch(/\. not referenced$/);
    expect(Object.values(annotations).every((annotation) => annotation.length <= 256)).toBe(true);
    expect(verdicts(standIn, RULE)).toEqual(EXPECTED_VERDICTS(ids));
    // One scan of every region enabled for the account (the region list once): one page each; listener certificates only for the HTTPS listener.
    expect(standIn.callCounts()).toMatchObject({
      'account:ListRegions': 1,
      'elb:DescribeLoadBalancers': DEFAULT_ENABLED_REGIONS.length,
      'elbv2:DescribeLoadBalancers': DEFAULT_ENABLED_REGIONS.length,
      'elbv2:DescribeListeners': 1,
      'elbv2:DescribeListenerCertificates': 1,
      'cloudfront:ListDistributions': 1,
    });
    expect(regionsCalled()).toEqual([...DEFAULT_ENABLED_REGIONS].sort());
  });

  it('finds a consumer in a second region by default, and never scans a region the account has opted out of', async () => {
    const { standIn } = context();
    const ids = seed();
    // A load balancer in eu-central-1 (enabled by default) serves orphan-expired; one in me-south-1 (an opt-in region, disabled) serves orphan.
    standIn.addClassicLoadBalancer({ name: 'frankfurt-elb', region: 'eu-central-1', listeners: [{ port: 443, certificateArn: standIn.certificate('orphan-expired')?.arn ?? '' }] });
    standIn.setRegionOptStatus('me-south-1', 'ENABLED');
    standIn.addClassicLoadBalancer({ name: 'bahrain-elb', region: 'me-south-1', listeners: [{ port: 443, certificateArn: standIn.certificate('orphan')?.arn ?? '' }] });
    standIn.setRegionOptStatus('me-south-1', 'DISABLED');

    const annotations = await run(usageParameters());

    expect(annotations[ids['orphan-expired'] ?? '']).toMatch(/ in use by elb frankfurt-elb:443$/);
    expect(regionsCalled()).not.toContain('me-south-1');
    expect(regionsCalled()).toEqual([...DEFAULT_ENABLED_REGIONS].sort());
  });

  it('says usage unknown, never safe to delete, when one region\'s scan fails', async () => {
    const { standIn } = context();
    const ids = seed();
    // Every Classic ELB call in one region fails, retries included; the other sixteen answer.
    standIn.faults.add({ operation: 'elb:DescribeLoadBalancers', onCalls: 'all', region: 'ap-south-1', kind: 'server-error' });

    const annotations = await run(usageParameters());

    expect(annotations[ids['orphan-expired'] ?? '']).toMatch(/ usage unknown: InternalFailure in ap-south-1 for elasticloadbalancing:DescribeLoadBalancers$/);
    expect(Object.values(annotations).some((annotation) => annotation.includes('safe to delete'))).toBe(false);
  });

  it('says usage unknown, never safe to delete, when the account\'s regions cannot be listed, and scans no region in their place', async () => {
    const { standIn } = context();
    const ids = seed();
    standIn.denyAction('123456789012', 'account:ListRegions');

    const annotations = await run(usageParameters());

    expect(annotations[ids['orphan-expired'] ?? '']).toMatch(/ usage unknown: regions unknown \(AccessDeniedException for account:ListRegions\)$/);
    expect(annotations[ids['cdn-cert'] ?? '']).toMatch(/ in use by cloudfront E2CDNEXAMPLE02:www\.example\.com$/);
    expect(regionsCalled()).toEqual([]);
    expect(verdicts(standIn, RULE)).toEqual(EXPECTED_VERDICTS(ids));
  });

  it('scans every region of usageRegions and CloudFront once', async () => {
    const { standIn } = context();
    const ids = seed();
    const [dublin] = standIn.seedCertificates([{ name: 'dublin-cert', expiration: new Date(Date.now() + 3 * DAY) }]);
    standIn.addLoadBalancerV2({
      name: 'dublin-nlb',
      region: 'eu-west-1',
      type: 'network',
      listeners: [{ port: 8443, certificateArn: standIn.certificate('alb-cert')?.arn ?? '', extraCertificateArns: [dublin?.arn ?? ''] }],
    });

    const annotations = await run(usageParameters({ usageRegions: 'us-east-1,eu-west-1' }));

    expect(annotations[dublin?.name ?? '']).toMatch(/ in use by elbv2 dublin-nlb:8443 additional$/);
    expect(annotations[ids['alb-cert'] ?? '']).toMatch(/ in use by elbv2 dublin-nlb:8443, elbv2 shop-alb:443$/);
    expect(annotations[ids['elb-cert'] ?? '']).toMatch(/ in use by elb legacy-elb:443$/);
    // The other 15 enabled regions were left out: nothing is called safe to delete.
    expect(annotations[ids['orphan-expired'] ?? '']).toMatch(/ usage unknown: 15 enabled regions not scanned$/);
    expect(standIn.callCounts()).toMatchObject({
      'elb:DescribeLoadBalancers': 2,
      'elbv2:DescribeLoadBalancers': 2,
      'elbv2:DescribeListeners': 2,
      'elbv2:DescribeListenerCertificates': 2,
      'cloudfront:ListDistributions': 1,
    });
  });

  it('says usage unknown and keeps the verdicts when a usage call keeps failing', async () => {
    const { standIn } = context();
    const ids = seed();
    standIn.faults.add({ operation: 'elbv2:DescribeListenerCertificates', onCalls: 'all', kind: 'server-error' });

    const annotations = await run(usageParameters());

    const unknown = / usage unknown: InternalFailure in us-east-1 for elasticloadbalancing:DescribeListenerCertificates$/;
    expect(annotations[ids['orphan'] ?? '']).toMatch(unknown);
    expect(annotations[ids['orphan-expired'] ?? '']).toMatch(unknown);
    expect(annotations[ids['cdn-cert'] ?? '']).toMatch(/ in use by cloudfront E2CDNEXAMPLE02:www\.example\.com$/);
    // The listener's own default certificate was seen before the failing call.
    expect(annotations[ids['alb-cert'] ?? '']).toMatch(/ in use by elbv2 shop-alb:443$/);
    expect(verdicts(standIn, RULE)).toEqual(EXPECTED_VERDICTS(ids));
    expect(standIn.callCounts()['elbv2:DescribeListenerCertificates']).toBe(2);
  });

  it('makes no usage call at all when checkUsage is off', async () => {
    const { standIn } = context();
    const ids = seed();

    const annotations = await run(daysParameter(30));

    expect(standIn.calls.all().filter((call) => USAGE_SERVICES.has(call.service))).toEqual([]);
    expect(Object.values(annotations).some((annotation) => /in use by|not referenced|usage unknown/.test(annotation))).toBe(false);
    expect(verdicts(standIn, RULE)).toEqual(EXPECTED_VERDICTS(ids));
  });
});
