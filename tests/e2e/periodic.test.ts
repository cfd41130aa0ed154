import { daysParameter, periodicEvent } from '../support/events';
import { deleteCertificate, uploadStandardCertificates, useStandIn, verdicts } from '../support/e2e-harness';

const STRICT = 'iam-server-certificate-expired';
const WARNING = 'iam-server-certificate-expiring';

describe('periodic run of the bundled handler against the stand-in', () => {
  const context = useStandIn();

  it('reports each certificate against both rules when the account holds expired, expiring and valid certificates', async () => {
    const { standIn, handler, iam } = context();
    const now = new Date();
    const ids = await uploadStandardCertificates(iam, now, standIn);
    const id = (name: string): string => ids.get(name) ?? '';

    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), now));
    await handler(periodicEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), now));

    expect(verdicts(standIn, STRICT)).toEqual({
      [id('expired-10-days-ago')]: 'NON_COMPLIANT',
      [id('expires-in-5-days')]: 'COMPLIANT',
      [id('expires-in-20-days')]: 'COMPLIANT',
      [id('valid-for-a-year')]: 'COMPLIANT',
    });
    expect(verdicts(standIn, WARNING)).toEqual({
      [id('expired-10-days-ago')]: 'NON_COMPLIANT',
      [id('expires-in-5-days')]: 'NON_COMPLIANT',
      [id('expires-in-20-days')]: 'NON_COMPLIANT',
      [id('valid-for-a-year')]: 'COMPLIANT',
    });
    const annotations = standIn.evaluations(WARNING).map((evaluation) => evaluation.annotation ?? '');
    expect(annotations.every((annotation) => annotation.length > 0 && annotation.length <= 256)).toBe(true);
    // One periodic run = the floor of calls: one page each, one PutEvaluations.
    expect(standIn.callCounts()).toEqual({
      UploadServerCertificate: 4,
      ListServerCertificates: 2,
      ListDiscoveredResources: 2,
      GetComplianceDetailsByConfigRule: 2,
      PutEvaluations: 2,
    });
  });

  it('orders results by the notification time when it reports a periodic run', async () => {
    const { standIn, handler, iam } = context();
    const now = new Date();
    await uploadStandardCertificates(iam, now, standIn);
    const notificationTime = new Date('2026-11-23T10:00:00.000Z');

    await handler(periodicEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), notificationTime));

    const timestamps = standIn.evaluations(WARNING).map((evaluation) => evaluation.orderingTimestamp.toISOString());
    expect(timestamps).toEqual(Array(4).fill(notificationTime.toISOString()));
  });

  it('stores nothing when the result token is TESTMODE', async () => {
    const { standIn, handler, iam } = context();
    await uploadStandardCertificates(iam, new Date(), standIn);

    await handler(periodicEvent(WARNING, 'TESTMODE', daysParameter(30), new Date()));

    expect(standIn.testModeEvaluations()).toBe(4);
    expect(standIn.callCounts()['PutEvaluations']).toBe(1);
    expect(standIn.evaluations()).toEqual([]);
  });

  it('turns a stale result NOT_APPLICABLE when a certificate was deleted between two periodic runs', async () => {
    const { standIn, handler, iam } = context();
    const now = new Date();
    const ids = await uploadStandardCertificates(iam, now, standIn);
    const deletedId = ids.get('expired-10-days-ago') ?? '';
    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), now));
    expect(verdicts(standIn, STRICT)[deletedId]).toBe('NON_COMPLIANT');

    await deleteCertificate(iam, 'expired-10-days-ago');
    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), new Date(now.getTime() + 60_000)));

    expect(verdicts(standIn, STRICT)[deletedId]).toBe('NOT_APPLICABLE');
    expect(Object.values(verdicts(standIn, STRICT)).filter((type) => type === 'COMPLIANT')).toHaveLength(3);
  });

  it('reports under the resource id Config recorded, the certificate name as in Config\'s schema', async () => {
    const { standIn, handler, iam } = context();
    const ids = await uploadStandardCertificates(iam, new Date(), standIn);

    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), new Date()));

    const resourceIds = standIn.evaluations(STRICT).map((evaluation) => evaluation.resourceId).sort();
    expect(resourceIds).toEqual([...ids.values()].sort());
    expect(resourceIds).toEqual(['expired-10-days-ago', 'expires-in-20-days', 'expires-in-5-days', 'valid-for-a-year']);
  });

  it('falls back to the certificate name as resource id when the recorder does not record certificates', async () => {
    const { standIn, handler, iam } = context();
    standIn.setRecordCertificates(false);
    await uploadStandardCertificates(iam, new Date(), standIn);

    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), new Date()));

    const resourceIds = standIn.evaluations(STRICT).map((evaluation) => evaluation.resourceId).sort();
    expect(resourceIds).toEqual(['expired-10-days-ago', 'expires-in-20-days', 'expires-in-5-days', 'valid-for-a-year']);
  });
});
