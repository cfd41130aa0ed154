import { daysFrom } from '../support/certificates';
import { daysParameter, periodicEvent } from '../support/events';
import { uploadCertificate, useStandIn } from '../support/e2e-harness';

const WARNING = 'iam-server-certificate-expiring';
const COUNT = 2_500;

describe('periodic run over 2,500 certificates', () => {
  const context = useStandIn();

  it('makes the floor of calls and stores every verdict when the account holds 2,500 certificates', async () => {
    const { standIn, handler, iam } = context();
    const now = new Date();
    // A few through the real upload path, the rest seeded straight into the store.
    for (let i = 0; i < 3; i += 1) await uploadCertificate(iam, `uploaded-${i}`, now, 10);
    standIn.seedCertificates(
      Array.from({ length: COUNT - 3 }, (_, i) => ({ name: `seeded-${i}`, expiration: daysFrom(now, i % 2 === 0 ? 400 : -1) })),
    );
    standIn.calls.clear();

    const summary = await handler(periodicEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), now));

    expect(standIn.callCounts()).toEqual({
      ListServerCertificates: 3,
      ListDiscoveredResources: 25,
      GetComplianceDetailsByConfigRule: 1,
      PutEvaluations: 25,
    });
    expect(summary.putEvaluationsCalls).toBe(25);
    const stored = standIn.evaluations(WARNING);
    expect(stored).toHaveLength(COUNT);
    expect(stored.filter((e) => e.complianceType === 'COMPLIANT')).toHaveLength(1_249);
  });

  it('pages through the rule\'s earlier results when it runs again over 2,500 certificates', async () => {
    const { standIn, handler } = context();
    const now = new Date();
    standIn.seedCertificates(Array.from({ length: COUNT }, (_, i) => ({ name: `seeded-${i}`, expiration: daysFrom(now, 400) })));
    await handler(periodicEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), now));
    standIn.calls.clear();

    await handler(periodicEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), daysFrom(now, 1)));

    expect(standIn.callCounts()).toEqual({
      ListServerCertificates: 3,
      ListDiscoveredResources: 25,
      GetComplianceDetailsByConfigRule: 25,
      PutEvaluations: 25,
    });
    expect(standIn.evaluations(WARNING)).toHaveLength(COUNT);
  });
});
