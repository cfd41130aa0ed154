import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { IAMClient } from '@aws-sdk/client-iam';

/**
 * Attempts per call when the environment does not say (`AWS_MAX_ATTEMPTS`).
 * Config rules often run in accounts where other tools hammer the same APIs;
 * the SDK's standard strategy retries throttling and 5xx with exponential
 * backoff and jitter, and three attempts (its default) give up too early.
 */
export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Client settings shared by every adapter. Region, endpoints
 * (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL_CONFIG_SERVICE`)
 * and credentials come from the standard SDK environment only, so one bundle
 * runs against AWS or a local stand-in.
 */
export function clientSettings(env: NodeJS.ProcessEnv = process.env): { maxAttempts?: number; retryMode?: string } {
  // Leave both unset when the user configured them, so the SDK reads theirs.
  if (env['AWS_MAX_ATTEMPTS'] !== undefined || env['AWS_RETRY_MODE'] !== undefined) return {};
  return { maxAttempts: DEFAULT_MAX_ATTEMPTS, retryMode: 'standard' };
}

/** An IAM client from the standard SDK environment. */
export function createIamClient(): IAMClient {
  return new IAMClient(clientSettings());
}

/** An AWS Config client from the standard SDK environment. */
export function createConfigClient(): ConfigServiceClient {
  return new ConfigServiceClient(clientSettings());
}
