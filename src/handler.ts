import type { Context } from 'aws-lambda';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { assumeRole } from './adapters/assume-role';
import { createConfigClient, createEventBridgeClient, createIamClient, createSchedulerClient, createSecurityHubClient, createStsClient, type ClientIdentity } from './adapters/aws-clients';
import { ConfigEvaluationReporter } from './adapters/config-evaluation-reporter';
import { ConfigResourceDirectory } from './adapters/config-resource-directory';
import { ConfigRuleResults } from './adapters/config-rule-results';
import { EventBridgeExpiryEvents } from './adapters/eventbridge-expiry-events';
import { IamCertificateStore } from './adapters/iam-certificate-store';
import { SchedulerEvaluationSchedules } from './adapters/scheduler-evaluation-schedules';
import { SecurityHubFindings } from './adapters/security-hub-findings';
import { SERVER_CERTIFICATE_RESOURCE_TYPE } from './core/evaluation';
import { eventBusArnParts, parseRuleParameters, readsCertificateTags } from './core/rule-parameters';
import { TimeBudget } from './core/time-budget';
import { RuleError } from './errors';
import { parseConfigRuleEvent, type ConfigRuleEvent } from './events/config-rule-event';
import { isKnownConfigurationItemStatus, MessageType } from './events/invoking-event';
import { logger, metrics, recordFailure, recordRun } from './observability/telemetry';
import { refuseCentralSchedules, resolveAccountAccess, type AccountAccess } from './rule/account-access';
import { recordingGaps } from './rule/recording-gaps';
import { runRule } from './rule/run-rule';
import type { RunSummary } from './rule/run-summary';
import type { UsageSource } from './rule/ports';
import { CertificateReferenceFinder } from './usage/reference-finder';
import { createUsageClients, type UsageClients } from './usage/usage-clients';

export type { RunSummary } from './rule/run-summary';

/**
 * Time kept back from the Lambda's deadline: enough to stop, deliver what is
 * done and fail with a clear error instead of being killed mid-batch.
 */
export const TIME_RESERVE_MS = 10_000;

/** The parts of the Lambda context the handler reads; all optional for local runs. */
export type InvocationContext = Partial<Pick<Context, 'awsRequestId' | 'invokedFunctionArn' | 'getRemainingTimeInMillis'>>;

interface AccountClients {
  readonly iam: IAMClient;
  readonly config: ConfigServiceClient;
  /** Built on first use: only the usage check needs them. */
  readonly usage: () => UsageSource;
  /** Built on first use: only Security Hub findings need it. */
  readonly securityHub: () => SecurityHubClient;
  /** Built on first use: only expiry events need it; in the bus's region (absent: the Lambda's). */
  readonly eventBridge: (region: string | undefined) => EventBridgeClient;
  /** Built on first use: only evaluateAtExpiry needs it. */
  readonly scheduler: () => SchedulerClient;
  /** Closes every client of the invocation. */
  readonly release: () => void;
}

/** Where the handler reads the instant it judges at: the system clock on Lambda. */
export type Clock = () => Date;

/**
 * A handler that reads `clock` for the instant it judges at (and for when it
 * sets the evaluateAtExpiry schedule): tests and the local stand-in pass a
 * simulated clock; Lambda runs {@link handler}, on the system clock. The
 * wall clock, not the notification's creation time: a notification Config
 * retries later must be judged when it runs, or a certificate that expired in
 * between would be reported compliant.
 *
 * @example
 * const at = (offsetMs: number) => createHandler(() => new Date(Date.now() + offsetMs));
 */
export function createHandler(clock: Clock = () => new Date()): (event: unknown, context?: InvocationContext) => Promise<RunSummary> {
  return (event, context = {}) => handle(event, context, clock);
}

/**
 * The Lambda entry point AWS Config invokes: parse and validate the event and
 * the rule parameters, pick the account's credentials, run the rule. Every
 * failure is logged and thrown, so the invocation fails and Config retries.
 */
export const handler = createHandler();

async function handle(event: unknown, context: InvocationContext, clock: Clock): Promise<RunSummary> {
  const startedAt = Date.now();
  const budget = budgetFor(context);
  let rule: string | undefined;
  let clients: AccountClients | undefined;
  // Keys of the previous invocation must not leak into this one's lines.
  logger.resetKeys();
  logger.appendKeys({ requestId: context.awsRequestId });
  try {
    const ruleEvent = parseConfigRuleEvent(event);
    rule = ruleEvent.configRuleName;
    logger.appendKeys({ rule, account: ruleEvent.accountId, messageType: ruleEvent.invokingEvent.messageType });
    const parameters = parseRuleParameters(ruleEvent.ruleParameters);
    const lambdaAccount = lambdaAccountOf(context.invokedFunctionArn);
    const access = resolveAccountAccess(ruleEvent, parameters, lambdaAccount);
    refuseCentralSchedules(access, parameters);
    clients = await clientsFor(access, budget, lambdaAccount);
    warnOfUnknownStatus(ruleEvent);
    const certificates = new IamCertificateStore(clients.iam);
    const { summary, deferredFailure } = await runRule(
      ruleEvent,
      parameters,
      {
        certificates,
        resourceIds: new ConfigResourceDirectory(clients.config),
        recordedResults: new ConfigRuleResults(clients.config),
        sink: new ConfigEvaluationReporter(clients.config),
        ...(parameters.checkUsage ? { usage: clients.usage() } : {}),
        ...(readsCertificateTags(parameters) ? { tags: certificates } : {}),
        ...(parameters.securityHubFindings ? { findings: new SecurityHubFindings(clients.securityHub()) } : {}),
        // The evaluated account's credentials put the events: its own default bus, or the bus eventBusArn names (docs/organization.md).
        ...(parameters.expiryEvents ? { expiryEvents: new EventBridgeExpiryEvents(clients.eventBridge(eventBusRegion(parameters.eventBusArn))) } : {}),
        ...(parameters.evaluateAtExpiry ? { schedules: new SchedulerEvaluationSchedules(clients.scheduler()) } : {}),
      },
      { now: clock(), clock, budget, lambdaRegion: process.env['AWS_REGION'] },
    );
    recordRun(summary, Date.now() - startedAt, process.env['AWS_REGION']);
    if (summary.recording !== undefined) {
      for (const gap of recordingGaps(summary.recording, process.env['AWS_REGION'])) logger.warn(gap, { recording: summary.recording });
    }
    // Config has every evaluation; a Security Hub, tag, Scheduler or EventBridge failure (several: one error naming each) still fails the invocation, after the run is recorded.
    if (deferredFailure !== undefined) throw deferredFailure.error;
    logger.info('rule run complete', { summary, assumedRole: access.kind === 'assume' ? access.roleArn : undefined });
    return summary;
  } catch (error) {
    recordFailure(rule);
    logger.error('rule run failed; AWS Config will retry', error as Error);
    throw error;
  } finally {
    clients?.release();
    metrics.publishStoredMetrics();
  }
}

function budgetFor(context: InvocationContext): TimeBudget {
  if (context.getRemainingTimeInMillis === undefined) return TimeBudget.unlimited();
  const remaining = context.getRemainingTimeInMillis();
  const reserve = Math.min(TIME_RESERVE_MS, remaining / 4);
  return new TimeBudget(Date.now() + remaining - reserve, Date.now);
}

/**
 * The account the function runs in, from the function ARN Lambda passes in
 * every invocation's context (`arn:aws:lambda:region:ACCOUNT:function:name`,
 * Lambda Developer Guide, "Using the Lambda context object"): no API call.
 * `undefined` only without a context ARN, outside Lambda. An ARN that names
 * no account is refused: the rule could not tell another account's event
 * from its own.
 */
function lambdaAccountOf(functionArn: string | undefined): string | undefined {
  if (functionArn === undefined) return undefined;
  const account = /^arn:[\w-]+:lambda:[\w-]*:(\d{12}):function:/.exec(functionArn)?.[1];
  if (account === undefined) {
    throw new RuleError(`The Lambda context's invokedFunctionArn ${JSON.stringify(functionArn.slice(0, 200))} names no account id; cannot tell this function's own account`);
  }
  return account;
}

/**
 * Clients for this invocation only, on the Lambda's own credentials or on an
 * assumed role's. Never kept across invocations: the SDK's retry quota lives
 * in each client, so clients kept warm would hand a faulty invocation's
 * spent quota to the next one, which would then retry less than
 * docs/operations.md promises. A new TLS connection per invocation is the price.
 */
async function clientsFor(access: AccountAccess, budget: TimeBudget, lambdaAccount: string | undefined): Promise<AccountClients> {
  let identity: ClientIdentity;
  if (access.kind === 'own') {
    identity = { principal: "the Lambda's role", accountId: lambdaAccount ?? 'this account' };
  } else {
    const sts = createStsClient();
    try {
      const credentials = await assumeRole(access.roleArn, access.sessionName, access.accountId, budget, sts);
      identity = { credentials, principal: `role ${access.roleArn}`, accountId: access.accountId };
    } finally {
      sts.destroy();
    }
  }
  const iam = createIamClient(identity);
  const config = createConfigClient(identity);
  const usage = lazyUsage(identity.credentials);
  let securityHub: SecurityHubClient | undefined;
  let eventBridge: EventBridgeClient | undefined;
  let scheduler: SchedulerClient | undefined;
  return {
    iam,
    config,
    usage: usage.get,
    securityHub: () => (securityHub ??= createSecurityHubClient(identity)),
    eventBridge: (region) => (eventBridge ??= createEventBridgeClient(identity, region)),
    scheduler: () => (scheduler ??= createSchedulerClient(identity)),
    release: () => {
      iam.destroy();
      config.destroy();
      usage.destroy();
      securityHub?.destroy();
      eventBridge?.destroy();
      scheduler?.destroy();
    },
  };
}

/** The region of the event bus `eventBusArn` names: `PutEvents` is sent there; `undefined` (the Lambda's) for the default bus. */
function eventBusRegion(eventBusArn: string | undefined): string | undefined {
  return eventBusArn === undefined ? undefined : eventBusArnParts(eventBusArn)?.region;
}

/** AWS adds item statuses over time; an unknown one is judged like OK (evaluate-change.ts) and said here. */
function warnOfUnknownStatus(event: ConfigRuleEvent): void {
  const invoking = event.invokingEvent;
  if (invoking.messageType === MessageType.Scheduled || isKnownConfigurationItemStatus(invoking.resource.status)) return;
  // Another type is NOT_APPLICABLE whatever its status: nothing is judged from IAM.
  if (invoking.resource.resourceType !== SERVER_CERTIFICATE_RESOURCE_TYPE) return;
  logger.warn('configurationItemStatus unknown to this rule: judged the certificate from IAM as if OK', {
    configurationItemStatus: invoking.resource.status.slice(0, 80),
    resourceId: invoking.resource.resourceId,
  });
}

function lazyUsage(credentials: AwsCredentialIdentity | undefined): { get: () => UsageSource; destroy: () => void } {
  let source: UsageSource | undefined;
  let clients: UsageClients | undefined;
  return {
    get: () => {
      if (source === undefined) {
        clients = createUsageClients(process.env['AWS_REGION'], credentials);
        const finder = new CertificateReferenceFinder(clients);
        source = { scan: (regions, budget) => finder.scan({ regions, budget }) };
      }
      return source;
    },
    destroy: () => clients?.destroy?.(),
  };
}
