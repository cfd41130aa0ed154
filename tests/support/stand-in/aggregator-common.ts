import { ServiceError } from './reply';

/** Pages a list with Config's NextToken; the stand-in's Config service supplies it. */
export type Paginate = <T>(items: readonly T[], token: unknown, limit: number) => { page: T[]; nextToken: string | undefined };

/** The region the stand-in's aggregators live in, for their ARNs and default source status. */
export const AGGREGATOR_HOME_REGION = 'us-east-1';

/** A ValidationException, as Config answers an input that breaks the operation's model. */
export const validation = (message: string): ServiceError => new ServiceError('ValidationException', message);

// InvalidLimitException: "The specified limit is outside the allowable range" (Config API reference, Errors of each aggregate operation).
const invalidLimit = (field: string, max: number): ServiceError => new ServiceError('InvalidLimitException', `Value at '${field}' must be from 0 to ${max}`);

/** A Limit of `0` or absent means the fallback (the documented default); outside 0 to `max`, InvalidLimitException. */
export function limitOf(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === 0) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw invalidLimit('limit', max);
  return value;
}
