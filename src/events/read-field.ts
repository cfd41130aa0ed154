import { describeValue as describe } from '../core/describe-value';
import { InvalidEventError } from '../errors';

/** A JSON object read from an event, with the path it was found at for error messages. */
export interface JsonObject {
  readonly path: string;
  readonly value: Readonly<Record<string, unknown>>;
}

/** Narrows `value` to a JSON object, or throws naming `path`. */
export function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidEventError(path, `must be an object, got ${describe(value)}`);
  }
  return { path, value: value as Record<string, unknown> };
}

/** Parses a JSON string found at `path` (Config nests `invokingEvent` as a string). */
export function parseJsonObject(text: string, path: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidEventError(path, 'is not valid JSON', { cause: error });
  }
  return asObject(parsed, path);
}

/** A required, non-empty string field. */
export function requiredString(object: JsonObject, key: string): string {
  const value = object.value[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidEventError(fieldPath(object, key), `must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** An optional string field: absent or null gives `undefined`, anything but a string throws. */
export function optionalString(object: JsonObject, key: string): string | undefined {
  const value = object.value[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new InvalidEventError(fieldPath(object, key), `must be a string, got ${describe(value)}`);
  }
  return value;
}

/** An optional boolean field, `fallback` when absent. */
export function optionalBoolean(object: JsonObject, key: string, fallback: boolean): boolean {
  const value = object.value[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') {
    throw new InvalidEventError(fieldPath(object, key), `must be true or false, got ${describe(value)}`);
  }
  return value;
}

// ISO 8601 date-time with a zone, as Config writes it (2016-02-17T01:36:34.043Z).
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A required ISO 8601 timestamp string. The date and time must exist on the
 * calendar: `Date` would roll `2024-02-30` over to March 1st, which would
 * order results by a day that never happened.
 */
export function requiredTimestamp(object: JsonObject, key: string): Date {
  const text = requiredString(object, key);
  const date = new Date(text);
  if (!isCalendarTimestamp(text) || Number.isNaN(date.getTime())) {
    throw new InvalidEventError(fieldPath(object, key), `must be an ISO 8601 timestamp of a real date and time, got ${describe(text)}`);
  }
  return date;
}

function isCalendarTimestamp(text: string): boolean {
  const match = ISO_TIMESTAMP.exec(text);
  if (match === null) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // The fields as written, before any zone offset: they must survive a round trip through UTC unchanged.
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    utc.getUTCFullYear() === year &&
    utc.getUTCMonth() === month - 1 &&
    utc.getUTCDate() === day &&
    utc.getUTCHours() === hour &&
    utc.getUTCMinutes() === minute &&
    utc.getUTCSeconds() === second
  );
}

/** The dotted path of `key` inside `object`. */
export function fieldPath(object: JsonObject, key: string): string {
  return object.path === '' ? key : `${object.path}.${key}`;
}
