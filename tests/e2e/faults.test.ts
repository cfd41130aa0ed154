import { daysParameter, periodicEvent } from '../support/events';
import { uploadStandardCertificates, useStandIn, verdicts } from '../support/e2e-harness';

const WARNING = 'iam-server-certificate-expiring';

// The SDK backs off up to 2^attempt × 500 ms (random) after throttling: four
// attempts can take several seconds, beyond jest's default 5 s.
jest.setTimeout(30_000);

describe('the bundled handler when the APIs throttle or fail', () => {
  // Four attempts per call instead of the rule's eight: failures surface faster.
  const context = useStandIn({ AWS_MAX_ATTEMPTS: '4' });

  it('stores every verdict when throttling and 500s hit every operation but clear within the retries', async () => {
    const { standIn, handler, iam } = context();
    const now = new Date();
    const ids = await uploadStandardCertificates(iam, now, standIn);
    standIn.faults.add({ operation: 'ListServerCertificates', onCalls: [1, 2], kind: 'throttle' });
    standIn.faults.add({ operation: 'ListServerCertificates', onCalls: [3], kind: 'server-error' });
    standIn.faults.add({ operation: 'ListDiscoveredResources', onCalls: [1], kind: 'server-error' });
    standIn.faults.add({ operation: 'GetComplianceDetailsByConfigRule', onCalls: [1], kind: 'throttle' });
    standIn.faults.add({ operation: 'PutEvaluations', onCalls: [1], kind: 'throttle' });
    standIn.faults.add({ operation: 'PutEvaluations', onCalls: [2], kind: 'server-error' });

    await handler(periodicEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), now));

    expect(Object.keys(verdicts(standIn, WARNING)).sort()).toEqual([...ids.values()].sort());
    expect(standIn.callCounts()).toMatchObject({
      ListServerCertificates: 4,
      ListDiscoveredResources: 2,
      GetComplianceDetailsByConfigRule: 2,
      PutEvaluations: 3,
    });
  });

  it('resends evaluations Config lists as failed once and then stores them', async () => {
    const { standIn, handler, iam } = context();
    const ids = await uploadStandardCertificates(iam, new Date(), standIn);
    const refused = ids.get('expires-in-5-days') ?? '';
    standIn.faults.add({ operation: 'PutEvaluations', onCalls: [1], kind: 'failed-evaluations', resourceIds: [refused] });

    await handler(periodicEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), new Date()));

    expect(verdicts(standIn, WARNING)[refused]).toBe('NON_COMPLIANT');
    expect(standIn.callCounts()['PutEvaluations']).toBe(2);
  });

  it('rejects when Config keeps listing an evaluation as failed', async () => {
    const { standIn, handler, iam } = context();
    const ids = await uploadStandardCertificates(iam, new Date(), standIn);
    const refused = ids.get('valid-for-a-year') ?? '';
    standIn.faults.add({ operation: 'PutEvaluations', onCalls: 'all', kind: 'failed-evaluations', resourceIds: [refused] });

    await expect(handler(periodicEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), new Date()))).rejects.toThrow(refused);

    // The first call plus three resends; the other three verdicts were stored.
    expect(standIn.callCounts()['PutEvaluations']).toBe(4);
    expect(Object.keys(verdicts(standIn, WARNING))).toHaveLength(3);
  });

  it('rejects when PutEvaluations keeps failing with 500 beyond the SDK retries', async () => {
    const { standIn, handler, iam } = context();
    await uploadStandardCertificates(iam, new Date(), standIn);
    standIn.faults.add({ operation: 'PutEvaluations', onCalls: 'all', kind: 'server-error' });

    await expect(handler(periodicEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), new Date()))).rejects.toThrow('PutEvaluations failed');

    expect(standIn.callCounts()['PutEvaluations']).toBe(4);
    expect(standIn.evaluations()).toEqual([]);
  });

  it('rejects without reporting when listing certificates keeps being throttled', async () => {
    const { standIn, handler, iam } = context();
    await uploadStandardCertificates(iam, new Date(), standIn);
    standIn.faults.add({ operation: 'ListServerCertificates', onCalls: 'all', kind: 'throttle' });

    await expect(handler(periodicEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), new Date()))).rejects.toThrow();

    expect(standIn.callCounts()['ListServerCertificates']).toBe(4);
    expect(standIn.callCounts()['PutEvaluations']).toBeUndefined();
  });
});
