import { ConfigServiceClient, PutEvaluationsCommand, type Evaluation } from '@aws-sdk/client-config-service';
import { IAMClient, ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import { Faults, sdkAttemptOf } from './stand-in/faults';
import { StandIn } from './stand-in/stand-in';

const TYPE = 'AWS::IAM::ServerCertificate';
const CREDENTIALS = { accessKeyId: 'AKIATESTSTANDIN00001', secretAccessKey: 'secret' };

function evaluation(resourceId: string): Evaluation {
  return { ComplianceResourceType: TYPE, ComplianceResourceId: resourceId, ComplianceType: 'COMPLIANT', OrderingTimestamp: new Date() };
}

describe('stand-in fault selection', () => {
  it('matches every operation for "*", listed ones for a list, and calls from the n-th on for { from }', () => {
    const faults = new Faults();
    faults.add({ operation: ['PutEvaluations', 'ListDiscoveredResources'], onCalls: { from: 3 }, kind: 'server-error' });
    faults.add({ operation: '*', onCalls: [1], kind: 'throttle' });

    expect(faults.match({ operation: 'GetServerCertificate', callNumber: 1, attempt: 1 })?.kind).toBe('throttle');
    expect(faults.match({ operation: 'GetServerCertificate', callNumber: 2, attempt: 1 })).toBeUndefined();
    expect(faults.match({ operation: 'PutEvaluations', callNumber: 2, attempt: 1 })).toBeUndefined();
    expect(faults.match({ operation: 'ListDiscoveredResources', callNumber: 7, attempt: 1 })?.kind).toBe('server-error');
  });

  it('matches on the SDK attempt, and keeps transport faults apart from answer faults', () => {
    const faults = new Faults();
    faults.add({ operation: '*', onAttempts: [1], kind: 'connection-reset' });
    faults.add({ operation: '*', onAttempts: [2], kind: 'throttle' });

    expect(faults.matchTransport({ operation: 'PutEvaluations', callNumber: 5, attempt: 1 })?.kind).toBe('connection-reset');
    expect(faults.match({ operation: 'PutEvaluations', callNumber: 5, attempt: 1 })).toBeUndefined();
    expect(faults.match({ operation: 'PutEvaluations', callNumber: 6, attempt: 2 })?.kind).toBe('throttle');
    expect(faults.matchTransport({ operation: 'PutEvaluations', callNumber: 7, attempt: undefined })).toBeUndefined();
  });

  it('refuses a fault that selects no calls, or a delay without its length', () => {
    const faults = new Faults();
    expect(() => faults.add({ operation: 'PutEvaluations', kind: 'throttle' })).toThrow(/onCalls or onAttempts/);
    expect(() => faults.add({ operation: 'PutEvaluations', onCalls: 'all', kind: 'delay' })).toThrow(/delayMs/);
  });

  it('reads the attempt number from the amz-sdk-request header', () => {
    expect(sdkAttemptOf('attempt=3; max=8')).toBe(3);
    expect(sdkAttemptOf(undefined)).toBeUndefined();
    expect(sdkAttemptOf('max=8')).toBeUndefined();
  });
});

describe('stand-in faults on the wire, through the real SDK clients', () => {
  let standIn: StandIn;
  const clients: { destroy(): void }[] = [];
  const iam = (maxAttempts: number): IAMClient => {
    const client = new IAMClient({ region: 'us-east-1', endpoint: standIn.url, credentials: CREDENTIALS, maxAttempts });
    clients.push(client);
    return client;
  };
  const config = (): ConfigServiceClient => {
    const client = new ConfigServiceClient({ region: 'us-east-1', endpoint: standIn.url, credentials: CREDENTIALS, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    standIn = await StandIn.start();
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  });
  beforeEach(() => standIn.reset());
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await standIn.stop();
  });

  it('drops the connection without an answer when a call is reset', async () => {
    standIn.faults.add({ operation: 'ListServerCertificates', onCalls: [1], kind: 'connection-reset' });
    const client = iam(1);

    await expect(client.send(new ListServerCertificatesCommand({}))).rejects.toThrow(/socket hang up/);
    await expect(client.send(new ListServerCertificatesCommand({}))).resolves.toMatchObject({ IsTruncated: false });
  });

  it('throttles the first attempt of each request and lets the retry through when onAttempts is [1]', async () => {
    standIn.faults.add({ operation: '*', onAttempts: [1], kind: 'throttle' });
    const client = iam(2);

    await client.send(new ListServerCertificatesCommand({}));
    await client.send(new ListServerCertificatesCommand({}));

    expect(standIn.calls.all().map((call) => call.fault)).toEqual(['throttle', undefined, 'throttle', undefined]);
  });

  it('answers late, and correctly, when a call is delayed', async () => {
    standIn.faults.add({ operation: 'ListServerCertificates', onCalls: 'all', kind: 'delay', delayMs: 300 });
    const started = Date.now();

    await expect(iam(1).send(new ListServerCertificatesCommand({}))).resolves.toMatchObject({ IsTruncated: false });

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('lists every evaluation of the call as failed when resourceIds is "all"', async () => {
    const token = standIn.resultTokenFor('rule');
    standIn.faults.add({ operation: 'PutEvaluations', onCalls: [2], kind: 'failed-evaluations', resourceIds: 'all' });
    const client = config();

    const first = await client.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: [evaluation('a')] }));
    const second = await client.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: [evaluation('b'), evaluation('c')] }));

    expect(first.FailedEvaluations).toEqual([]);
    expect(second.FailedEvaluations?.map((failed) => failed.ComplianceResourceId)).toEqual(['b', 'c']);
    expect(standIn.evaluations('rule').map((stored) => stored.resourceId)).toEqual(['a']);
  });
});
