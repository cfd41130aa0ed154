import { MAX_ANNOTATION_LENGTH } from '../../src/core/annotation';
import type { Usage, UsageFailure } from '../../src/usage/certificate-usage';
import { formatUsage } from '../../src/usage/format-usage';

const use = (resource: string): Usage => ({ service: 'elb', resource, detail: '443', region: 'us-east-1' });
const failure: UsageFailure = {
  service: 'elb',
  region: 'eu-west-1',
  action: 'elasticloadbalancing:DescribeLoadBalancers',
  reason: 'AccessDenied: User: arn:aws:sts::123456789012:assumed-role/x is not authorized',
};

describe('formatUsage', () => {
  it('names service, resource and listener when in use', () => {
    expect(formatUsage({ state: 'in-use', usages: [use('my-app-elb')], failures: [] })).toBe('in use by elb my-app-elb:443');
  });

  it('says safe to delete when not referenced', () => {
    expect(formatUsage({ state: 'not-referenced', usages: [], failures: [] })).toBe('not referenced: safe to delete');
  });

  it('says why usage is unknown with the error name, region and action', () => {
    expect(formatUsage({ state: 'unknown', usages: [], failures: [failure] })).toBe(
      'usage unknown: AccessDenied in eu-west-1 for elasticloadbalancing:DescribeLoadBalancers',
    );
  });

  it('counts what does not fit instead of cutting a name in half when many resources use it', () => {
    const usages = Array.from({ length: 30 }, (_, i) => use(`load-balancer-number-${i}`));
    const text = formatUsage({ state: 'in-use', usages, failures: [] }, 120);
    expect(text.length).toBeLessThanOrEqual(120);
    expect(text).toMatch(/^in use by elb load-balancer-number-0:443, .* and \d+ more$/);
  });

  it('never exceeds the limit, even with one very long name, so the annotation stays within 256 characters', () => {
    const text = formatUsage({ state: 'in-use', usages: [use('x'.repeat(400))], failures: [] });
    expect(text.length).toBeLessThanOrEqual(120);
    expect(text.length).toBeLessThan(MAX_ANNOTATION_LENGTH);
    expect(text.endsWith('…')).toBe(true);
  });
});
