import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { IAMClient, ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { StandIn } from './stand-in/stand-in';

const CENTRAL = '123456789012';
const MEMBER = '111122223333';
const ROLE = `arn:aws:iam::${MEMBER}:role/IamServerCertificateExpiryRule`;
const LAMBDA_CREDENTIALS = { accessKeyId: 'AKIASTANDIN000000001', secretAccessKey: 'secret' };

describe('the stand-in STS and its accounts, through the real SDK clients', () => {
  let standIn: StandIn;
  let sts: STSClient;
  const clients: { destroy(): void }[] = [];

  const iamAs = (credentials: AwsCredentialIdentity): IAMClient => {
    const client = new IAMClient({ region: 'us-east-1', endpoint: standIn.url, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const response = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: `rule@${MEMBER}`, DurationSeconds: 900 }));
    const { AccessKeyId, SecretAccessKey, SessionToken } = response.Credentials ?? {};
    if (AccessKeyId === undefined || SecretAccessKey === undefined) throw new Error('AssumeRole returned no credentials');
    return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, ...(SessionToken === undefined ? {} : { sessionToken: SessionToken }) };
  };

  beforeAll(async () => {
    standIn = await StandIn.start();
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
    sts = new STSClient({ region: 'us-east-1', endpoint: standIn.url, credentials: LAMBDA_CREDENTIALS, maxAttempts: 1 });
  });
  beforeEach(() => standIn.reset());
  afterAll(async () => {
    sts.destroy();
    for (const client of clients) client.destroy();
    await standIn.stop();
  });

  it('returns temporary credentials, the session ARN and a 15-minute expiry when an allowed role is assumed', async () => {
    standIn.allowAssumeRole(ROLE);
    const before = Date.now();

    const response = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'rule@111122223333', DurationSeconds: 900 }));

    expect(response.Credentials?.AccessKeyId).toMatch(/^ASIA111122223333\d{4}$/);
    expect(response.Credentials?.SessionToken).toEqual(expect.any(String));
    expect(response.Credentials?.Expiration?.getTime()).toBeGreaterThanOrEqual(before + 899_000);
    expect(response.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/IamServerCertificateExpiryRule/rule@111122223333`);
    expect(standIn.calls.all()).toEqual([{ service: 'sts', operation: 'AssumeRole', accessKeyId: LAMBDA_CREDENTIALS.accessKeyId, accountId: CENTRAL, fault: undefined, signedRegion: 'us-east-1' }]);
  });

  it('answers AccessDenied naming the caller and the role when the role was not allowed', async () => {
    const failure = sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'rule', DurationSeconds: 900 }));

    await expect(failure).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(failure).rejects.toThrow(`is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
  });

  it('rejects a session shorter than STS allows', async () => {
    standIn.allowAssumeRole(ROLE);

    await expect(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'rule', DurationSeconds: 60 }))).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('gives distinct keys to two sessions of the same role', async () => {
    standIn.allowAssumeRole(ROLE);

    const first = await assume();
    const second = await assume();

    expect(first.accessKeyId).not.toBe(second.accessKeyId);
    expect(standIn.sessions().map((session) => session.accessKeyId)).toEqual([first.accessKeyId, second.accessKeyId]);
  });

  it('lists only the member account certificates when the call is signed with the member session key', async () => {
    standIn.allowAssumeRole(ROLE);
    standIn.seedCertificates([{ name: 'central-only', expiration: new Date() }]);
    standIn.account(MEMBER).addCertificate({ name: 'member-only', expiration: new Date() });

    const memberList = await iamAs(await assume()).send(new ListServerCertificatesCommand({}));
    const centralList = await iamAs(LAMBDA_CREDENTIALS).send(new ListServerCertificatesCommand({}));

    expect(memberList.ServerCertificateMetadataList?.map((certificate) => certificate.Arn)).toEqual([`arn:aws:iam::${MEMBER}:server-certificate/member-only`]);
    expect(centralList.ServerCertificateMetadataList?.map((certificate) => certificate.ServerCertificateName)).toEqual(['central-only']);
    expect(standIn.calls.all().filter((call) => call.service === 'iam').map((call) => call.accountId)).toEqual([MEMBER, CENTRAL]);
  });

  it('refuses a member result token in the central account, so misplaced evaluations cannot pass unnoticed', async () => {
    const token = standIn.account(MEMBER).evaluations.issueToken('rule');
    const config = new ConfigServiceClient({ region: 'us-east-1', endpoint: standIn.url, credentials: LAMBDA_CREDENTIALS, maxAttempts: 1 });
    clients.push(config);

    await expect(config.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: [] }))).rejects.toMatchObject({ name: 'InvalidResultTokenException' });
  });

  it('answers InvalidClientTokenId when a session key comes without its session token', async () => {
    standIn.allowAssumeRole(ROLE);
    const { accessKeyId, secretAccessKey } = await assume();

    await expect(iamAs({ accessKeyId, secretAccessKey }).send(new ListServerCertificatesCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('answers AccessDenied for an action the member account denies, and only there', async () => {
    standIn.allowAssumeRole(ROLE);
    standIn.denyAction(MEMBER, 'iam:ListServerCertificates');

    const failure = iamAs(await assume()).send(new ListServerCertificatesCommand({}));

    await expect(failure).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(failure).rejects.toThrow(`assumed-role/IamServerCertificateExpiryRule/rule@${MEMBER} is not authorized to perform: iam:ListServerCertificates`);
    await expect(iamAs(LAMBDA_CREDENTIALS).send(new ListServerCertificatesCommand({}))).resolves.toMatchObject({ IsTruncated: false });
  });
});
