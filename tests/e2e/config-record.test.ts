import { changeEvent, daysParameter, periodicEvent } from '../support/events';
import { uploadCertificate, uploadStandardCertificates, useStandIn, verdicts } from '../support/e2e-harness';
import type { ConfigResourceIdShape } from '../support/stand-in/state';

const STRICT = 'iam-server-certificate-expired';
const WARNING = 'iam-server-certificate-expiring';

/**
 * The rule against AWS Config's record as AWS documents it: the recorder keys
 * `AWS::IAM::ServerCertificate` by name (Config's resource schema), oversized
 * summaries carry `"resourceName": null`, and recorders come and go. Every
 * case runs against both id shapes the stand-in can record.
 */
describe.each<ConfigResourceIdShape>(['name', 'serverCertificateId'])('the bundled handler on a Config record keyed by %s', (shape) => {
  const context = useStandIn({}, { configResourceIds: shape });

  it('R1: files periodic results under the ids the recorder gave the certificates', async () => {
    const { standIn, handler, iam } = context();
    const ids = await uploadStandardCertificates(iam, new Date(), standIn);

    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), new Date()));

    expect(Object.keys(verdicts(standIn, STRICT)).sort()).toEqual([...ids.values()].sort());
    const pattern = shape === 'name' ? /^(expired|expires|valid)-/ : /^ASCA[A-Z0-9]{17}$/;
    expect(Object.keys(verdicts(standIn, STRICT)).every((id) => pattern.test(id))).toBe(true);
  });

  it('R2: judges an oversized change whose resourceName is null, under its resource id', async () => {
    const { standIn, handler, iam } = context();
    await uploadCertificate(iam, 'expires-in-5-days', new Date(), 5);
    const resourceId = standIn.configIdOf('expires-in-5-days') ?? '';
    const event = changeEvent(
      WARNING,
      standIn.resultTokenFor(WARNING),
      daysParameter(30),
      { resourceId, name: null, status: 'OK', captureTime: new Date() },
      { oversized: true },
    );

    await handler(event);

    expect(verdicts(standIn, WARNING)).toEqual({ [resourceId]: 'NON_COMPLIANT' });
  });

  it('R3: reports NOT_APPLICABLE for a change to another resource type instead of failing', async () => {
    const { standIn, handler } = context();
    const event = changeEvent(WARNING, standIn.resultTokenFor(WARNING), daysParameter(30), {
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'my-bucket',
      name: 'my-bucket',
      status: 'OK',
      captureTime: new Date(),
    });

    await handler(event);

    expect(standIn.evaluations(WARNING).map((e) => [e.resourceType, e.resourceId, e.complianceType])).toEqual([
      ['AWS::S3::Bucket', 'my-bucket', 'NOT_APPLICABLE'],
    ]);
    expect(standIn.callCounts()['GetServerCertificate']).toBeUndefined();
  });

  it('R4: judges the certificate when the item has a status AWS added later', async () => {
    const { standIn, handler, iam } = context();
    await uploadCertificate(iam, 'expired-10-days-ago', new Date(), -10);
    const resourceId = standIn.configIdOf('expired-10-days-ago') ?? '';
    const event = changeEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), {
      resourceId,
      name: 'expired-10-days-ago',
      status: 'ResourceRecovered',
      captureTime: new Date(),
    });

    await handler(event);

    expect(verdicts(standIn, STRICT)).toEqual({ [resourceId]: 'NON_COMPLIANT' });
  });

  it.each(['recorder-deleted', 'type-not-recorded'] as const)(
    'R5: keeps every certificate still in IAM reported under its Config id when the recorder stops recording them (%s)',
    async (how) => {
      const { standIn, handler } = context();
      const now = Date.now();
      const names = ['a', 'b', 'c', 'd', 'e'].map((letter) => `cert-${letter}`);
      standIn.seedCertificates(names.map((name, i) => ({ name, expiration: new Date(now + (i - 2) * 86_400_000 * 10) })));
      const ids = names.map((name) => standIn.configIdOf(name) ?? '');
      await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), new Date(now)));
      const first = verdicts(standIn, STRICT);
      expect(Object.keys(first).sort()).toEqual([...ids].sort());

      standIn.stopRecording(how);
      // Uploaded once the recorder no longer records the type: Config never lists it.
      standIn.seedCertificates([{ name: 'cert-late', expiration: new Date(now - 86_400_000) }]);
      await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), new Date(now + 60_000)));

      // Same ids, same verdicts: nothing cleared as "no longer in IAM", nothing moved to look-alike ids;
      // the unlisted certificate under its name.
      expect(verdicts(standIn, STRICT)).toEqual({ ...first, 'cert-late': 'NON_COMPLIANT' });
      expect(Object.values(first)).not.toContain('NOT_APPLICABLE');
    },
  );
});

describe('the bundled handler when a recorded certificate is replaced', () => {
  const context = useStandIn({}, { configResourceIds: 'serverCertificateId' });

  it('R6: clears the result of a certificate whose name now holds another certificate (a new ServerCertificateId)', async () => {
    const { standIn, handler } = context();
    const now = Date.now();
    const [old] = standIn.seedCertificates([{ name: 'shop', expiration: new Date(now - 86_400_000) }]);
    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), new Date(now)));
    expect(verdicts(standIn, STRICT)).toEqual({ [old?.id ?? '']: 'NON_COMPLIANT' });

    standIn.deleteCertificate('shop');
    const [renewed] = standIn.seedCertificates([{ name: 'shop', expiration: new Date(now + 400 * 86_400_000) }]);
    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), new Date(now + 60_000)));

    expect(verdicts(standIn, STRICT)).toEqual({ [old?.id ?? '']: 'NOT_APPLICABLE', [renewed?.id ?? '']: 'COMPLIANT' });
  });
});
