import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  PutEvaluationsCommand,
  type Evaluation,
} from '@aws-sdk/client-config-service';
import { IAMClient, ListServerCertificatesCommand, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { certificateEnding, daysFrom } from './certificates';
import { StandIn } from './stand-in/stand-in';

const TYPE = 'AWS::IAM::ServerCertificate';

function evaluation(resourceId: string, overrides: Partial<Evaluation> = {}): Evaluation {
  return { ComplianceResourceType: TYPE, ComplianceResourceId: resourceId, ComplianceType: 'COMPLIANT', OrderingTimestamp: new Date(), ...overrides };
}

describe('the IAM and Config stand-in, through the real SDK clients', () => {
  let standIn: StandIn;
  let iam: IAMClient;
  let config: ConfigServiceClient;

  beforeAll(async () => {
    standIn = await StandIn.start();
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
    const credentials = { accessKeyId: 'AKIATESTSTANDIN00001', secretAccessKey: 'secret' };
    iam = new IAMClient({ region: 'us-east-1', endpoint: standIn.url, credentials, maxAttempts: 1 });
    config = new ConfigServiceClient({ region: 'us-east-1', endpoint: standIn.url, credentials, maxAttempts: 1 });
  });
  beforeEach(() => standIn.reset());
  afterAll(async () => {
    iam.destroy();
    config.destroy();
    await standIn.stop();
  });

  it('stores notAfter as Expiration and records the signing access key when a real certificate is uploaded', async () => {
    const certificate = await certificateEnding('site', new Date(), 12);

    const response = await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'site', Path: '/cloudfront/', CertificateBody: certificate.certificatePem, PrivateKey: certificate.privateKeyPem }));

    expect(response.ServerCertificateMetadata).toMatchObject({
      ServerCertificateName: 'site',
      Path: '/cloudfront/',
      Arn: 'arn:aws:iam::123456789012:server-certificate/cloudfront/site',
      Expiration: certificate.notAfter,
    });
    expect(response.ServerCertificateMetadata?.ServerCertificateId).toMatch(/^ASCA[A-Z0-9]{17}$/);
    expect(standIn.calls.all().map((call) => call.accessKeyId)).toEqual(['AKIATESTSTANDIN00001']);
  });

  it('answers MalformedCertificate for a bad PEM and EntityAlreadyExists for a taken name', async () => {
    const certificate = await certificateEnding('taken', new Date(), 12);
    const upload = (body: string): Promise<unknown> =>
      iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'taken', CertificateBody: body, PrivateKey: certificate.privateKeyPem }));

    await expect(upload('not a certificate')).rejects.toMatchObject({ name: 'MalformedCertificateException', $metadata: { httpStatusCode: 400 } });
    await upload(certificate.certificatePem);
    await expect(upload(certificate.certificatePem)).rejects.toMatchObject({ name: 'EntityAlreadyExistsException', $metadata: { httpStatusCode: 409 } });
  });

  it('pages ListServerCertificates with MaxItems and Marker, and sends Marker only while truncated', async () => {
    standIn.seedCertificates(Array.from({ length: 5 }, (_, i) => ({ name: `c${i}`, expiration: daysFrom(new Date(), i) })));

    const first = await iam.send(new ListServerCertificatesCommand({ MaxItems: 3 }));
    const second = await iam.send(new ListServerCertificatesCommand({ MaxItems: 3, Marker: first.Marker }));

    expect(first.ServerCertificateMetadataList?.map((m) => m.ServerCertificateName)).toEqual(['c0', 'c1', 'c2']);
    expect(first.IsTruncated).toBe(true);
    expect(second.ServerCertificateMetadataList?.map((m) => m.ServerCertificateName)).toEqual(['c3', 'c4']);
    expect(second).toMatchObject({ IsTruncated: false });
    expect(second.Marker).toBeUndefined();
  });

  it('refuses PutEvaluations with more than 100 evaluations, INSUFFICIENT_DATA, a long annotation or an unknown token', async () => {
    const token = standIn.resultTokenFor('rule');
    const put = (evaluations: Evaluation[], resultToken = token): Promise<unknown> => config.send(new PutEvaluationsCommand({ Evaluations: evaluations, ResultToken: resultToken }));

    await expect(put(Array.from({ length: 101 }, (_, i) => evaluation(`r${i}`)))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(put([evaluation('r', { ComplianceType: 'INSUFFICIENT_DATA' })])).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(put([evaluation('r', { Annotation: 'x'.repeat(257) })])).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(put([evaluation('r')], 'made-up-token')).rejects.toMatchObject({ name: 'InvalidResultTokenException' });
    expect(standIn.evaluations()).toEqual([]);
  });

  it('stores results under the token\'s rule and pages them 10 at a time by default', async () => {
    const token = standIn.resultTokenFor('rule-a');
    await config.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: Array.from({ length: 12 }, (_, i) => evaluation(`r${i}`, { ComplianceType: i < 11 ? 'COMPLIANT' : 'NOT_APPLICABLE' })) }));

    const first = await config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'rule-a', ComplianceTypes: ['COMPLIANT'] }));
    const second = await config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'rule-a', ComplianceTypes: ['COMPLIANT'], NextToken: first.NextToken }));

    expect(first.EvaluationResults).toHaveLength(10);
    expect(second.EvaluationResults?.map((r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId)).toEqual(['r10']);
    expect(second.NextToken).toBeUndefined();
    expect(standIn.evaluations('rule-b')).toEqual([]);
  });

  it('throttles only the chosen call of an operation when a fault is injected', async () => {
    standIn.faults.add({ operation: 'ListServerCertificates', onCalls: [2], kind: 'throttle' });

    await iam.send(new ListServerCertificatesCommand({}));
    await expect(iam.send(new ListServerCertificatesCommand({}))).rejects.toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    await iam.send(new ListServerCertificatesCommand({}));

    expect(standIn.calls.all().map((call) => call.fault)).toEqual([undefined, 'throttle', undefined]);
  });
});
