import { EntityAlreadyExistsException, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { certificateEnding, daysFrom } from '../support/certificates';
import { daysParameter, periodicEvent } from '../support/events';
import { useStandIn } from '../support/e2e-harness';

const STRICT = 'iam-server-certificate-expired';

describe('certificates under IAM paths', () => {
  const context = useStandIn();

  it('refuses a second certificate of the same name under another path, as IAM does (names are unique account-wide)', async () => {
    const { iam } = context();
    const now = new Date();
    const pem = await certificateEnding('www', now, 30);
    const upload = (path: string) =>
      iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'www', Path: path, CertificateBody: pem.certificatePem, PrivateKey: pem.privateKeyPem }));
    await upload('/cloudfront/prod/');
    await expect(upload('/elb/')).rejects.toBeInstanceOf(EntityAlreadyExistsException);
  });

  it('evaluates 1,000 certificates spread over many paths, each once, under its name or Config id', async () => {
    const { standIn, handler } = context();
    const now = new Date();
    const paths = ['/', '/cloudfront/', '/cloudfront/prod/', '/elb/eu-west-1/', '/team-a/legacy/'];
    standIn.seedCertificates(
      Array.from({ length: 1_000 }, (_, i) => ({
        name: `cert-${i}`,
        path: paths[i % paths.length] ?? '/',
        expiration: daysFrom(now, i % 4 === 0 ? -2 : 200),
      })),
    );
    standIn.calls.clear();

    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), now));

    const stored = standIn.evaluations(STRICT);
    expect(stored).toHaveLength(1_000);
    expect(new Set(stored.map((e) => e.resourceId)).size).toBe(1_000);
    expect(stored.filter((e) => e.complianceType === 'NON_COMPLIANT')).toHaveLength(250);
    expect(standIn.callCounts()['ListServerCertificates']).toBe(1);
    expect(standIn.callCounts()['PutEvaluations']).toBe(10);
  });
});
