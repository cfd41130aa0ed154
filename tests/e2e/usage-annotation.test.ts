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

  /** Four certificates: served by a classic listener, an ALB, CloudFront, and nothing. */
  function seed(): Record<string, string> {
    const { standIn } = context();
    const now = Date.now();
    const certificates = standIn.seedCertificates([
      { name: 'elb-cert', expiration: new Date(now - 10 * DAY) },
      { name: 'alb-cert', expiration: new Date(now + 5 * DAY) },
      { name: 'cdn-cert', expiration: new Date(now + 365 * DAY) },
      { name: 'orphan', expiration: new Date(now + 20 * DAY) },
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
  });

  it('says which load balancer or distribution serves each certificate when checkUsage is true', async () => {
    const { standIn } = context();
    const ids = seed();

    const annotations = await run(usageParameters());

    expect(annotations[ids['elb-cert'] ?? '']).toMatch(/ in use by elb legacy-elb:443$/);
    expect(annotations[ids['alb-cert'] ?? '']).toMatch(/ in use by elbv2 shop-alb:443$/);
    expect(annotations[ids['cdn-cert'] ?? '']).toMatch(/ in use by cloudfront E2CDNEXAMPLE02:www\.example\.com$/);
    expect(annotations[ids['orphan'] ?? '']).toMatch(/ not referenced: safe to delete$/);
    expect(Object.values(annotations).every((annotation) => annotation.length <= 256)).toBe(true);
    expect(verdicts(standIn, RULE)).toEqual(EXPECTED_VERDICTS(ids));
    // One scan of the Lambda's region: one page each; listener certificates only for the HTTPS listener.
    expect(standIn.callCounts()).toMatchObject({
      'elb:DescribeLoadBalancers': 1,
      'elbv2:DescribeLoadBalancers': 1,
      'elbv2:DescribeListeners': 1,
      'elbv2:DescribeListenerCertificates': 1,
      'cloudfront:ListDistributions': 1,
    });
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
    expect(annotations[ids['alb-cert'] ?? '']).toMatch(/ in use by elbv2 shop-alb:443, elbv2 dublin-nlb:8443$/);
    expect(annotations[ids['elb-cert'] ?? '']).toMatch(/ in use by elb legacy-elb:443$/);
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
