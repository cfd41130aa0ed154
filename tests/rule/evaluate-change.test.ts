import { ComplianceType } from '../../src/core/compliance-type';
import { TimeBudget } from '../../src/core/time-budget';
import type { ChangedResource } from '../../src/events/invoking-event';
import { evaluateChange, type ChangeRun } from '../../src/rule/evaluate-change';
import { certificate, fakeDependencies } from './fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const CAPTURE = new Date('2026-11-23T09:30:00.000Z');

const resource = (overrides: Partial<ChangedResource> = {}): ChangedResource => ({
  resourceType: 'AWS::IAM::ServerCertificate',
  resourceId: 'ASCAAPI',
  resourceName: 'api',
  status: 'OK',
  captureTime: CAPTURE,
  ...overrides,
});

const run = (overrides: Partial<ChangeRun> = {}): ChangeRun => ({
  resource: resource(),
  eventLeftScope: false,
  parameters: { daysToExpiration: 30 },
  now: NOW,
  budget: TimeBudget.unlimited(),
  ...overrides,
});

describe('evaluateChange', () => {
  it('C1: reads the certificate from IAM by name and reports under the item’s resource id', async () => {
    const dependencies = fakeDependencies({ certificates: [certificate('api', '2026-11-01T00:00:00Z')] });
    const evaluations = await evaluateChange(dependencies, run());
    expect(evaluations).toEqual([
      expect.objectContaining({
        resourceType: 'AWS::IAM::ServerCertificate',
        resourceId: 'ASCAAPI',
        complianceType: ComplianceType.NonCompliant,
        orderingTimestamp: CAPTURE,
      }),
    ]);
    expect(dependencies.calls).toEqual(['get:api']);
  });

  it.each([
    ['ResourceDeleted', 'deleted from IAM'],
    ['ResourceDeletedNotRecorded', 'deleted from IAM'],
    ['ResourceNotRecorded', 'no longer records'],
  ] as const)('C2: %s is NOT_APPLICABLE without asking IAM', async (status, text) => {
    const dependencies = fakeDependencies({ certificates: [certificate('api', '2026-11-01T00:00:00Z')] });
    const [evaluation] = await evaluateChange(dependencies, run({ resource: resource({ status }) }));
    expect(evaluation?.complianceType).toBe(ComplianceType.NotApplicable);
    expect(evaluation?.annotation).toContain(text);
    expect(dependencies.calls).toEqual([]);
  });

  it('C3: a resource that left the rule’s scope is NOT_APPLICABLE', async () => {
    const dependencies = fakeDependencies({ certificates: [certificate('api', '2026-11-01T00:00:00Z')] });
    const [evaluation] = await evaluateChange(dependencies, run({ eventLeftScope: true }));
    expect(evaluation?.complianceType).toBe(ComplianceType.NotApplicable);
    expect(evaluation?.annotation).toContain('left the scope');
  });

  it('C4: a certificate IAM no longer has is NOT_APPLICABLE', async () => {
    const dependencies = fakeDependencies({ certificates: [] });
    const [evaluation] = await evaluateChange(dependencies, run());
    expect(evaluation?.complianceType).toBe(ComplianceType.NotApplicable);
    expect(evaluation?.annotation).toContain('NoSuchEntity');
  });

  it('C5: a change to another resource type is NOT_APPLICABLE for that resource, without asking IAM', async () => {
    const dependencies = fakeDependencies({ certificates: [certificate('api', '2026-11-01T00:00:00Z')] });
    const evaluations = await evaluateChange(dependencies, run({ resource: resource({ resourceType: 'AWS::S3::Bucket', resourceId: 'my-bucket' }) }));
    expect(evaluations).toEqual([
      expect.objectContaining({ resourceType: 'AWS::S3::Bucket', resourceId: 'my-bucket', complianceType: ComplianceType.NotApplicable, orderingTimestamp: CAPTURE }),
    ]);
    expect(evaluations[0]?.annotation).toContain('scope the rule to that resource type');
    expect(dependencies.calls).toEqual([]);
  });

  it('C6: with no resource name (AWS\'s oversized example has "resourceName": null) the resource id is the name', async () => {
    const dependencies = fakeDependencies({ certificates: [certificate('api', '2026-11-01T00:00:00Z')] });
    const evaluations = await evaluateChange(dependencies, run({ resource: resource({ resourceId: 'api', resourceName: undefined }) }));
    expect(evaluations).toEqual([expect.objectContaining({ resourceId: 'api', complianceType: ComplianceType.NonCompliant })]);
    expect(dependencies.calls).toEqual(['get:api']);
  });

  it('C7: with no resource name and an ASCA… resource id, finds the certificate by its ServerCertificateId', async () => {
    const api = certificate('api', '2026-11-01T00:00:00Z');
    const dependencies = fakeDependencies({ certificates: [certificate('other', '2027-01-01T00:00:00Z'), api], pageSize: 1 });
    const evaluations = await evaluateChange(dependencies, run({ resource: resource({ resourceId: api.id, resourceName: undefined }) }));
    expect(evaluations).toEqual([expect.objectContaining({ resourceId: api.id, complianceType: ComplianceType.NonCompliant })]);
    expect(dependencies.calls).toEqual([`get:${api.id}`, 'listAll']);
  });

  it('C8: with no name and an id IAM does not know, is NOT_APPLICABLE', async () => {
    const dependencies = fakeDependencies({ certificates: [certificate('other', '2027-01-01T00:00:00Z')] });
    const [evaluation] = await evaluateChange(dependencies, run({ resource: resource({ resourceId: 'ASCAGONE', resourceName: undefined }) }));
    expect(evaluation?.complianceType).toBe(ComplianceType.NotApplicable);
  });

  it('C9: a configurationItemStatus AWS adds later is judged from IAM like OK', async () => {
    const dependencies = fakeDependencies({ certificates: [certificate('api', '2026-11-01T00:00:00Z')] });
    const [evaluation] = await evaluateChange(dependencies, run({ resource: resource({ status: 'ResourceRecoveredSomeday' }) }));
    expect(evaluation?.complianceType).toBe(ComplianceType.NonCompliant);
    expect(dependencies.calls).toEqual(['get:api']);
  });
});
