import { changeEvent, daysParameter } from '../support/events';
import { deleteCertificate, uploadCertificate, useStandIn } from '../support/e2e-harness';

const WARNING = 'iam-server-certificate-expiring';

describe('change-triggered run of the bundled handler against the stand-in', () => {
  const context = useStandIn();

  it('evaluates the one certificate from IAM when its configuration item changes', async () => {
    const { standIn, handler, iam } = context();
    const metadata = await uploadCertificate(iam, 'expires-in-5-days', new Date(), 5);
    const captureTime = new Date();
    const event = changeEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), {
      resourceId: standIn.configIdOf(metadata.ServerCertificateName ?? '') ?? '',
      name: 'expires-in-5-days',
      status: 'OK',
      captureTime,
    });

    await handler(event);

    const stored = standIn.evaluations(WARNING);
    expect(stored.map((e) => [e.resourceId, e.complianceType])).toEqual([['expires-in-5-days', 'NON_COMPLIANT']]);
    expect(stored[0]?.orderingTimestamp.toISOString()).toBe(captureTime.toISOString());
    expect(standIn.callCounts()).toEqual({ UploadServerCertificate: 1, GetServerCertificate: 1, PutEvaluations: 1 });
  });

  it('evaluates the certificate when the change notification is oversized', async () => {
    const { standIn, handler, iam } = context();
    const metadata = await uploadCertificate(iam, 'valid-for-a-year', new Date(), 365);
    const event = changeEvent(
      WARNING,
      standIn.resultTokenFor(WARNING),
      daysParameter(30),
      { resourceId: standIn.configIdOf(metadata.ServerCertificateName ?? '') ?? '', name: 'valid-for-a-year', status: 'OK', captureTime: new Date() },
      { oversized: true },
    );

    await handler(event);

    expect(standIn.evaluations(WARNING).map((e) => [e.resourceId, e.complianceType])).toEqual([[metadata.ServerCertificateName, 'COMPLIANT']]);
  });

  it('reports NOT_APPLICABLE without reading IAM when the certificate was deleted', async () => {
    const { standIn, handler, iam } = context();
    const metadata = await uploadCertificate(iam, 'to-delete', new Date(), -3);
    await deleteCertificate(iam, 'to-delete');
    const event = changeEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), {
      resourceId: 'to-delete',
      name: 'to-delete',
      status: 'ResourceDeleted',
      captureTime: new Date(),
    });

    await handler(event);

    expect(standIn.evaluations(WARNING).map((e) => [e.resourceId, e.complianceType])).toEqual([[metadata.ServerCertificateName, 'NOT_APPLICABLE']]);
    expect(standIn.callCounts()['GetServerCertificate']).toBeUndefined();
  });

  it('reports NOT_APPLICABLE when a change event names a certificate IAM no longer has', async () => {
    const { standIn, handler, iam } = context();
    const metadata = await uploadCertificate(iam, 'vanished', new Date(), 5);
    await deleteCertificate(iam, 'vanished');
    const event = changeEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), {
      resourceId: 'vanished',
      name: 'vanished',
      status: 'OK',
      captureTime: new Date(),
    });

    await handler(event);

    const stored = standIn.evaluations(WARNING);
    expect(stored.map((e) => [e.resourceId, e.complianceType])).toEqual([[metadata.ServerCertificateName, 'NOT_APPLICABLE']]);
    expect(stored[0]?.annotation).toContain('NoSuchEntity');
    expect(standIn.callCounts()['GetServerCertificate']).toBe(1);
  });
});
