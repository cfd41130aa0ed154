import { ServiceError } from './reply';

/** CloudWatch Logs' JSON 1.1 target prefix (CloudWatch Logs API model: service Logs_20140328). */
export const LOGS_TARGET_PREFIX = 'Logs_20140328.';

/** One log event as a test writes it. */
export interface LogLineSeed {
  readonly at: Date;
  readonly message: string;
  /** Default `stream-1`. */
  readonly stream?: string;
}

interface StoredEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly stream: string;
  readonly eventId: string;
}

// FilterLogEvents limit: 1 to 10,000, default 10,000 (CloudWatch Logs API reference).
const LIMIT_MAX = 10_000;
// "Setting startFromHead to false is supported only when startTime is on or after Jan 1, 2024 00:00:00 UTC";
// earlier, InvalidParameterException (FilterLogEvents, startFromHead).
const LATEST_FIRST_FROM = Date.UTC(2024, 0, 1);

const invalid = (message: string): ServiceError => new ServiceError('InvalidParameterException', message);

/**
 * One account's CloudWatch Logs log groups, by region: FilterLogEvents
 * (CloudWatch Logs API reference), for the doctor's search of the rule
 * function's log. Filter patterns: the term forms of the "Filter pattern
 * syntax" page only: words and double-quoted phrases, all of which must
 * appear, or with `?` any of which must (`?ERROR ?"Task timed out"`); JSON
 * and space-delimited patterns are refused, since nothing here uses them.
 */
export class LogGroups {
  private readonly groups = new Map<string, StoredEvent[]>();
  private sequence = 0;
  /**
   * Pages answered empty, with a next token, before any event: CloudWatch
   * Logs may do so ("Set startTime explicitly to reduce the chances of empty
   * pages in the response", FilterLogEvents), so a caller must not read an
   * empty page as the end.
   */
  public emptyPages = 0;

  /** Creates the log group if needed and appends the lines. */
  public put(region: string, logGroupName: string, lines: readonly LogLineSeed[]): void {
    const key = `${region}\u0000${logGroupName}`;
    const events = this.groups.get(key) ?? [];
    for (const line of lines) {
      this.sequence += 1;
      events.push({ timestamp: line.at.getTime(), message: line.message, stream: line.stream ?? 'stream-1', eventId: String(this.sequence).padStart(20, '0') });
    }
    this.groups.set(key, events);
  }

  public clear(): void {
    this.groups.clear();
    this.emptyPages = 0;
  }

  /** FilterLogEvents; `undefined` for any other operation. */
  public run(operation: string, body: Readonly<Record<string, unknown>>, region: string): unknown {
    if (operation !== 'FilterLogEvents') return undefined;
    const name = body['logGroupName'];
    const identifier = body['logGroupIdentifier'];
    // "You must include either logGroupIdentifier or logGroupName, but not both."
    if ((name === undefined) === (identifier === undefined)) throw invalid('You must include either logGroupIdentifier or logGroupName, but not both.');
    const groupName = String(name ?? identifier).replace(/^arn:[\w-]+:logs:[\w-]+:\d{12}:log-group:/, '').replace(/:\*$/, '');
    const events = this.groups.get(`${region}\u0000${groupName}`);
    if (events === undefined) throw new ServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
    const limit = body['limit'] ?? LIMIT_MAX;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > LIMIT_MAX) throw invalid(`limit must be from 1 to ${LIMIT_MAX}`);
    const start = typeof body['startTime'] === 'number' ? body['startTime'] : undefined;
    const end = typeof body['endTime'] === 'number' ? body['endTime'] : undefined;
    const fromHead = body['startFromHead'] !== false;
    if (!fromHead && (start === undefined || start < LATEST_FIRST_FROM)) throw invalid('startFromHead=false requires a startTime on or after 2024-01-01T00:00:00Z');
    const matches = matcherOf(body['filterPattern']);
    const found = events
      .filter((event) => (start === undefined || event.timestamp >= start) && (end === undefined || event.timestamp <= end) && matches(event.message))
      .sort((a, b) => (fromHead ? a.timestamp - b.timestamp : b.timestamp - a.timestamp));
    const cursor = parseToken(body['nextToken']);
    if (cursor.empty < this.emptyPages) return { events: [], searchedLogStreams: [], nextToken: token({ empty: cursor.empty + 1, offset: 0 }) };
    const page = found.slice(cursor.offset, cursor.offset + limit);
    const next = cursor.offset + limit < found.length ? token({ empty: cursor.empty, offset: cursor.offset + limit }) : undefined;
    return {
      events: page.map((event) => ({ logStreamName: event.stream, timestamp: event.timestamp, message: event.message, ingestionTime: event.timestamp, eventId: event.eventId })),
      // "As of May 15, 2020, this parameter is no longer supported. This parameter returns an empty list."
      searchedLogStreams: [],
      ...(next === undefined ? {} : { nextToken: next }),
    };
  }
}

interface Cursor {
  readonly empty: number;
  readonly offset: number;
}

function token(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64');
}

function parseToken(value: unknown): Cursor {
  if (value === undefined) return { empty: 0, offset: 0 };
  try {
    const parsed = JSON.parse(Buffer.from(String(value), 'base64').toString('utf8')) as Cursor;
    if (Number.isInteger(parsed.empty) && Number.isInteger(parsed.offset)) return parsed;
  } catch {
    // fall through
  }
  throw invalid('The specified nextToken is invalid.');
}

/** The term forms of a filter pattern: all terms, or with `?` any of them; a quoted term is a phrase. Terms are case-sensitive. */
function matcherOf(pattern: unknown): (message: string) => boolean {
  if (pattern === undefined || pattern === '') return () => true;
  if (typeof pattern !== 'string' || /^\s*[{[]/.test(pattern)) throw invalid('The stand-in supports term filter patterns only');
  const terms = [...pattern.matchAll(/(\?)?(?:"([^"]*)"|(\S+))/g)].map((match) => ({ any: match[1] === '?', text: match[2] ?? match[3] ?? '' }));
  const any = terms.filter((term) => term.any).map((term) => term.text);
  const all = terms.filter((term) => !term.any).map((term) => term.text);
  return (message) => all.every((term) => message.includes(term)) && (any.length === 0 || any.some((term) => message.includes(term)));
}
