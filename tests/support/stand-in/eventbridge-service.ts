import { randomUUID } from 'node:crypto';
import { fromEpochSeconds } from './config-json';
import type { JsonBody } from './config-service';
import { ServiceError } from './reply';

/**
 * The JSON 1.1 target prefix of EventBridge (its API model: service AWSEvents,
 * protocol awsJson1_1, signing name `events`): requests carry
 * `X-Amz-Target: AWSEvents.PutEvents`.
 */
export const EVENTBRIDGE_TARGET_PREFIX = 'AWSEvents.';

// Sources of the behaviour below:
// [API] EventBridge API reference, PutEvents (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html),
//       and its model (aws/api-models-aws, eventbridge-2015-10-07.json): Entries "Array Members: Minimum number
//       of 1 item. Maximum number of 10 items"; EventBusName a name or ARN, "If you omit this, the default event bus
//       is used"; DetailType "a maximum of 128 characters"; "Detail, DetailType, and Source are required … If you
//       include event entries in a request that do not include each of those properties, EventBridge fails that
//       entry. If you submit a request in which none of the entries have each of these properties, EventBridge
//       fails the entire request."
// [RES] PutEventsResultEntry: each result at the index of its entry; an entry that failed has ErrorCode and
//       ErrorMessage; retryable InternalFailure and ThrottlingException; not retryable AccessDeniedException,
//       InvalidArgument, MalformedDetail, NotAuthorizedForSourceException …
// [SIZE] EventBridge User Guide, "Calculating PutEvents event entry size": "The total entry size must be less
//       than 256KB"; Time 14 bytes, Source, DetailType, Detail and each resource their UTF-8 bytes.
// [PERM] EventBridge User Guide, "Permissions for event buses": a bus accepts events from another account only
//       when its resource-based policy allows PutEvents from it (an organization: Principal "*" with
//       aws:PrincipalOrgID).
// [BUS] An unknown bus is not documented for PutEvents. AWS has answered success and dropped the event
//       (aws/aws-sdk#186, aws/aws-cli#9186); AWS said in 2024 this "has been corrected" (aws/aws-sdk#186), without
//       saying how. The stand-in fails the entry with ResourceNotFoundException by default, and can answer the
//       whole request with it, or accept and drop the event, so the rule is tested under each.
const MAX_ENTRIES = 10; // [API]
const MAX_REQUEST_BYTES = 256 * 1024; // [SIZE]: "less than"
const MAX_DETAIL_TYPE = 128; // [API]
const TIME_BYTES = 14; // [SIZE]

/** How the stand-in answers an entry for an event bus that does not exist (see [BUS]). */
export type UnknownBusAnswer = 'entry-error' | 'request-error' | 'accept';

/** An event as it is on a bus: the shape EventBridge delivers to rules' targets (User Guide, "Amazon EventBridge events"). */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  /** The account whose credentials put it. */
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
  /** Stand-in bookkeeping: the bus it is on. */
  readonly busArn: string;
}

/** A bus to create: in `accountId` and `region`, named `name`, accepting PutEvents from these other accounts ([PERM]). */
export interface EventBusSeed {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  /** Other accounts its policy lets put events (an organization's, for Principal "*" with aws:PrincipalOrgID). */
  readonly allowAccounts?: readonly string[];
}

interface Bus {
  readonly seed: EventBusSeed;
  readonly arn: string;
  readonly events: BusEvent[];
}

/** Options for one call, from the stand-in's request handling. */
export interface PutEventsOptions {
  /** The account whose credentials signed the call. */
  readonly callerAccountId: string;
  /** The region the call was signed for: only that region's buses are reachable. */
  readonly region: string;
  /** Entries whose `Resources` contain one of these (or all, `'all'`) fail with InternalFailure (fault `failed-entries`). */
  readonly fail: ReadonlySet<string> | 'all';
}

const validation = (message: string): ServiceError => new ServiceError('ValidationException', message);

/**
 * EventBridge's `PutEvents` for every account of the stand-in: each account
 * has a `default` bus in every region; other buses are created with
 * {@link EventBuses.create}. Events put are kept per bus, in order, for tests
 * to read. Test tooling only.
 */
export class EventBuses {
  private readonly buses = new Map<string, Bus>();
  /** Events dropped because their bus did not exist (with {@link unknownBus} `'accept'`). */
  public readonly dropped: BusEvent[] = [];
  public unknownBus: UnknownBusAnswer = 'entry-error';

  public constructor(private readonly partition = 'aws') {}

  /** Creates a bus (a `default` one needs no creating); returns its ARN. */
  public create(seed: EventBusSeed): string {
    const arn = this.arnOf(seed.accountId, seed.region, seed.name);
    this.buses.set(arn, { seed, arn, events: [] });
    return arn;
  }

  /** Every event on the bus `arn` (created or default), in the order they were put. */
  public eventsOn(arn: string): BusEvent[] {
    return [...(this.buses.get(arn)?.events ?? [])];
  }

  /** Every event on every bus, in the order they were put. */
  public all(): BusEvent[] {
    return [...this.buses.values()].flatMap((bus) => bus.events);
  }

  /** Forgets every bus and event; unknown buses fail entries again. */
  public clear(): void {
    this.buses.clear();
    this.dropped.length = 0;
    this.unknownBus = 'entry-error';
  }

  public run(operation: string, body: JsonBody, options: PutEventsOptions): unknown {
    if (operation !== 'PutEvents') throw new ServiceError('UnknownOperationException', `The stand-in's EventBridge does not serve ${operation}`);
    const entries = body['Entries'];
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw validation(`1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`);
    }
    const parsed = entries.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as JsonBody) : {}));
    const total = parsed.reduce((sum, entry) => sum + entrySize(entry), 0);
    // The code and message for an oversized request are not documented; the model's constraint error is the closest.
    if (total >= MAX_REQUEST_BYTES) throw validation(`Total size of the entries in the request is over the limit (${total} bytes; less than ${MAX_REQUEST_BYTES} allowed)`);
    if (!parsed.some(complete)) throw validation('None of the entries has Source, DetailType and Detail');
    for (const entry of parsed) {
      const bus = this.busFor(entry, options);
      if (bus.kind === 'unknown' && this.unknownBus === 'request-error') throw new ServiceError('ResourceNotFoundException', `Event bus ${bus.name} does not exist.`);
    }
    const results = parsed.map((entry) => this.putOne(entry, options));
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  }

  private putOne(entry: JsonBody, options: PutEventsOptions): { EventId: string } | { ErrorCode: string; ErrorMessage: string } {
    if (!complete(entry)) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter(s) Source, DetailType and Detail must be specified.' };
    const { Source: source, DetailType: detailType, Detail: detailText } = entry as { Source: string; DetailType: string; Detail: string };
    if (detailType.length > MAX_DETAIL_TYPE) return { ErrorCode: 'InvalidArgument', ErrorMessage: `DetailType is longer than ${MAX_DETAIL_TYPE} characters.` };
    let detail: unknown;
    try {
      detail = JSON.parse(detailText);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    // Events from AWS services carry `aws.` sources; a custom event may not (User Guide, "Amazon EventBridge events").
    if (source.startsWith('aws.')) return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
    const resources = Array.isArray(entry['Resources']) ? (entry['Resources'] as unknown[]).map(String) : [];
    if (options.fail === 'all' || resources.some((resource) => (options.fail as ReadonlySet<string>).has(resource))) {
      return { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure (injected by the stand-in).' };
    }
    const bus = this.busFor(entry, options);
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': detailType,
      source,
      account: options.callerAccountId,
      time: (entry['Time'] === undefined ? new Date() : fromEpochSeconds(entry['Time'], 'Time', validation)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: options.region,
      resources,
      detail,
      busArn: bus.arn,
    };
    if (bus.kind === 'found') {
      bus.found.events.push(event);
      return { EventId: event.id };
    }
    if (bus.kind === 'unknown') {
      if (this.unknownBus === 'accept') {
        this.dropped.push(event);
        return { EventId: event.id };
      }
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus.name} does not exist.` };
    }
    return { ErrorCode: 'AccessDeniedException', ErrorMessage: `User: ${options.callerAccountId} is not authorized to perform: events:PutEvents on resource: ${bus.arn}` };
  }

  /** The bus an entry names, in the call's region; a `default` bus of any account always exists. */
  private busFor(entry: JsonBody, options: PutEventsOptions): { kind: 'found'; arn: string; found: Bus } | { kind: 'unknown' | 'foreign'; arn: string; name: string } {
    const named = typeof entry['EventBusName'] === 'string' && entry['EventBusName'] !== '' ? entry['EventBusName'] : 'default';
    const arnParts = /^arn:[\w-]+:events:([\w-]+):(\d{12}):event-bus\/(.+)$/.exec(named);
    const [accountId, region, name] = arnParts === null ? [options.callerAccountId, options.region, named] : [arnParts[2] ?? '', arnParts[1] ?? '', arnParts[3] ?? ''];
    const arn = this.arnOf(accountId, region, name);
    // Each region's endpoint knows its own buses only.
    let bus = region === options.region ? this.buses.get(arn) : undefined;
    if (bus === undefined && name === 'default' && region === options.region) {
      this.create({ accountId, region, name });
      bus = this.buses.get(arn);
    }
    if (bus === undefined) return { kind: 'unknown', arn, name: named };
    if (accountId !== options.callerAccountId && bus.seed.allowAccounts?.includes(options.callerAccountId) !== true) return { kind: 'foreign', arn, name: named };
    return { kind: 'found', arn, found: bus };
  }

  private arnOf(accountId: string, region: string, name: string): string {
    return `arn:${this.partition}:events:${region}:${accountId}:event-bus/${name}`;
  }
}

function complete(entry: JsonBody): boolean {
  return ['Source', 'DetailType', 'Detail'].every((key) => typeof entry[key] === 'string' && entry[key] !== '');
}

/** An entry's size as EventBridge counts it ([SIZE]). */
function entrySize(entry: JsonBody): number {
  const utf8 = (value: unknown): number => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
  const resources = Array.isArray(entry['Resources']) ? (entry['Resources'] as unknown[]) : [];
  return (entry['Time'] === undefined ? 0 : TIME_BYTES) + utf8(entry['Source']) + utf8(entry['DetailType']) + utf8(entry['Detail']) + resources.reduce<number>((sum, resource) => sum + utf8(resource), 0);
}
