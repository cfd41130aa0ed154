import { ComplianceType } from '../../src/core/compliance-type';
import { TimeBudget } from '../../src/core/time-budget';
import { InvalidEventError, UnsupportedEventError } from '../../src/errors';
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
  itemPath: 'invokingEvent.configurationItem',
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

  it('C5: refuses another resource type, naming the field', async () => {
    const dependencies = fakeDependencies({});
    const promise = evaluateChange(dependencies, run({ resource: resource({ resourceType: 'AWS::S3::Bucket' }) }));
    await expect(promise).rejects.toThrow(UnsupportedEventError);
    await expect(promise).rejects.toThrow(/invokingEvent.configurationItem.resourceType "AWS::S3::Bucket"/);
  });

  it('C6: refuses a live item without a resource name, naming the field', async () => {
    const dependencies = fakeDependencies({});
    const promise = evaluateChange(
      dependencies,
      run({ resource: resource({ resourceName: undefined }), itemPath: 'invokingEvent.configurationItemSummary' }),
    );
    await expect(promise).rejects.toThrow(InvalidEventError);
    await expect(promise).rejects.toMatchObject({ field: 'invokingEvent.configurationItemSummary.resourceName' });
  });
});
