import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  InvalidParameterValueException,
  ListDiscoveredResourcesCommand,
  PutEvaluationsCommand,
  type Evaluation as ConfigEvaluation,
} from '@aws-sdk/client-config-service';
import { GetServerCertificateCommand, IAMClient, ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { InvalidEventError, InvalidRuleParameterError, TimeBudgetExceededError } from '../src/errors';
import { handler } from '../src/handler';
import { changeEvent, scheduledEvent, withInvokingEventText } from './fixtures/config-events';

const iam = mockClient(IAMClient);
const config = mockClient(ConfigServiceClient);
const sts = mockClient(STSClient);
const DAY = 86_400_000;

function certificates(count: number, expiresInDays: (i: number) => number) {
  return Array.from({ length: count }, (_, i) => ({
    ServerCertificateName: `cert-${i}`,
    ServerCertificateId: `ASCA${i}`,
    Arn: `arn:aws:iam::123456789012:server-certificate/cert-${i}`,
    Path: '/',
    Expiration: new Date(Date.now() + expiresInDays(i) * DAY),
  }));
}

function sentEvaluations(): ConfigEvaluation[] {
  return config.commandCalls(PutEvaluationsCommand).flatMap((call) => call.args[0].input.Evaluations ?? []);
}

describe('handler', () => {
  beforeEach(() => {
    process.env['AWS_REGION'] = 'us-east-1';
    config.on(ListDiscoveredResourcesCommand).resolves({ resourceIdentifiers: [] });
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
    config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    iam.reset();
    config.reset();
    sts.reset();
  });

  it('H1: evaluates 250 certificates on a periodic run and reports them in 3 calls', async () => {
    iam.on(ListServerCertificatesCommand).resolves({
      ServerCertificateMetadataList: certificates(250, (i) => (i % 5 === 0 ? -1 : i % 5 === 1 ? 10 : 400)),
      IsTruncated: false,
    });
    const summary = await handler(scheduledEvent('2026-11-23T10:00:00.000Z'), { awsRequestId: 'req-1' });
    expect(summary).toEqual({
      rule: 'iam-server-certificate-expiring',
      accountId: '123456789012',
      messageType: 'ScheduledNotification',
      certificatesEvaluated: 250,
      expired: 50,
      expiring: 50,
      valid: 150,
      notApplicable: 0,
      staleCleared: 0,
      accountNotApplicable: 0,
      putEvaluationsCalls: 3,
      recording: { recorderAvailable: true, certificatesInIam: 250, certificatesNotRecorded: 250 },
    });
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 3);
    const sent = sentEvaluations();
    expect(sent).toHaveLength(250);
    expect(sent[0]).toMatchObject({ ComplianceResourceId: 'cert-0', ComplianceType: 'NON_COMPLIANT' });
    expect(sent[0]?.OrderingTimestamp).toEqual(new Date('2026-11-23T10:00:00.000Z'));
    expect(iam).toHaveReceivedCommandTimes(ListServerCertificatesCommand, 1);
  });

  it('H2: uses the window from ruleParameters: the strict rule passes a certificate the 30-day rule flags', async () => {
    iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: certificates(1, () => 10), IsTruncated: false });
    await handler(scheduledEvent(undefined, { ruleParameters: '{"daysToExpiration":"0"}' }));
    expect(sentEvaluations()[0]?.ComplianceType).toBe('COMPLIANT');
    config.resetHistory();
    await handler(scheduledEvent(undefined, { ruleParameters: '{"daysToExpiration":"30"}' }));
    expect(sentEvaluations()[0]?.ComplianceType).toBe('NON_COMPLIANT');
  });

  describe('H3: an account with no certificates, whether Config accepts an empty Evaluations list or not', () => {
    // The API model allows 0 to 100 evaluations; moto refuses an empty list with exactly this answer
    // (getmoto/moto, moto/config/models.py, put_evaluations).
    const refusingEmptyLists = (input: { Evaluations?: ConfigEvaluation[] }) => {
      if ((input.Evaluations ?? []).length === 0) {
        throw new InvalidParameterValueException({
          message: 'The Evaluations object in your request cannot be null.Add the required parameters and try again.',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return { FailedEvaluations: [] };
    };
    const configModes: Array<[string, () => void]> = [
      ['accepts empty lists', () => undefined],
      ['refuses empty lists', () => void config.on(PutEvaluationsCommand).callsFake(refusingEmptyLists)],
    ];

    it.each(configModes)('H3: reports the account itself NOT_APPLICABLE, never an empty list, when Config %s', async (_mode, arrange) => {
      arrange();
      iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [], IsTruncated: false });

      const summary = await handler(scheduledEvent('2026-11-23T10:00:00.000Z'));

      expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 1);
      expect(sentEvaluations()).toEqual([
        {
          ComplianceResourceType: 'AWS::::Account',
          ComplianceResourceId: '123456789012',
          ComplianceType: 'NOT_APPLICABLE',
          Annotation: expect.stringMatching(/^IAM holds no server certificates in this account/),
          OrderingTimestamp: new Date('2026-11-23T10:00:00.000Z'),
        },
      ]);
      expect(summary).toMatchObject({ certificatesEvaluated: 0, notApplicable: 0, staleCleared: 0, accountNotApplicable: 1, putEvaluationsCalls: 1 });
    });

    it.each(configModes)('H3b: clears the last certificate\'s result and reports the account when Config %s', async (_mode, arrange) => {
      arrange();
      iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [], IsTruncated: false });
      config.on(GetComplianceDetailsByConfigRuleCommand).resolves({
        EvaluationResults: [{ EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceType: 'AWS::IAM::ServerCertificate', ResourceId: 'deleted-cert' } }, ComplianceType: 'NON_COMPLIANT' }],
      });

      const summary = await handler(scheduledEvent());

      expect(sentEvaluations().map((e) => [e.ComplianceResourceType, e.ComplianceResourceId, e.ComplianceType])).toEqual([
        ['AWS::IAM::ServerCertificate', 'deleted-cert', 'NOT_APPLICABLE'],
        ['AWS::::Account', '123456789012', 'NOT_APPLICABLE'],
      ]);
      expect(summary).toMatchObject({ staleCleared: 1, accountNotApplicable: 1, notApplicable: 0, putEvaluationsCalls: 1 });
    });

    it('H3c: in TESTMODE sends the account result with TestMode, not an empty list', async () => {
      config.on(PutEvaluationsCommand).callsFake(refusingEmptyLists);
      iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [], IsTruncated: false });

      await handler(scheduledEvent(undefined, { resultToken: 'TESTMODE' }));

      expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { TestMode: true, ResultToken: 'TESTMODE', Evaluations: [expect.objectContaining({ ComplianceResourceType: 'AWS::::Account' })] });
    });
  });

  it('H4: evaluates a change event through GetServerCertificate, never listing', async () => {
    iam.on(GetServerCertificateCommand, { ServerCertificateName: 'www-example-com' }).resolves({
      ServerCertificate: { ServerCertificateMetadata: certificates(1, () => -3).at(0), CertificateBody: '-----BEGIN CERTIFICATE-----' },
    });
    const summary = await handler(changeEvent({ resourceId: 'ASCAWWW', resourceName: 'www-example-com' }));
    expect(summary.expired).toBe(1);
    expect(sentEvaluations()).toEqual([
      expect.objectContaining({ ComplianceResourceId: 'ASCAWWW', ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: new Date('2026-11-23T09:30:00.000Z') }),
    ]);
    expect(iam).toHaveReceivedCommandTimes(ListServerCertificatesCommand, 0);
    expect(config).toHaveReceivedCommandTimes(GetComplianceDetailsByConfigRuleCommand, 0);
  });

  it('H5: passes TESTMODE through as TestMode', async () => {
    iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: certificates(2, () => 400), IsTruncated: false });
    await handler(scheduledEvent(undefined, { resultToken: 'TESTMODE' }));
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { TestMode: true, ResultToken: 'TESTMODE' });
  });

  it('H6: refuses bad rule parameters before calling AWS', async () => {
    await expect(handler(scheduledEvent(undefined, { ruleParameters: '{"daysToExpiration":"-5"}' }))).rejects.toThrow(InvalidRuleParameterError);
    expect(iam.calls()).toHaveLength(0);
    expect(config.calls()).toHaveLength(0);
  });

  it('H7: refuses a malformed event naming the field, before calling AWS', async () => {
    await expect(handler(withInvokingEventText(scheduledEvent(), 'not json'))).rejects.toThrow(InvalidEventError);
    await expect(handler(withInvokingEventText(scheduledEvent(), 'not json'))).rejects.toMatchObject({ field: 'invokingEvent' });
    expect(config.calls()).toHaveLength(0);
  });

  it('H8: reports NOT_APPLICABLE for a change to another resource type, without asking IAM', async () => {
    const summary = await handler(changeEvent({ resourceType: 'AWS::EC2::Instance', resourceId: 'i-0123' }));
    expect(summary.notApplicable).toBe(1);
    expect(sentEvaluations()).toEqual([expect.objectContaining({ ComplianceResourceType: 'AWS::EC2::Instance', ComplianceResourceId: 'i-0123', ComplianceType: 'NOT_APPLICABLE' })]);
    expect(iam.calls()).toHaveLength(0);
  });

  it('H9: fails the invocation when Config keeps refusing evaluations', async () => {
    iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: certificates(1, () => 400), IsTruncated: false });
    config.on(PutEvaluationsCommand).callsFake((input: { Evaluations?: ConfigEvaluation[] }) => ({ FailedEvaluations: input.Evaluations }));
    await expect(handler(scheduledEvent())).rejects.toThrow(/refused 1 of 1 evaluations/);
  }, 15_000);

  it('H10: assumes the member account’s role when the event comes from another account', async () => {
    const destroyed = jest.spyOn(IAMClient.prototype, 'destroy');
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 900_000) } });
    iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: certificates(1, () => -1), IsTruncated: false });
    const summary = await handler(scheduledEvent(undefined, { ruleParameters: '{"ExecutionRoleName":"IamServerCertificateExpiryRule"}' }), {
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:999999999999:function:rule',
    });
    expect(summary.expired).toBe(1);
    // The member's clients are closed after the run; its credentials are never reused.
    expect(destroyed).toHaveBeenCalledTimes(1);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::123456789012:role/IamServerCertificateExpiryRule',
      RoleSessionName: 'iam-server-certificate-expiring@123456789012',
    });
  });

  it('H11: assumes nothing for the Lambda’s own account, and closes its clients after each invocation', async () => {
    const destroyed = jest.spyOn(IAMClient.prototype, 'destroy');
    iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [], IsTruncated: false });
    const event = scheduledEvent(undefined, { ruleParameters: '{"ExecutionRoleName":"IamServerCertificateExpiryRule"}' });
    const context = { invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:rule' };
    await handler(event, context);
    await handler(event, context);
    expect(sts.calls()).toHaveLength(0);
    // A fresh client per invocation: the SDK's retry quota of one never shrinks the next one's.
    expect(destroyed).toHaveBeenCalledTimes(2);
    expect(new Set(destroyed.mock.contexts).size).toBe(2);
  });

  it('H11e: refuses an event from another account with AssumeRoleMode false, naming the parameter and both accounts, before any call', async () => {
    const run = handler(scheduledEvent(undefined, { ruleParameters: '{"AssumeRoleMode":"false"}' }), {
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:999999999999:function:rule',
    });

    await expect(run).rejects.toThrow(InvalidRuleParameterError);
    await expect(handler(scheduledEvent(undefined, { ruleParameters: '{"AssumeRoleMode":"false"}' }), { invokedFunctionArn: 'arn:aws:lambda:us-east-1:999999999999:function:rule' })).rejects.toMatchObject({
      key: 'AssumeRoleMode',
      message: expect.stringMatching(/AssumeRoleMode: is false, but the event is for account 123456789012 and this function runs in account 999999999999/),
    });
    expect(iam.calls()).toHaveLength(0);
    expect(config.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
  });

  it('H11f: with AssumeRoleMode false still evaluates the Lambda’s own account', async () => {
    iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: certificates(1, () => -1), IsTruncated: false });

    const summary = await handler(scheduledEvent(undefined, { ruleParameters: '{"AssumeRoleMode":"false"}' }), {
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:rule',
    });

    expect(summary.expired).toBe(1);
    expect(sts.calls()).toHaveLength(0);
  });

  it('H11g: refuses a context whose function ARN names no account, before any call', async () => {
    await expect(handler(scheduledEvent(), { invokedFunctionArn: 'arn:aws:lambda:us-east-1:not-an-account:function:rule' })).rejects.toThrow(
      /invokedFunctionArn .* names no account id/,
    );
    expect(iam.calls()).toHaveLength(0);
    expect(config.calls()).toHaveLength(0);
  });

  it('H11b: warns, naming the recording region, when Config lists none of the certificates IAM has', async () => {
    process.env['AWS_REGION'] = 'eu-west-1';
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: certificates(3, () => 400), IsTruncated: false });
    const summary = await handler(scheduledEvent());
    expect(summary.recording).toEqual({ recorderAvailable: true, certificatesInIam: 3, certificatesNotRecorded: 3 });
    const lines = warn.mock.calls.map((call) => String(call[0]));
    expect(lines.some((line) => line.includes('lists none of the 3 server certificates') && line.includes('only in us-east-1'))).toBe(true);
  });

  it('H11c: logs a configurationItemStatus AWS added later and still judges the certificate', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    iam.on(GetServerCertificateCommand).resolves({
      ServerCertificate: { ServerCertificateMetadata: certificates(1, () => -1)[0], CertificateBody: 'x' },
    });
    const summary = await handler(changeEvent({ resourceName: 'cert-0', configurationItemStatus: 'ResourceRecovered' }));
    expect(summary.expired).toBe(1);
    expect(warn.mock.calls.map((call) => String(call[0])).some((line) => line.includes('ResourceRecovered'))).toBe(true);
  });

  it('H11d: gives another resource type NOT_APPLICABLE whatever its status, without claiming to judge a certificate', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const summary = await handler(changeEvent({ resourceType: 'AWS::S3::Bucket', resourceName: 'bucket', configurationItemStatus: 'ResourceRecovered' }));
    expect(summary.notApplicable).toBe(1);
    expect(iam).toHaveReceivedCommandTimes(GetServerCertificateCommand, 0);
    expect(warn.mock.calls.map((call) => String(call[0])).some((line) => line.includes('judged the certificate'))).toBe(false);
  });

  it('H12: fails with a clear error and reports nothing when the Lambda has no time left', async () => {
    const promise = handler(scheduledEvent(), { getRemainingTimeInMillis: () => 0 });
    await expect(promise).rejects.toThrow(TimeBudgetExceededError);
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 0);
  });

  it('H13: runs normally when a short timeout leaves an odd number of milliseconds', async () => {
    iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: certificates(1, () => 400), IsTruncated: false });
    // A quarter of 29,999 ms is kept back: the deadline falls between two milliseconds.
    const summary = await handler(scheduledEvent(), { getRemainingTimeInMillis: () => 29_999 });
    expect(summary.putEvaluationsCalls).toBe(1);
  });
});
