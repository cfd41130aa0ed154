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

  it('refuses resource types and ids longer than the API allows, and takes the account itself (AWS::::Account)', async () => {
    const token = standIn.resultTokenFor('rule');
    const put = (evaluations: Evaluation[]): Promise<unknown> => config.send(new PutEvaluationsCommand({ Evaluations: evaluations, ResultToken: token }));

    await expect(put([evaluation('x'.repeat(769))])).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('complianceResourceId') });
    await expect(put([evaluation('r', { ComplianceResourceType: 'X'.repeat(257) })])).rejects.toMatchObject({ name: 'ValidationException' });
    await put([evaluation('123456789012', { ComplianceResourceType: 'AWS::::Account', ComplianceType: 'NOT_APPLICABLE' })]);

    expect(standIn.evaluations('rule').map((stored) => [stored.resourceType, stored.resourceId, stored.complianceType])).toEqual([['AWS::::Account', '123456789012', 'NOT_APPLICABLE']]);
  });

  it('accepts an empty Evaluations list by default, and refuses it as moto does when told to, until reset', async () => {
    const put = (resultToken: string, testMode = false): Promise<unknown> => config.send(new PutEvaluationsCommand({ Evaluations: [], ResultToken: resultToken, TestMode: testMode }));
    await expect(put(standIn.resultTokenFor('rule'))).resolves.toMatchObject({ FailedEvaluations: [] });

    standIn.setEmptyEvaluations('refuse');

    const refusal = { name: 'InvalidParameterValueException', message: 'The Evaluations object in your request cannot be null.Add the required parameters and try again.', $metadata: { httpStatusCode: 400 } };
    await expect(put(standIn.resultTokenFor('rule'))).rejects.toMatchObject(refusal);
    await expect(put('TESTMODE', true)).rejects.toMatchObject(refusal);
    await expect(config.send(new PutEvaluationsCommand({ ResultToken: standIn.resultTokenFor('rule') }))).rejects.toMatchObject(refusal);
    await expect(config.send(new PutEvaluationsCommand({ Evaluations: [evaluation('r')], ResultToken: standIn.resultTokenFor('rule') }))).resolves.toMatchObject({ FailedEvaluations: [] });
    standIn.reset();
    await expect(put(standIn.resultTokenFor('rule'))).resolves.toMatchObject({ FailedEvaluations: [] });
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
