import type { CertificateReference, UsageFailure, UsageInventory } from '../../src/usage/certificate-usage';
import { usageOf } from '../../src/usage/usage-of';
import { coverage, inventory as inventoryOver } from '../fixtures/usage-inventory';

const cert = { arn: 'arn:aws:iam::123456789012:server-certificate/api', id: 'ASCAAPI' };
const elbUse = { service: 'elb', resource: 'my-app-elb', detail: '443', region: 'us-east-1' } as const;
const cfUse = { service: 'cloudfront', resource: 'E1', detail: 'www.example.com', region: 'global' } as const;
const denied: UsageFailure = { service: 'elbv2', region: 'eu-west-1', action: 'elasticloadbalancing:DescribeListeners', reason: 'AccessDenied: no' };

const inventory = (references: CertificateReference[], failures: UsageFailure[] = []): UsageInventory => inventoryOver(references, failures);

describe('usageOf', () => {
  it('matches load balancer references by ARN and CloudFront references by certificate id', () => {
    const usage = usageOf(
      cert,
      inventory([
        { certificate: { by: 'arn', value: cert.arn }, usage: elbUse },
        { certificate: { by: 'id', value: cert.id }, usage: cfUse },
        { certificate: { by: 'arn', value: cert.id }, usage: { ...elbUse, resource: 'wrong-kind' } },
        { certificate: { by: 'id', value: cert.arn }, usage: { ...cfUse, resource: 'wrong-kind' } },
      ]),
    );
    expect(usage).toEqual({ state: 'in-use', usages: [elbUse, cfUse], failures: [], coverage: coverage() });
  });

  it('lists a resource once when it references the certificate twice (default and in the list)', () => {
    const ref = { certificate: { by: 'arn', value: cert.arn } as const, usage: elbUse };
    expect(usageOf(cert, inventory([ref, ref])).usages).toHaveLength(1);
  });

  it('is unknown, not unreferenced, when nothing matched and a look-up failed', () => {
    expect(usageOf(cert, inventory([], [denied]))).toEqual({ state: 'unknown', usages: [], failures: [denied], coverage: coverage() });
  });

  it('is not-referenced only when every region enabled for the account was scanned', () => {
    expect(usageOf(cert, inventory([])).state).toBe('not-referenced');
    expect(usageOf(cert, inventoryOver([], [], coverage(['us-east-1']))).state).toBe('unknown');
  });

  it('is unknown when the account\'s regions could not be listed, whatever was scanned', () => {
    const blind = { enabled: undefined, listFailure: 'AccessDenied: no', scanned: ['eu-west-1', 'us-east-1'], gaps: [] };
    expect(usageOf(cert, inventoryOver([], [], blind)).state).toBe('unknown');
  });

  it('is unknown when an enabled region is being enabled or disabled: it cannot count as checked', () => {
    const changing = { enabled: ['us-east-1'], listFailure: undefined, scanned: ['us-east-1'], gaps: [{ region: 'me-south-1', reason: 'changing', status: 'DISABLING' }] } as const;
    expect(usageOf(cert, inventoryOver([], [], changing)).state).toBe('unknown');
  });

  it('stays in use when a look-up failed elsewhere', () => {
    expect(usageOf(cert, inventory([{ certificate: { by: 'arn', value: cert.arn }, usage: elbUse }], [denied])).state).toBe('in-use');
  });

  it('never matches an empty ARN or id to an empty reference', () => {
    const blank = { arn: '', id: '' };
    const usage = usageOf(blank, inventory([{ certificate: { by: 'arn', value: '' }, usage: elbUse }, { certificate: { by: 'id', value: '' }, usage: cfUse }]));
    expect(usage.state).toBe('not-referenced');
  });
});
