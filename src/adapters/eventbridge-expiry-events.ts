import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { ExpiryEvent } from '../core/expiry-event';
import { TimeBudget } from '../core/time-budget';
import { AccessDeniedError, describeError, EventDeliveryError, type RefusedEvent } from '../errors';
import type { ExpiryEventSink } from '../rule/ports';
import { deliverNamingRefusals, refusalSummary, type Refusals } from './batch-delivery';

/**
 * What the rule calls only with `expiryEvents` on, and the deployment grants
 * only then, on exactly the bus it puts to (serverless.yml `ExpiryEventsPolicy`;
 * the packaging and template tests check the two agree).
 */
export const EXPIRY_EVENTS_IAM_ACTIONS = ['events:PutEvents'] as const;

/**
 * `PutEvents` takes 1 to 10 entries a call (EventBridge API model,
 * `PutEventsRequestEntryList`: length 1 to 10; API reference, PutEvents).
 */
export const MAX_ENTRIES_PER_PUT_EVENTS = 10;

/**
 * "The total entry size must be less than 256KB" for one `PutEvents` request
 * (EventBridge User Guide, "Calculating PutEvents event entry size"; API
 * reference, PutEvents). Newer SDK models say 1 MB; 256 KB is obeyed, which
 * holds wherever the larger limit has not arrived.
 */
export const PUT_EVENTS_SIZE_LIMIT = 256 * 1024;

/** What `Time` counts, when given (same page: "If specified, the Time parameter is 14 bytes"). */
const TIME_BYTES = 14;

/** How many times entries listed as failed with a passing error are sent again before giving up. */
export const DEFAULT_FAILED_ENTRY_RETRIES = 3;

/**
 * `ErrorCode`s of a failed entry a resend can fix: "Retryable errors include:
 * InternalFailure … ThrottlingException" (EventBridge API reference,
 * `PutEventsResultEntry`). Everything else (`AccessDeniedException`,
 * `InvalidArgument`, `MalformedDetail`, `NotAuthorizedForSourceException`,
 * `ResourceNotFoundException`, a code added later) would be refused again:
 * not resent.
 */
const RESENDABLE_ERROR_CODE = /^(InternalFailure|InternalException|ThrottlingException|Throttl)/;

/**
 * The size EventBridge counts for an entry against {@link PUT_EVENTS_SIZE_LIMIT}:
 * 14 bytes for `Time`, and the UTF-8 bytes of `Source`, `DetailType`,
 * `Detail` and each of `Resources` (EventBridge User Guide, "Calculating
 * PutEvents event entry size"). `EventBusName` does not count.
 */
export function putEventsEntrySize(entry: Pick<ExpiryEvent, 'Source' | 'DetailType' | 'Detail' | 'Resources'> & { readonly Time?: Date }): number {
  const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');
  return (
    (entry.Time === undefined ? 0 : TIME_BYTES) +
    utf8(entry.Source) +
    utf8(entry.DetailType) +
    utf8(entry.Detail) +
    entry.Resources.reduce((sum, resource) => sum + utf8(resource), 0)
  );
}

export interface EventBridgeExpiryEventsOptions {
  readonly failedEntryRetries?: number;
  /** Waits between resends; injectable so tests do not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Puts expiry events on an event bus with EventBridge `PutEvents`: at most 10
 * entries and less than 256 KB a call; entries EventBridge lists as failed
 * with a passing error (internal failure, throttling) are resent, the others
 * not. Throws {@link EventDeliveryError}, naming each event not put with
 * EventBridge's code and message, when any is refused in the end or a call
 * keeps failing after the SDK's retries; an {@link AccessDeniedError} when the
 * role may not call `events:PutEvents`.
 */
export class EventBridgeExpiryEvents implements ExpiryEventSink {
  private readonly retries: number;
  private readonly sleep: (ms: number) => Promise<void>;

  /** @param client an EventBridge client in the bus's region, on the evaluated account's credentials */
  public constructor(
    private readonly client: EventBridgeClient,
    options: EventBridgeExpiryEventsOptions = {},
  ) {
    this.retries = options.failedEntryRetries ?? DEFAULT_FAILED_ENTRY_RETRIES;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /**
   * Puts every event, in calls of at most 10 entries and less than 256 KB.
   *
   * @example
   * await new EventBridgeExpiryEvents(new EventBridgeClient({})).put(events, budget);
   */
  public async put(events: readonly ExpiryEvent[], budget: TimeBudget = TimeBudget.unlimited()): Promise<{ readonly put: number; readonly calls: number }> {
    const delivery = await deliverNamingRefusals(events, {
      operation: 'PutEvents',
      noun: 'events',
      batchSize: MAX_ENTRIES_PER_PUT_EVENTS,
      // "less than 256KB": a batch may reach one byte short of it.
      maxBatchBytes: PUT_EVENTS_SIZE_LIMIT - 1,
      sizeOf: putEventsEntrySize,
      retries: this.retries,
      sleep: this.sleep,
      budget,
      send: (batch, step) => this.send(batch, budget, step),
      unexplained: (event): RefusedEvent => ({ certificateArn: arnOf(event), code: 'Unknown', message: 'no reason given' }),
    });
    if (delivery.refusals.length > 0) {
      throw new EventDeliveryError(
        `EventBridge refused ${delivery.refusals.length} of ${delivery.seen} expiry events ${refusalSummary(delivery, this.retries, (refusal) => refusal.certificateArn)}. ` +
          'Every evaluation was delivered to AWS Config; failing the invocation so Config runs the rule again',
        delivery.refusals.map((refusal) => refusal.certificateArn),
        { refusals: delivery.refusals },
      );
    }
    return { put: delivery.delivered, calls: delivery.calls };
  }

  private async send(batch: readonly ExpiryEvent[], budget: TimeBudget, step: string): Promise<Refusals<ExpiryEvent, RefusedEvent>> {
    // An entry EventBridge would refuse for its size alone is never sent (none of this rule's comes near).
    const tooLarge = batch.filter((event) => putEventsEntrySize(event) >= PUT_EVENTS_SIZE_LIMIT);
    const sent = batch.filter((event) => !tooLarge.includes(event));
    const permanent: RefusedEvent[] = tooLarge.map((event) => ({
      certificateArn: arnOf(event),
      code: 'EntryTooLarge',
      message: `${putEventsEntrySize(event)} bytes; PutEvents takes less than ${PUT_EVENTS_SIZE_LIMIT}`,
    }));
    if (sent.length === 0) return { passing: new Map(), permanent };
    let results: readonly PutEventsResultEntry[];
    let failedCount: number;
    try {
      const response = await this.client.send(new PutEventsCommand({ Entries: sent.map(toSdk) }), { abortSignal: budget.signal() });
      results = response.Entries ?? [];
      failedCount = response.FailedEntryCount ?? 0;
    } catch (error) {
      budget.throwIfSpentDuring(step, error);
      // Already names the action to grant (explain-access-denied.ts).
      if (error instanceof AccessDeniedError) throw error;
      throw new EventDeliveryError(
        `PutEvents failed after the SDK's retries (${describeError(error)}); the expiry events of this run are not all on the bus; failing so Config retries the rule`,
        sent.map(arnOf),
        { cause: error },
      );
    }
    const passing = new Map<ExpiryEvent, RefusedEvent>();
    // Each result entry answers the request entry at the same index (API reference, PutEventsResponse.Entries).
    const answered = results.length === sent.length && results.filter((result) => result.ErrorCode !== undefined).length === failedCount;
    if (!answered) {
      // Failures that cannot be matched to entries: resend them all rather than count any as put.
      for (const event of sent) passing.set(event, { certificateArn: arnOf(event), code: 'Unmatched', message: `FailedEntryCount ${failedCount} with ${results.length} result entries for ${sent.length} sent` });
      return { passing, permanent };
    }
    sent.forEach((event, index) => {
      const result = results[index];
      if (result?.ErrorCode === undefined) return;
      const reason = { certificateArn: arnOf(event), code: result.ErrorCode, message: result.ErrorMessage ?? '' };
      if (RESENDABLE_ERROR_CODE.test(result.ErrorCode)) passing.set(event, reason);
      else permanent.push(reason);
    });
    return { passing, permanent };
  }
}

function arnOf(event: ExpiryEvent): string {
  return event.Resources[0];
}

function toSdk(event: ExpiryEvent): PutEventsRequestEntry {
  return { ...event, Resources: [...event.Resources] };
}
