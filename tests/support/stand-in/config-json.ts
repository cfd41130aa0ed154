import type { Reply, ServiceError } from './reply';

/** Content type of the JSON 1.1 protocol Config speaks (Config API reference, common headers). */
export const AMZ_JSON_1_1 = 'application/x-amz-json-1.1';

/** A JSON 1.1 success body. */
export function jsonSuccess(body: unknown): Reply {
  return { status: 200, contentType: AMZ_JSON_1_1, body: JSON.stringify(body) };
}

/** A restJson1 success body (Security Hub): plain `application/json`. */
export function restJsonSuccess(body: unknown): Reply {
  return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
}

/** A JSON 1.1 error: `{"__type": "<Code>", "message": "…"}`, which the SDK maps to the modelled exception. */
export function jsonError(error: ServiceError): Reply {
  return { status: error.status, contentType: AMZ_JSON_1_1, body: JSON.stringify({ __type: error.code, message: error.message }) };
}

/** JSON 1.1 timestamps are epoch seconds, possibly fractional (Smithy, awsJson1_1 protocol: timestamp format). */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

/** Reads a JSON 1.1 timestamp (epoch seconds number) the SDK sent. */
export function fromEpochSeconds(value: unknown, field: string, invalid: (message: string) => Error): Date {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${field} must be a timestamp in epoch seconds`);
  return new Date(value * 1000);
}
