import { RuleError } from '../errors';
import type { UsageService } from './certificate-usage';

/** A call of the usage scan failed; the scan reports it as "usage unknown". */
export class UsageLookupError extends RuleError {
  public readonly service: UsageService;
  public readonly region: string;
  /** The IAM action of the failed call, e.g. `cloudfront:ListDistributions`. */
  public readonly action: string;

  public constructor(service: UsageService, region: string, action: string, options: { cause: unknown }) {
    super(`${action} failed in ${region}: ${describeError(options.cause)}`, options);
    this.name = 'UsageLookupError';
    this.service = service;
    this.region = region;
    this.action = action;
  }
}

/** `Name: message`, the way the usage failure's `reason` reads. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : `${error.name}: ${error.message}`;
  return String(error);
}
