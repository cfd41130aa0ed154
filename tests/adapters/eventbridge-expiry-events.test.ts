/**
 * EventBridge PutEvents for expiry events (issue 21 part 1).
 *
 * EV1 Batches of at most 10 entries (PutEvents: 1 to 10).
 * EV2 Batches of less than 256 KB by EventBridge's own entry size, when 10 would not fit.
 * EV3 No call for no events.
 * EV4 Entries listed as failed with a retryable code (InternalFailure, ThrottlingException) are resent, only those.
 * EV5 Entries refused for good are not resent; in the end the error names each refused event and why.
 * EV6 Entries still failing after the resends: the error names them; calls count the resends.
 * EV7 A call that keeps failing after the SDK's retries, a refusal of the action, a result that
 *     cannot be matched to the entries, an entry too large on its own: all fail loudly.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import {
  EventBridgeExpiryEvents,
  MAX_ENTRIES_PER_PUT_EVENTS,
  PUT_EVENTS_SIZE_LIMIT,
  putEventsEntrySize,
} from '../../src/adapters/eventbridge-expiry-events';
import { EXPIRY_EVENT_SOURCE, ExpiryDetailType, type ExpiryEvent } from '../../src/core/expiry-event';
import { AccessDeniedError, EventDeliveryError } from '../../src/errors';

const bridge = mockClient(EventBridgeClient);
const NOW = new Date('2026-11-23T12:00:00.000Z');

function event(i: number, detailBytes = 0): ExpiryEvent {
  const arn = `arn:aws:iam::123456789012:server-certificate/cert-${i}`;
  return {
    Source: EXPIRY_EVENT_SOURCE,
    DetailType: ExpiryDetailType.Approaching,
    Detail: JSON.stringify({ ServerCertificateName: `cert-${i}`, Arn: arn, Padding: 'x'.repeat(detailBytes) }),
    Resources: [arn],
    Time: NOW,
  };
}

function sink(retries = 3): { sink: EventBridgeExpiryEvents; sleeps: number[] } {
  const sleeps: number[] = [];
  return { sink: new EventBridgeExpiryEvents(new EventBridgeClient({ region: 'us-east-1' }), { failedEntryRetries: retries, sleep: async (ms) => void sleeps.push(ms) }), sleeps };
}

const sent = (): PutEventsRequestEntry[][] => bridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
const names = (entries: PutEventsRequestEntry[]): string[] => entries.map((entry) => (JSON.parse(entry.Detail ?? '{}') as { ServerCertificateName: string }).ServerCertificateName);
/** Answers every entry as put, as EventBridge does. */
const putAll = (input: { Entries: PutEventsRequestEntry[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, index) => ({ EventId: `id-${index}` })) });

describe('EventBridgeExpiryEvents', () => {
  afterEach(() => bridge.reset());

  it('EV1: puts 23 events in calls of at most 10, the entries unchanged', async () => {
    bridge.on(PutEventsCommand).callsFake(putAll);
    const events = Array.from({ length: 23 }, (_, i) => event(i));
    expect(await sink().sink.put(events)).toEqual({ put: 23, calls: 3 });
    expect(sent().map((entries) => entries.length)).toEqual([MAX_ENTRIES_PER_PUT_EVENTS, 10, 3]);
    expect(sent()[0]?.[0]).toEqual({ ...events[0], Resources: [...(events[0]?.Resources ?? [])] });
  });

  it('EV2: cuts a call before the entry that would take it to 256 KB, counting as EventBridge counts', async () => {
    bridge.on(PutEventsCommand).callsFake(putAll);
    // Each about 60 KB: four fit under 256 KB, five do not.
    const events = Array.from({ length: 9 }, (_, i) => event(i, 60 * 1024));
    expect(await sink().sink.put(events)).toEqual({ put: 9, calls: 3 });
    expect(sent().map((entries) => entries.length)).toEqual([4, 4, 1]);
    for (const entries of sent()) {
      expect(entries.reduce((sum, entry) => sum + putEventsEntrySize(entry as unknown as ExpiryEvent), 0)).toBeLessThan(PUT_EVENTS_SIZE_LIMIT);
    }
    // The size of an entry: 14 for Time, UTF-8 bytes of Source, DetailType, Detail and each resource.
    const small = event(1);
    expect(putEventsEntrySize(small)).toBe(14 + 29 + 45 + Buffer.byteLength(small.Detail) + small.Resources[0].length);
    expect(putEventsEntrySize({ ...small, Detail: '{"a":"é"}', Time: undefined })).toBe(29 + 45 + 10 + small.Resources[0].length);
  });

  it('EV3: makes no call for no events', async () => {
    expect(await sink().sink.put([])).toEqual({ put: 0, calls: 0 });
    expect(bridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('EV4: resends only the entries failed with a retryable code, then succeeds', async () => {
    bridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 2,
        Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'x' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
      })
      .callsFake(putAll);
    const { sink: instance, sleeps } = sink();
    expect(await instance.put([event(0), event(1), event(2)])).toEqual({ put: 3, calls: 2 });
    expect(sent().map(names)).toEqual([['cert-0', 'cert-1', 'cert-2'], ['cert-1', 'cert-2']]);
    expect(sleeps).toHaveLength(1);
  });

  it('EV5: does not resend an entry refused for good, and fails naming it with EventBridge\'s code and message', async () => {
    bridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'a' }, { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' }],
    });
    const failure = sink().sink.put([event(0), event(1)]);
    await expect(failure).rejects.toBeInstanceOf(EventDeliveryError);
    await expect(failure).rejects.toMatchObject({
      undelivered: ['arn:aws:iam::123456789012:server-certificate/cert-1'],
      refusals: [{ certificateArn: 'arn:aws:iam::123456789012:server-certificate/cert-1', code: 'NotAuthorizedForSourceException', message: 'Not authorized for the source.' }],
    });
    await expect(failure).rejects.toThrow(
      'EventBridge refused 1 of 2 expiry events (1 refused for good, not resent): arn:aws:iam::123456789012:server-certificate/cert-1 (NotAuthorizedForSourceException: Not authorized for the source.). Every evaluation was delivered to AWS Config',
    );
    expect(bridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('EV6: gives up after the resends, naming what is still refused and why', async () => {
    bridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
      FailedEntryCount: 1,
      Entries: input.Entries.map((entry) => (names([entry])[0] === 'cert-1' ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : { EventId: 'ok' })),
    }));
    const failure = sink(2).sink.put([event(0), event(1)]);
    await expect(failure).rejects.toThrow(/EventBridge refused 1 of 2 expiry events \(1 still refused after 2 resends\): arn:aws:iam::123456789012:server-certificate\/cert-1 \(ThrottlingException: Rate exceeded\)/);
    expect(sent().map(names)).toEqual([['cert-0', 'cert-1'], ['cert-1'], ['cert-1']]);
  });

  it('EV7: fails loudly for a call that keeps failing, a refused action, unmatched results and an entry too large', async () => {
    bridge.on(PutEventsCommand).rejects(Object.assign(new Error('We encountered an internal error'), { name: 'InternalException' }));
    const down = sink().sink.put([event(0)]);
    await expect(down).rejects.toBeInstanceOf(EventDeliveryError);
    await expect(down).rejects.toThrow("PutEvents failed after the SDK's retries (InternalException: We encountered an internal error)");
    await expect(down).rejects.toMatchObject({ undelivered: ['arn:aws:iam::123456789012:server-certificate/cert-0'] });

    bridge.reset();
    // explain-access-denied.ts has named the action already (aws-sdk-client-mock skips the middleware): it goes up as it is.
    bridge.on(PutEventsCommand).rejects(new AccessDeniedError("the Lambda's role may not call events:PutEvents in account 111122223333", 'events:PutEvents', '111122223333'));
    const denied = sink().sink.put([event(0)]);
    await expect(denied).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(denied).rejects.toMatchObject({ action: 'events:PutEvents', accountId: '111122223333' });

    bridge.reset();
    // A count of failures the entries do not show: nothing can be called put, so all are resent, then named.
    bridge.reset();
    bridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { EventId: 'b' }] });
    const unmatched = sink(1).sink.put([event(0), event(1)]);
    await expect(unmatched).rejects.toThrow(/EventBridge refused 2 of 2 expiry events \(2 still refused after 1 resends\).*Unmatched: FailedEntryCount 1 with 2 result entries for 2 sent/);

    // One entry past the limit on its own is refused here, never sent; the others go.
    bridge.reset();
    bridge.on(PutEventsCommand).callsFake(putAll);
    const huge = sink().sink.put([event(0), event(1, PUT_EVENTS_SIZE_LIMIT), event(2)]);
    await expect(huge).rejects.toThrow(/EventBridge refused 1 of 3 expiry events \(1 refused for good, not resent\): arn:aws:iam::123456789012:server-certificate\/cert-1 \(EntryTooLarge: \d+ bytes; PutEvents takes less than 262144\)/);
    expect(sent().map(names)).toEqual([['cert-0'], ['cert-2']]);
  });
});
