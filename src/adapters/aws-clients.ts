import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { RetryStrategyV2 } from '@smithy/types';
import { explainAccessDenied } from './explain-access-denied';
import { PerCallRetryStrategy } from './per-call-retry-strategy';

/**
 * Attempts per call when the environment does not say (`AWS_MAX_ATTEMPTS`).
 * Config rules often run in accounts where other tools hammer the same APIs;
 * the SDK's standard strategy retries throttling and 5xx with exponential
 * backoff and jitter, and three attempts (its default) give up too early.
 */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** Who the clients act as, for access-denied messages, and with which credentials. */
export interface ClientIdentity {
  /** Temporary credentials of an assumed role; absent: the standard credential chain. */
  readonly credentials?: AwsCredentialIdentity;
  /** e.g. "the Lambda's role" or "role arn:aws:iam::111122223333:role/Name". */
  readonly principal: string;
  readonly accountId: string;
}

const OWN_IDENTITY: ClientIdentity = { principal: "the Lambda's role", accountId: 'this account' };

/** Settings every client of the rule and the CLI is built with. */
export interface ClientSettings {
  readonly maxAttempts?: number;
  readonly retryStrategy?: RetryStrategyV2;
}

/**
 * Client settings shared by every adapter. Region, endpoints
 * (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL_CONFIG_SERVICE`,
 * `AWS_ENDPOINT_URL_STS`) and credentials come from the standard SDK
 * environment only, so one bundle runs against AWS or a local stand-in.
 * Retries: the standard strategy with `AWS_MAX_ATTEMPTS` (default
 * {@link DEFAULT_MAX_ATTEMPTS}) attempts for every call
 * ({@link PerCallRetryStrategy}); with `AWS_RETRY_MODE` set, the SDK's own
 * strategy of that mode, as configured.
 */
export function clientSettings(env: NodeJS.ProcessEnv = process.env): ClientSettings {
  // A user who chose a retry mode (e.g. adaptive) gets exactly the SDK's.
  if (env['AWS_RETRY_MODE'] !== undefined) return {};
  const maxAttempts = attemptsFrom(env['AWS_MAX_ATTEMPTS']);
  return { maxAttempts, retryStrategy: new PerCallRetryStrategy(maxAttempts) };
}

function attemptsFrom(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_ATTEMPTS;
  const attempts = Number(value);
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`AWS_MAX_ATTEMPTS must be a whole number of at least 1, not "${value.slice(0, 40)}"`);
  return attempts;
}

function settingsFor(identity: ClientIdentity): ClientSettings & { credentials?: AwsCredentialIdentity } {
  return { ...clientSettings(), ...(identity.credentials ? { credentials: identity.credentials } : {}) };
}

/** An IAM client from the standard SDK environment, or with an assumed role's credentials. */
export function createIamClient(identity: ClientIdentity = OWN_IDENTITY): IAMClient {
  return explainAccessDenied(new IAMClient(settingsFor(identity)), identity.principal, identity.accountId);
}

/** An AWS Config client from the standard SDK environment, or with an assumed role's credentials. */
export function createConfigClient(identity: ClientIdentity = OWN_IDENTITY): ConfigServiceClient {
  return explainAccessDenied(new ConfigServiceClient(settingsFor(identity)), identity.principal, identity.accountId);
}

/** A Security Hub client (`AWS_REGION`, endpoint `AWS_ENDPOINT_URL_SECURITYHUB`), on the account's credentials. */
export function createSecurityHubClient(identity: ClientIdentity = OWN_IDENTITY): SecurityHubClient {
  return explainAccessDenied(new SecurityHubClient(settingsFor(identity)), identity.principal, identity.accountId);
}

// --- evaluateAtExpiry (issue 21 part 3) ---
/** An EventBridge Scheduler client (`AWS_REGION`, endpoint `AWS_ENDPOINT_URL_SCHEDULER`), on the account's credentials. */
export function createSchedulerClient(identity: ClientIdentity = OWN_IDENTITY): SchedulerClient {
  return explainAccessDenied(new SchedulerClient(settingsFor(identity)), identity.principal, identity.accountId);
}
// --- end evaluateAtExpiry ---

/**
 * An EventBridge client (`AWS_ENDPOINT_URL_EVENTBRIDGE`) on the account's
 * credentials, in `region`: the event bus's own, since `PutEvents` goes to
 * the bus's region's endpoint; absent, `AWS_REGION`.
 */
export function createEventBridgeClient(identity: ClientIdentity = OWN_IDENTITY, region?: string): EventBridgeClient {
  return explainAccessDenied(new EventBridgeClient({ ...settingsFor(identity), ...(region === undefined ? {} : { region }) }), identity.principal, identity.accountId);
}

/**
 * An STS client on the Lambda's own credentials. SDK v3 calls the regional
 * STS endpoint of `AWS_REGION` by default, which AWS recommends over the
 * global one (lower latency, no dependency on us-east-1).
 */
export function createStsClient(): STSClient {
  return explainAccessDenied(new STSClient(clientSettings()), OWN_IDENTITY.principal, OWN_IDENTITY.accountId);
}
