import { MAX_ANNOTATION_LENGTH } from '../../src/core/annotation';
import type { CertificateUsage, Usage, UsageFailure } from '../../src/usage/certificate-usage';
import { formatUsage } from '../../src/usage/format-usage';
import { coverage } from '../fixtures/usage-inventory';

const use = (resource: string): Usage => ({ service: 'elb', resource, detail: '443', region: 'us-east-1' });
const failure: UsageFailure = {
  service: 'elb',
  region: 'eu-west-1',
  action: 'elasticloadbalancing:DescribeLoadBalancers',
  reason: 'AccessDenied: User: arn:aws:sts::123456789012:assumed-role/x is not authorized',
};
const usage = (fields: Partial<CertificateUsage> & Pick<CertificateUsage, 'state'>): CertificateUsage => ({ usages: [], failures: [], coverage: coverage(), ...fields });
const expired = { expired: true };

describe('formatUsage', () => {
  it('names service, resource and listener when in use', () => {
    expect(formatUsage(usage({ state: 'in-use', usages: [use('my-app-elb')] }), expired)).toBe('in use by elb my-app-elb:443');
  });

  it('says safe to delete only for an expired certificate nothing references', () => {
    expect(formatUsage(usage({ state: 'not-referenced' }), expired)).toBe('not referenced: safe to delete');
    expect(formatUsage(usage({ state: 'not-referenced' }), { expired: false })).toBe('not referenced');
  });

  it('says why usage is unknown with the error name, region and action', () => {
    expect(formatUsage(usage({ state: 'unknown', failures: [failure] }), expired)).toBe('usage unknown: AccessDenied in eu-west-1 for elasticloadbalancing:DescribeLoadBalancers');
  });

  it('says which regions were left out: one by name, more by count, changing ones with their status, asked-for ones not enabled', () => {
    const enabled = ['eu-central-1', 'eu-west-1', 'us-east-1'];
    expect(formatUsage(usage({ state: 'unknown', coverage: coverage(['eu-west-1', 'us-east-1'], enabled) }), expired)).toBe('usage unknown: eu-central-1 not scanned');
    expect(formatUsage(usage({ state: 'unknown', coverage: coverage(['eu-west-1'], enabled) }), expired)).toBe('usage unknown: 2 enabled regions not scanned');
    expect(formatUsage(usage({ state: 'unknown', coverage: coverage(['eu-wst-1', 'eu-west-1', 'us-east-1']) }), expired)).toBe('usage unknown: eu-wst-1 not enabled');
    const changing = { enabled: ['us-east-1'], listFailure: undefined, scanned: ['us-east-1'], gaps: [{ region: 'me-south-1', reason: 'changing', status: 'ENABLING' }] } as const;
    expect(formatUsage(usage({ state: 'unknown', coverage: changing }), expired)).toBe('usage unknown: me-south-1 ENABLING');
  });

  it('says the regions are unknown when account:ListRegions failed', () => {
    const blind = { enabled: undefined, listFailure: 'AccessDeniedException: no', scanned: [], gaps: [] };
    expect(formatUsage(usage({ state: 'unknown', coverage: blind }), expired)).toBe('usage unknown: regions unknown (AccessDeniedException for account:ListRegions)');
  });

  it('counts what does not fit instead of cutting a name in half when many resources use it', () => {
    const usages = Array.from({ length: 30 }, (_, i) => use(`load-balancer-number-${i}`));
    const text = formatUsage(usage({ state: 'in-use', usages }), { expired: true, maxLength: 120 });
    expect(text.length).toBeLessThanOrEqual(120);
    expect(text).toMatch(/^in use by elb load-balancer-number-0:443, .* and \d+ more$/);
  });

  it('never exceeds the limit, even with one very long name, so the annotation stays within 256 characters', () => {
    const text = formatUsage(usage({ state: 'in-use', usages: [use('x'.repeat(400))] }), expired);
    expect(text.length).toBeLessThanOrEqual(120);
    expect(text.length).toBeLessThan(MAX_ANNOTATION_LENGTH);
    expect(text.endsWith('…')).toBe(true);
  });
});
