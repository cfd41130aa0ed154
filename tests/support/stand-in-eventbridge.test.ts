import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { useStandInThroughSdk } from './stand-in-through-sdk';

const CENTRAL = '123456789012';
const MEMBER = '222222222222';
const entry = (overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: 'iam-server-certificate-expiry',
  DetailType: 'IAM Server Certificate Expired',
  Detail: JSON.stringify({ ServerCertificateName: 'shop', DaysToExpiry: -3 }),
  Resources: ['arn:aws:iam::123456789012:server-certificate/shop'],
  Time: new Date('2026-11-23T12:00:00.000Z'),
  ...overrides,
});

describe("the stand-in's EventBridge PutEvents, through the real SDK client", () => {
  const sdk = useStandInThroughSdk();
  const events = (region = 'us-east-1') => sdk.client(() => new EventBridgeClient({ region, maxAttempts: 1 }));

  it('puts entries on the caller\'s default bus, in the shape EventBridge delivers them, and records each', async () => {
    const answer = await events().send(new PutEventsCommand({ Entries: [entry(), entry({ DetailType: 'IAM Server Certificate Approaching Expiration' })] }));
    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries?.map((result) => typeof result.EventId)).toEqual(['string', 'string']);
    const onBus = sdk.standIn().busEvents(`arn:aws:events:us-east-1:${CENTRAL}:event-bus/default`);
    expect(onBus).toHaveLength(2);
    expect(onBus[0]).toMatchObject({
      version: '0',
      'detail-type': 'IAM Server Certificate Expired',
      source: 'iam-server-certificate-expiry',
      account: CENTRAL,
      time: '2026-11-23T12:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:iam::123456789012:server-certificate/shop'],
      detail: { ServerCertificateName: 'shop', DaysToExpiry: -3 },
    });
  });

  it('takes 1 to 10 entries, and less than 256 KB a request', async () => {
    await expect(events().send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry()) }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(events().send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
    const big = JSON.stringify({ padding: 'x'.repeat(130 * 1024) });
    await expect(events().send(new PutEventsCommand({ Entries: [entry({ Detail: big }), entry({ Detail: big })] }))).rejects.toThrow(/Total size of the entries in the request is over the limit/);
    expect(sdk.standIn().busEvents()).toEqual([]);
  });

  it('fails an entry it cannot take, by the codes EventBridge gives, and puts the others', async () => {
    const answer = await events().send(
      new PutEventsCommand({
        Entries: [entry(), entry({ Detail: 'not json' }), entry({ Source: 'aws.acm' }), entry({ DetailType: undefined }), entry({ EventBusName: 'nowhere' })],
      }),
    );
    expect(answer.FailedEntryCount).toBe(4);
    expect(answer.Entries?.map((result) => result.ErrorCode)).toEqual([undefined, 'MalformedDetail', 'NotAuthorizedForSourceException', 'InvalidArgument', 'ResourceNotFoundException']);
    expect(answer.Entries?.[4]?.ErrorMessage).toBe('Event bus nowhere does not exist.');
    expect(sdk.standIn().busEvents()).toHaveLength(1);
  });

  it('answers an unknown bus as asked: the whole request refused, or the event accepted and dropped', async () => {
    sdk.standIn().setUnknownEventBus('request-error');
    await expect(events().send(new PutEventsCommand({ Entries: [entry(), entry({ EventBusName: 'nowhere' })] }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(sdk.standIn().busEvents()).toEqual([]);
    sdk.standIn().setUnknownEventBus('accept');
    const accepted = await events().send(new PutEventsCommand({ Entries: [entry({ EventBusName: 'nowhere' })] }));
    expect(accepted.FailedEntryCount).toBe(0);
    expect(sdk.standIn().busEvents()).toEqual([]);
    expect(sdk.standIn().droppedEvents()).toHaveLength(1);
  });

  it('reaches another account\'s bus by ARN only when its policy allows the caller, and a bus only in its own region', async () => {
    const central = sdk.standIn().createEventBus({ accountId: CENTRAL, region: 'us-east-1', name: 'certificate-expiry', allowAccounts: [MEMBER] });
    const closed = sdk.standIn().createEventBus({ accountId: CENTRAL, region: 'us-east-1', name: 'closed' });
    const role = `arn:aws:iam::${MEMBER}:role/IamServerCertificateExpiryRule`;
    sdk.standIn().allowAssumeRole(role);
    const session = await sdk.client(() => new STSClient({ region: 'us-east-1' })).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'rule-session' }));
    const credentials = { accessKeyId: session.Credentials?.AccessKeyId ?? '', secretAccessKey: session.Credentials?.SecretAccessKey ?? '', sessionToken: session.Credentials?.SessionToken ?? '' };
    const member = sdk.client(() => new EventBridgeClient({ region: 'us-east-1', credentials, maxAttempts: 1 }));

    const answer = await member.send(new PutEventsCommand({ Entries: [entry({ EventBusName: central }), entry({ EventBusName: closed })] }));
    expect(answer.Entries?.map((result) => result.ErrorCode)).toEqual([undefined, 'AccessDeniedException']);
    expect(sdk.standIn().busEvents(central).map((event) => event.account)).toEqual([MEMBER]);
    // The same ARN sent to another region's endpoint: that region has no such bus.
    const elsewhere = await events('eu-west-1').send(new PutEventsCommand({ Entries: [entry({ EventBusName: central })] }));
    expect(elsewhere.Entries?.[0]?.ErrorCode).toBe('ResourceNotFoundException');
  });

  it('refuses the call to an account that denies events:PutEvents, and lists entries as failed with fault failed-entries', async () => {
    sdk.standIn().faults.add({ operation: 'PutEvents', onCalls: [1], kind: 'failed-entries', resourceIds: ['arn:aws:iam::123456789012:server-certificate/old'] });
    const answer = await events().send(new PutEventsCommand({ Entries: [entry(), entry({ Resources: ['arn:aws:iam::123456789012:server-certificate/old'] })] }));
    expect(answer.Entries?.map((result) => result.ErrorCode)).toEqual([undefined, 'InternalFailure']);
    expect(sdk.standIn().calls.all().filter((call) => call.service === 'events').map((call) => [call.operation, call.fault])).toEqual([['PutEvents', 'failed-entries']]);

    sdk.standIn().denyAction(CENTRAL, 'events:PutEvents');
    await expect(events().send(new PutEventsCommand({ Entries: [entry()] }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
