import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountOperation, type RegionOptStatus } from './account-service';
import { Accounts, type AssumedSession } from './accounts';
import { CallLog, accessKeyIdOf, type RecordedCall } from './call-log';
import type { CertificateSeed, StoredCertificate } from './certificate-store';
import type {
  ClassicLoadBalancer,
  ClassicLoadBalancerSeed,
  Distribution,
  DistributionSeed,
  LoadBalancerV2,
  LoadBalancerV2Seed,
} from './certificate-consumers';
import { DEFAULT_REGION } from './certificate-consumers';
import { CLOUDFRONT_NAMESPACE, cloudFrontOperation, runCloudFront } from './cloudfront-service';
import { credentialScopeOf } from './credential-scope';
import { ELB_NAMESPACE, ELB_VERSION, runElbAction } from './elb-service';
import { ELBV2_NAMESPACE, ELBV2_VERSION, runElbv2Action } from './elbv2-service';
import { jsonError, jsonSuccess, restJsonSuccess } from './config-json';
import { securityHubOperation } from './securityhub-service';
import { describeHub, hubOperation } from './securityhub-hub';
import { LOGS_TARGET_PREFIX } from './logs-service';
import { EVENTBRIDGE_TARGET_PREFIX, EventBuses, type BusEvent, type EventBusSeed, type UnknownBusAnswer } from './eventbridge-service';
import type { AcmSeed } from './acm-service';
import type { AggregatorSeed } from './aggregator-service';
import { runConfigOperation, type JsonBody } from './config-service';
import { StandInClock } from './clock';
import { CONFIG_INVOCATION_DELAY_MS, ConfigRuleEvaluations, type RuleInvoker } from './config-rule-evaluations';
import type { ConfigRuleSeed } from './config-rules-service';
import { SCHEDULER_FIRING_DELAY_MS, schedulerOperation, StandInScheduler } from './scheduler-service';
import { lambdaOperation } from './lambda-service';
import type { StoredEvaluation } from './evaluation-store';
import { Faults, refusedBy, sdkAttemptOf, type FaultSpec } from './faults';
import { runIamAction } from './iam-service';
import { ORGANIZATIONS_TARGET_PREFIX, OrganizationStore, organizationsError, type OrganizationSeed } from './organizations-service';
import { iamError, iamSuccess } from './iam-xml';
import { requestId } from './ids';
import { ServiceError, type Reply } from './reply';
import { StandInState, type ConfigResourceIdShape } from './state';
import { STS_NAMESPACE, isStsRequest, runStsAction } from './sts-service';

/** How the stand-in starts. */
export interface StandInOptions {
  /** The central account (the Lambda's, signed for by `environment()`'s key) in ARNs; default 123456789012. */
  readonly accountId?: string;
  /** Whether Config "discovers" certificates as they are added (default true); see {@link StandInState.recordCertificates}. */
  readonly recordCertificates?: boolean;
  /** How Config's recorder keys certificates (default `'name'`, as Config's schema does); see {@link ConfigResourceIdShape}. */
  readonly configResourceIds?: ConfigResourceIdShape;
}

// Config's JSON 1.1 target prefix (Config API model: service StarlingDoveService).
const CONFIG_TARGET = /^StarlingDoveService\.(\w+)$/;

/**
 * A local stand-in for the IAM and AWS Config APIs the rule calls (and STS,
 * and the ELB, ELBv2 and CloudFront calls of the usage scan), speaking
 * their wire protocols (IAM: Query over form-encoded POST with XML answers;
 * Config: JSON 1.1 with `X-Amz-Target`), so unmodified SDK v3 clients reach it
 * through `AWS_ENDPOINT_URL_IAM` / `AWS_ENDPOINT_URL_CONFIG_SERVICE`. One
 * server on 127.0.0.1 and a free port serves both. Test tooling only.
 *
 * @example
 * const standIn = await StandIn.start();
 * Object.assign(process.env, standIn.environment());
 * // … run the handler …
 * standIn.callCounts(); // { ListServerCertificates: 1, PutEvaluations: 1, … }
 * await standIn.stop();
 */
export class StandIn {
  public readonly faults = new Faults();
  public readonly calls = new CallLog();
  /** Whether PutEvaluations refuses an empty list, as moto does (see {@link setEmptyEvaluations}). */
  private refuseEmptyEvaluations = false;
  /** The SDK attempt and transport fault of the request being answered (see serve). */
  private exchange: { attempt: number | undefined; transport: FaultSpec | undefined; signedRegion?: string | undefined } = { attempt: undefined, transport: undefined };
  private readonly state: StandInState;
  /** The central account and the member accounts reached through STS AssumeRole. */
  private readonly accounts: Accounts;
  /** AWS Organizations: the organization, if one is seeded (organizations-service.ts). */
  private readonly organizations: OrganizationStore;
  /** The requests answered since the last reset, by `<amz-sdk-invocation-id> <amz-sdk-request>` (see {@link whenAnswered}). */
  private readonly answered = new Set<string>();
  /** Who waits in {@link whenAnswered}, told after each answered request. */
  private readonly answerWaiters = new Set<() => void>();
  /** When this stand-in's accounts "enabled" Security Hub (DescribeHub SubscribedAt). */
  private readonly startedAt = new Date();
  /** EventBridge: every account's event buses and the events put on them (eventbridge-service.ts). */
  private readonly eventBuses = new EventBuses();
  /** The simulated clock: real time plus an offset only `advance` moves; schedules fire and Config invokes rules on it (clock.ts). */
  public readonly clock = new StandInClock();
  /** Config's on-demand evaluations of each account's rules (StartConfigRulesEvaluation, periodic triggers; config-rule-evaluations.ts). */
  public readonly ruleEvaluations = new ConfigRuleEvaluations(this.clock);
  /** EventBridge Scheduler (scheduler-service.ts). */
  public readonly scheduler: StandInScheduler;

  private constructor(
    private readonly server: Server,
    public readonly url: string,
    state: StandInState,
  ) {
    this.state = state;
    this.accounts = new Accounts(state);
    this.organizations = new OrganizationStore(state.accountId);
    this.scheduler = new StandInScheduler(this.clock, this.ruleEvaluations, (accountId) => this.accounts.account(accountId));
  }

  /** Starts a stand-in on a random free port of 127.0.0.1. */
  public static async start(options: StandInOptions = {}): Promise<StandIn> {
    const state = new StandInState(options.accountId ?? '123456789012', options.recordCertificates ?? true);
    if (options.configResourceIds !== undefined) state.configResourceIds = options.configResourceIds;
    let standIn: StandIn | undefined;
    const server = createServer((request, response) => {
      if (standIn !== undefined) void standIn.serve(request, response);
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    standIn = new StandIn(server, `http://127.0.0.1:${port}`, state);
    return standIn;
  }

  /** The SDK environment that points IAM and Config clients at this stand-in, with dummy credentials. */
  public environment(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_IAM: this.url,
      AWS_ENDPOINT_URL_CONFIG_SERVICE: this.url,
      AWS_ENDPOINT_URL_STS: this.url,
      // The SDK's names: AWS_ENDPOINT_URL_ + the client's serviceId upper-cased, spaces as `_`
      // ("Elastic Load Balancing", "Elastic Load Balancing v2", "CloudFront").
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING: this.url,
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: this.url,
      AWS_ENDPOINT_URL_CLOUDFRONT: this.url,
      AWS_ENDPOINT_URL_SECURITYHUB: this.url,
      AWS_ENDPOINT_URL_ACM: this.url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: this.url,
      AWS_ENDPOINT_URL_ACCOUNT: this.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: this.url,
      AWS_ENDPOINT_URL_EVENTBRIDGE: this.url,
      AWS_ENDPOINT_URL_SCHEDULER: this.url,
      AWS_ENDPOINT_URL_LAMBDA: this.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIASTANDIN000000001',
      AWS_SECRET_ACCESS_KEY: 'stand-in-secret-access-key',
      AWS_EC2_METADATA_DISABLED: 'true',
      // Local runs may use Node 20 (Lambda runs nodejs24.x): the SDK's notice about that is noise here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  }

  /** Stops listening and drops open connections. */
  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  /** Forgets certificates, results, tokens, faults, calls, member accounts and sessions; `recordCertificates` goes back to `record`. */
  public reset(recordCertificates = true): void {
    this.accounts.clear();
    this.organizations.clear();
    this.eventBuses.clear();
    this.state.recordCertificates = recordCertificates;
    this.faults.clear();
    this.calls.clear();
    this.answered.clear();
    this.refuseEmptyEvaluations = false;
    this.clock.reset();
    this.ruleEvaluations.clear();
    this.ruleEvaluations.invocationDelayMs = CONFIG_INVOCATION_DELAY_MS;
    this.ruleEvaluations.notifications = 'scheduled';
    this.scheduler.clear();
    this.scheduler.firingDelayMs = SCHEDULER_FIRING_DELAY_MS;
    this.scheduler.pastAt = 'refuse';
  }

  /**
   * Creates (or replaces) a custom Lambda rule in Config of the central
   * account, or of `accountId`, as `state.configRules` holds it for
   * DescribeConfigRules and doctor; returns its ARN.
   */
  public defineConfigRule(rule: ConfigRuleSeed, accountId?: string): string {
    return this.accounts.account(accountId ?? this.state.accountId).configRules.put(rule);
  }

  /** Who runs a rule's function when the stand-in's Config invokes it (the e2e harness wires the bundled handler). */
  public onRuleInvocation(invoker: RuleInvoker | undefined): void {
    this.ruleEvaluations.setInvoker(invoker);
  }

  /** A periodic trigger of `ruleName` now, as Config runs a periodic rule: invokes its function and waits for it. */
  public async runPeriodicEvaluation(ruleName: string, accountId?: string): Promise<void> {
    await this.ruleEvaluations.runPeriodic(this.accounts.account(accountId ?? this.state.accountId), ruleName);
  }

  /**
   * Resolves once every request in `keys` (`<amz-sdk-invocation-id>
   * <amz-sdk-request>`, as the handler's process reports what an invocation
   * sent) has been answered, and so recorded in {@link calls}: a test that
   * goes on after the handler returned sees all of its calls, and none reaches
   * the next test. Event-driven: no polling, no sleep.
   */
  public whenAnswered(keys: readonly string[]): Promise<void> {
    const missing = (): boolean => keys.some((key) => !this.answered.has(key));
    if (!missing()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (missing()) return;
        this.answerWaiters.delete(check);
        resolve();
      };
      this.answerWaiters.add(check);
    });
  }

  /**
   * How PutEvaluations answers an empty (or absent) `Evaluations` list:
   * `'accept'` (the default) as the API model allows, `'refuse'` as moto does,
   * 400 `InvalidParameterValueException` with moto's message
   * (`EMPTY_EVALUATIONS_MESSAGE` in config-service.ts). AWS's own answer is not documented,
   * so tests run the rule under both. `reset()` goes back to `'accept'`.
   */
  public setEmptyEvaluations(answer: 'accept' | 'refuse'): void {
    this.refuseEmptyEvaluations = answer === 'refuse';
  }

  /** Whether certificates added from now on are "discovered" by Config. */
  public setRecordCertificates(record: boolean): void {
    this.state.recordCertificates = record;
  }

  /** Stops Config's recorder listing the certificates (see {@link StandInState.stopRecording}). */
  public stopRecording(how: 'recorder-deleted' | 'type-not-recorded'): void {
    this.state.stopRecording(how);
  }

  /** The resource id Config's recorder gives the certificate called `name`. */
  public configIdOf(name: string): string | undefined {
    const certificate = this.state.certificates.get(name);
    return certificate === undefined ? undefined : this.state.configIdOf(certificate);
  }

  /** Adds certificates straight to the store, without a PEM: fast seeding for thousands. */
  public seedCertificates(seeds: readonly CertificateSeed[]): StoredCertificate[] {
    return seeds.map((seed) => this.state.addCertificate(seed));
  }

  /** Creates (or replaces) a Config aggregator in the central account, with its source accounts' results and resources. */
  public seedAggregator(name: string, seed: AggregatorSeed): void {
    this.state.aggregators.seed(name, seed);
  }

  /**
   * Puts the central account in an organization (its management account
   * unless said otherwise) whose ListAccounts lists `seed.accounts`; without
   * one, Organizations answers AWSOrganizationsNotInUseException.
   */
  public seedOrganization(seed: OrganizationSeed): void {
    this.organizations.seed(seed);
  }

  /** Deletes a certificate as `DeleteServerCertificate` would, without a call. */
  public deleteCertificate(name: string): boolean {
    return this.state.deleteCertificate(name);
  }

  /** A certificate IAM holds, by name. */
  public certificate(name: string): StoredCertificate | undefined {
    return this.state.certificates.get(name);
  }

  /**
   * Adds a Classic Load Balancer to the central account (region default
   * us-east-1); a listener with `certificateArn` serves that IAM certificate.
   * Member accounts: `standIn.account(id).consumers.addClassicLoadBalancer`.
   */
  public addClassicLoadBalancer(seed: ClassicLoadBalancerSeed): ClassicLoadBalancer {
    return this.state.consumers.addClassicLoadBalancer(seed);
  }

  /** Adds an ALB or NLB; each listener's `certificateArn` is its default certificate, `extraCertificateArns` its SNI list. */
  public addLoadBalancerV2(seed: LoadBalancerV2Seed): LoadBalancerV2 {
    return this.state.consumers.addLoadBalancerV2(seed);
  }

  /** Adds a CloudFront distribution; `iamCertificateId` is the certificate's ServerCertificateId (`ASCA…`), as CloudFront stores it. */
  public addDistribution(seed: DistributionSeed): Distribution {
    return this.state.consumers.addDistribution(seed);
  }

  /** A result token for an invocation of `ruleName`, as Config puts in the rule's event. */
  public resultTokenFor(ruleName: string): string {
    return this.state.evaluations.issueToken(ruleName);
  }

  /** The latest stored result per resource of `ruleName`, or of every rule. */
  public evaluations(ruleName?: string): StoredEvaluation[] {
    return ruleName === undefined ? this.state.evaluations.all() : this.state.evaluations.forRule(ruleName);
  }

  /** The central account's Security Hub findings, as imported (Security Hub's additions included). */
  public findings(): ReturnType<StandInState['securityHub']['all']> {
    return this.state.securityHub.all();
  }

  /** Caps each `ListServerCertificateTags` page of the central account at `limit` tags (see {@link StandInState.iamTagPageLimit}); `undefined` lifts it. */
  public setIamTagPageLimit(limit: number | undefined): void {
    this.state.iamTagPageLimit = limit;
  }

  /**
   * Turns Security Hub off (or back on) in the central account, or in
   * `accountId`: off, imports come back as `InvalidAccess` in `FailedFindings`
   * and other calls fail with `InvalidAccessException`, as in an account where
   * Security Hub is not enabled. `reset()` turns it back on.
   */
  public setSecurityHubEnabled(enabled: boolean, accountId?: string): void {
    (accountId === undefined ? this.state : this.accounts.account(accountId)).securityHub.enabled = enabled;
  }

  /**
   * Models IAM's eventual consistency in the central account (see
   * {@link IamPropagation}): each certificate uploaded from now on is not found
   * by ELB, ELBv2 and CloudFront for its first `notFoundCalls` uses, and a
   * certificate taken off a load balancer is still "in use" for its next
   * `deleteConflictCalls` DeleteServerCertificate attempts; with
   * `conflictNamesUser: false` IAM's DeleteConflict names no resource.
   */
  public setIamPropagation(lag: { readonly notFoundCalls?: number; readonly deleteConflictCalls?: number; readonly conflictNamesUser?: boolean }): void {
    this.state.iamPropagation.notFoundCalls = lag.notFoundCalls ?? 0;
    this.state.iamPropagation.deleteConflictCalls = lag.deleteConflictCalls ?? 0;
    this.state.iamPropagation.conflictNamesUser = lag.conflictNamesUser ?? true;
  }

  /**
   * Sets a Region's opt-in status in the central account, or in `accountId`
   * (see {@link AccountRegions}): a new account has the default Regions
   * ENABLED_BY_DEFAULT and the opt-in ones DISABLED; `reset()` puts that back.
   * Load balancer calls to a Region that is not enabled are refused.
   */
  public setRegionOptStatus(region: string, status: RegionOptStatus, accountId?: string): void {
    (accountId === undefined ? this.state : this.accounts.account(accountId)).regions.set(region, status);
  }

  /** Adds an ACM certificate to the central account (issued, RSA 2048, unless said otherwise); returns its ARN. */
  public addAcmCertificate(seed: AcmSeed): string {
    return this.state.acm.add(seed);
  }

  /** How many evaluations arrived with `TestMode: true` (and were not stored). */
  public testModeEvaluations(): number {
    return this.state.testModeEvaluations;
  }

  /**
   * A member account's IAM and Config, created empty on first use: seed its
   * certificates (`addCertificate`), issue its result tokens
   * (`evaluations.issueToken`) and read its results (`evaluations.forRule`).
   */
  public account(accountId: string): StandInState {
    return this.accounts.account(accountId);
  }

  /**
   * The environment Lambda gives a function running in `accountId` (its own
   * execution role's credentials): for a per-account roll-out, where every
   * account's function acts on its own account only.
   */
  public functionEnvironment(accountId: string, roleName = 'iam-cert-expiry-prod-us-east-1-rule', functionName = 'rule'): Record<string, string> {
    const session = this.accounts.functionSession(accountId, roleName, functionName);
    return { AWS_ACCESS_KEY_ID: session.accessKeyId, AWS_SECRET_ACCESS_KEY: session.secretAccessKey, AWS_SESSION_TOKEN: session.sessionToken };
  }

  /** Lets STS AssumeRole of `roleArn` succeed; any other role gets AccessDenied. */
  public allowAssumeRole(roleArn: string): void {
    this.accounts.allowAssumeRole(roleArn);
  }

  /** Makes IAM/Config refuse `action` (e.g. `iam:ListServerCertificates`) to any caller acting in `accountId`. */
  public denyAction(accountId: string, action: string): void {
    this.accounts.deny(accountId, action);
  }

  /** The sessions STS AssumeRole opened since the last reset, with their access key ids. */
  public sessions(): AssumedSession[] {
    return this.accounts.sessions();
  }

  /** Calls per operation so far. */
  public callCounts(): Record<string, number> {
    return this.calls.counts();
  }

  /**
   * Creates an EventBridge event bus (every account has a `default` one in
   * every region already); `allowAccounts` are the other accounts its policy
   * lets put events. Returns its ARN.
   */
  public createEventBus(seed: EventBusSeed): string {
    return this.eventBuses.create(seed);
  }

  /** The events put on the bus `arn`, or on every bus, in order, as EventBridge would deliver them. */
  public busEvents(arn?: string): BusEvent[] {
    return arn === undefined ? this.eventBuses.all() : this.eventBuses.eventsOn(arn);
  }

  /**
   * How PutEvents answers an entry for a bus that does not exist: fail the
   * entry with ResourceNotFoundException (default), fail the request with it,
   * or accept and drop the event, as AWS has been reported to
   * (eventbridge-service.ts). `reset()` goes back to the default.
   */
  public setUnknownEventBus(answer: UnknownBusAnswer): void {
    this.eventBuses.unknownBus = answer;
  }

  /** Events accepted for a bus that does not exist, and dropped (see {@link setUnknownEventBus}). */
  public droppedEvents(): BusEvent[] {
    return [...this.eventBuses.dropped];
  }

  /** Adds a fault; shorthand for `faults.add`. */
  public injectFault(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let reply: Reply;
    let transport: FaultSpec | undefined;
    try {
      const body = await readBody(request);
      // answer() is synchronous, so admit() reads and fills this exchange's fault state without interleaving.
      this.exchange = { attempt: sdkAttemptOf(header(request, 'amz-sdk-request')), transport: undefined };
      reply = this.answer(request, body);
      transport = this.exchange.transport;
    } catch (error) {
      reply = { status: 500, contentType: 'text/plain', body: `stand-in failure: ${String(error)}` };
    }
    // Recorded (or refused) now, whatever a transport fault does to the answer: tell whoever waits for it.
    const invocation = header(request, 'amz-sdk-invocation-id');
    if (invocation !== undefined) {
      this.answered.add(`${invocation} ${header(request, 'amz-sdk-request') ?? 'undefined'}`);
      for (const check of [...this.answerWaiters]) check();
    }
    // Transport faults hit after processing: the answer is lost or late, as when a connection drops.
    if (transport?.kind === 'connection-reset') {
      request.socket.destroy();
      return;
    }
    if (transport?.kind === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, transport.delayMs));
      if (request.socket.destroyed) return; // the client gave up (an aborted call)
    }
    response.writeHead(reply.status, {
      'content-type': reply.contentType,
      'content-length': Buffer.byteLength(reply.body),
      'x-amzn-requestid': requestId(),
      ...reply.headers,
    });
    response.end(reply.body);
  }

  private answer(request: IncomingMessage, body: string): Reply {
    const authorization = header(request, 'authorization');
    const accessKeyId = accessKeyIdOf(authorization);
    const securityToken = header(request, 'x-amz-security-token');
    const target = header(request, 'x-amz-target');
    const scope = credentialScopeOf(authorization);
    this.exchange.signedRegion = scope?.region;
    if (target?.startsWith('CertificateManager.') === true) return this.answerAcm(target, body, scope?.region ?? DEFAULT_REGION, accessKeyId, securityToken);
    if (target?.startsWith(ORGANIZATIONS_TARGET_PREFIX) === true) return this.answerOrganizations(target.slice(ORGANIZATIONS_TARGET_PREFIX.length), body, accessKeyId, securityToken);
    if (target?.startsWith(LOGS_TARGET_PREFIX) === true) return this.answerLogs(target.slice(LOGS_TARGET_PREFIX.length), body, scope?.region ?? DEFAULT_REGION, accessKeyId, securityToken);
    if (target?.startsWith(EVENTBRIDGE_TARGET_PREFIX) === true) {
      return this.answerEventBridge(target.slice(EVENTBRIDGE_TARGET_PREFIX.length), body, scope?.region ?? DEFAULT_REGION, accessKeyId, securityToken);
    }
    if (target !== undefined) return this.answerConfig(target, body, scope?.region ?? DEFAULT_REGION, accessKeyId, securityToken);
    if (scope?.service === 'cloudfront' || (request.url ?? '').startsWith('/2020-05-31/')) {
      return this.answerCloudFront(request.method, request.url ?? '/', accessKeyId, securityToken, { ifMatch: header(request, 'if-match'), body });
    }
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const path = url.pathname;
    if (scope?.service === 'lambda' || lambdaOperation(request.method, path) !== undefined) {
      return this.answerLambda(request.method, path, scope?.region ?? DEFAULT_REGION, accessKeyId, securityToken);
    }
    if (scope?.service === 'scheduler' || path.startsWith('/schedules/')) {
      return this.answerScheduler(request.method, path, url.searchParams, body, accessKeyId, securityToken);
    }
    if (scope?.service === 'account' || accountOperation(request.method, path) !== undefined) {
      return this.answerAccount(request.method, path, body, accessKeyId, securityToken);
    }
    if (scope?.service === 'securityhub' || path.startsWith('/findings')) {
      return this.answerSecurityHub(request.method, path, body, scope?.region ?? DEFAULT_REGION, accessKeyId, securityToken);
    }
    const params = new URLSearchParams(body);
    const version = params.get('Version');
    // ELB and ELBv2 both sign as `elasticloadbalancing`: the API version in the body tells them apart.
    if (scope?.service === 'elasticloadbalancing' || version === ELB_VERSION || version === ELBV2_VERSION) {
      return this.answerElb(params, scope?.region ?? DEFAULT_REGION, accessKeyId, securityToken);
    }
    if (isStsRequest(authorization, params)) return this.answerSts(params, accessKeyId);
    return this.answerIam(params, accessKeyId, securityToken);
  }

  private answerSts(params: URLSearchParams, accessKeyId: string | undefined): Reply {
    const id = requestId();
    const action = params.get('Action') ?? '';
    const fault = this.admit('sts', action, accessKeyId);
    try {
      if (fault !== undefined) throw faultError(fault, 'Throttling', 'ServiceFailure');
      return iamSuccess(action, runStsAction(this.accounts, action, params, accessKeyId), id, STS_NAMESPACE);
    } catch (error) {
      if (error instanceof ServiceError) return iamError(error, id, STS_NAMESPACE);
      throw error;
    }
  }

  private answerIam(params: URLSearchParams, accessKeyId: string | undefined, securityToken: string | undefined): Reply {
    const id = requestId();
    const action = params.get('Action') ?? '';
    const fault = this.admit('iam', action, accessKeyId);
    try {
      if (fault !== undefined) throw faultError(fault, 'Throttling', 'ServiceFailure');
      if (params.get('Version') !== '2010-05-08') throw new ServiceError('InvalidParameterValue', 'Version must be 2010-05-08');
      const refusal = this.accounts.refusal(accessKeyId, securityToken, `iam:${action}`);
      if (refusal !== undefined) throw new ServiceError(refusal.kind === 'token' ? 'InvalidClientTokenId' : 'AccessDenied', refusal.message, 403);
      return iamSuccess(action, runIamAction(this.accounts.stateFor(accessKeyId), action, params), id);
    } catch (error) {
      if (error instanceof ServiceError) return iamError(error, id);
      throw error;
    }
  }

  private answerElb(params: URLSearchParams, region: string, accessKeyId: string | undefined, securityToken: string | undefined): Reply {
    const id = requestId();
    const action = params.get('Action') ?? '';
    const v2 = params.get('Version') === ELBV2_VERSION;
    const namespace = v2 ? ELBV2_NAMESPACE : ELB_NAMESPACE;
    const fault = this.admit(v2 ? 'elbv2' : 'elb', `${v2 ? 'elbv2' : 'elb'}:${action}`, accessKeyId, region);
    try {
      if (fault !== undefined) throw faultError(fault, 'Throttling', 'InternalFailure');
      if (!v2 && params.get('Version') !== ELB_VERSION) throw new ServiceError('InvalidParameterValue', `Version must be ${ELB_VERSION} or ${ELBV2_VERSION}`);
      const refusal = this.accounts.refusal(accessKeyId, securityToken, `elasticloadbalancing:${action}`);
      if (refusal !== undefined) throw new ServiceError(refusal.kind === 'token' ? 'InvalidClientTokenId' : 'AccessDenied', refusal.message, 403);
      const state = this.accounts.stateFor(accessKeyId);
      // A Region not enabled for the account answers no call. AWS does not document the error; Query-protocol
      // services are reported answering this one (epsagon/clear-lambda-storage#9, remotion-dev/github-unwrapped-2022#34).
      if (!state.regions.usable(region)) throw new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
      const consumers = state.consumers;
      // An ARN IAM holds, unless IAM has not made a fresh upload visible to ELB yet (IamPropagation).
      const exists = (arn: string): boolean => state.certificates.list().some((certificate) => certificate.arn === arn) && !state.iamPropagation.stillUnseen(arn);
      return iamSuccess(action, v2 ? runElbv2Action(consumers, region, action, params, exists) : runElbAction(consumers, region, action, params, exists), id, namespace);
    } catch (error) {
      if (error instanceof ServiceError) return iamError(error, id, namespace);
      throw error;
    }
  }

  private answerCloudFront(
    method: string | undefined,
    url: string,
    accessKeyId: string | undefined,
    securityToken: string | undefined,
    request: { ifMatch: string | undefined; body: string },
  ): Reply {
    const id = requestId();
    const { pathname, searchParams } = new URL(url, 'http://stand-in');
    const operation = cloudFrontOperation(method, pathname);
    const fault = this.admit('cloudfront', `cloudfront:${operation ?? `${method ?? '?'} ${pathname}`}`, accessKeyId);
    try {
      if (fault !== undefined) throw faultError(fault, 'Throttling', 'InternalFailure');
      if (operation === undefined) throw new ServiceError('InvalidArgument', `The stand-in's CloudFront does not serve ${method ?? '?'} ${pathname}`, 404);
      const refusal = this.accounts.refusal(accessKeyId, securityToken, `cloudfront:${operation}`);
      if (refusal !== undefined) throw new ServiceError(refusal.kind === 'token' ? 'InvalidClientTokenId' : 'AccessDenied', refusal.message, 403);
      const state = this.accounts.stateFor(accessKeyId);
      const iam = {
        // Invisible while IAM has not made a fresh upload visible to CloudFront yet (IamPropagation).
        certificateById: (certificateId: string) => {
          const certificate = state.certificates.list().find((candidate) => candidate.id === certificateId);
          return certificate === undefined || state.iamPropagation.stillUnseen(certificateId) ? undefined : certificate;
        },
      };
      return runCloudFront(state.consumers, iam, { operation, path: pathname, query: searchParams, ...request });
    } catch (error) {
      // REST-XML errors have the Query shape: ErrorResponse/Error/Code (CloudFront API reference, "Common Errors").
      if (error instanceof ServiceError) return iamError(error, id, CLOUDFRONT_NAMESPACE);
      throw error;
    }
  }

  private answerSecurityHub(
    method: string | undefined,
    path: string,
    body: string,
    region: string,
    accessKeyId: string | undefined,
    securityToken: string | undefined,
  ): Reply {
    const operation = securityHubOperation(method, path) ?? hubOperation(method, path);
    const fault = this.admit('securityhub', operation ?? `${method ?? '?'} ${path}`, accessKeyId);
    try {
      // Security Hub's own throttling and server error codes (API reference, Common Errors).
      if (fault !== undefined && fault.kind !== 'failed-findings') throw faultError(fault, 'TooManyRequestsException', 'InternalException');
      if (operation === undefined) throw new ServiceError('InvalidAction', `The stand-in's Security Hub does not serve ${method ?? '?'} ${path}`, 404);
      const refusal = this.accounts.refusal(accessKeyId, securityToken, `securityhub:${operation}`);
      if (refusal !== undefined) throw new ServiceError(refusal.kind === 'token' ? 'UnrecognizedClientException' : 'AccessDeniedException', refusal.message, 403);
      const parsed = jsonBody(body, 'InvalidInputException');
      const account = this.accounts.stateFor(accessKeyId);
      if (operation === 'DescribeHub') return restJsonSuccess(describeHub(account.securityHub, account.accountId, region, this.startedAt));
      return restJsonSuccess(account.securityHub.run(operation, parsed, region, { refuse: refusedBy(fault), requestBytes: Buffer.byteLength(body) }));
    } catch (error) {
      // restJson1 errors: the SDK reads the code from the body's `__type` as for JSON 1.1.
      if (error instanceof ServiceError) return jsonError(error);
      throw error;
    }
  }

  private answerAccount(method: string | undefined, path: string, body: string, accessKeyId: string | undefined, securityToken: string | undefined): Reply {
    const operation = accountOperation(method, path);
    const fault = this.admit('account', `account:${operation ?? `${method ?? '?'} ${path}`}`, accessKeyId);
    try {
      // Account Management's own codes (API reference, ListRegions, Errors): TooManyRequestsException (429), InternalServerException (500).
      if (fault !== undefined) throw fault.kind === 'throttle' ? new ServiceError('TooManyRequestsException', 'Rate exceeded', 429) : faultError(fault, 'TooManyRequestsException', 'InternalServerException');
      if (operation === undefined) throw new ServiceError('ResourceNotFoundException', `The stand-in's Account Management does not serve ${method ?? '?'} ${path}`, 404);
      const refusal = this.accounts.refusal(accessKeyId, securityToken, `account:${operation}`);
      if (refusal !== undefined) throw new ServiceError(refusal.kind === 'token' ? 'UnrecognizedClientException' : 'AccessDeniedException', refusal.message, 403);
      const parsed = jsonBody(body, 'ValidationException');
      return restJsonSuccess(this.accounts.stateFor(accessKeyId).regions.listRegions(parsed));
    } catch (error) {
      // restJson1 errors: the SDK reads the code from the body's `__type` (as for Security Hub).
      if (error instanceof ServiceError) return jsonError(error);
      throw error;
    }
  }

  /** Lambda (restJson1): GetFunctionConfiguration of the caller's account's functions in the signed region (lambda-service.ts). */
  private answerLambda(method: string | undefined, path: string, region: string, accessKeyId: string | undefined, securityToken: string | undefined): Reply {
    const request = lambdaOperation(method, path);
    const fault = this.admit('lambda', `lambda:${request?.operation ?? `${method ?? '?'} ${path}`}`, accessKeyId);
    try {
      // Lambda's own codes (API reference, GetFunctionConfiguration Errors): TooManyRequestsException (429), ServiceException (500).
      if (fault !== undefined) throw fault.kind === 'throttle' ? new ServiceError('TooManyRequestsException', 'Rate exceeded', 429) : faultError(fault, 'TooManyRequestsException', 'ServiceException');
      if (request === undefined) throw new ServiceError('ResourceNotFoundException', `The stand-in's Lambda does not serve ${method ?? '?'} ${path}`, 404);
      const refusal = this.accounts.refusal(accessKeyId, securityToken, `lambda:${request.operation}`);
      if (refusal !== undefined) throw new ServiceError(refusal.kind === 'token' ? 'UnrecognizedClientException' : 'AccessDeniedException', refusal.message, 403);
      const state = this.accounts.stateFor(accessKeyId);
      return restJsonSuccess(state.lambdaFunctions.configuration(state.accountId, region, request.functionName));
    } catch (error) {
      if (error instanceof ServiceError) return jsonError(error);
      throw error;
    }
  }

  private answerScheduler(method: string | undefined, path: string, query: URLSearchParams, body: string, accessKeyId: string | undefined, securityToken: string | undefined): Reply {
    const request = schedulerOperation(method, path);
    const fault = this.admit('scheduler', `scheduler:${request?.operation ?? `${method ?? '?'} ${path}`}`, accessKeyId);
    try {
      // Scheduler's own codes (API reference, Common Errors): ThrottlingException (429), InternalServerException (500).
      if (fault !== undefined) throw fault.kind === 'throttle' ? new ServiceError('ThrottlingException', 'Rate exceeded', 429) : faultError(fault, 'ThrottlingException', 'InternalServerException');
      if (request === undefined) throw new ServiceError('ResourceNotFoundException', `The stand-in's Scheduler does not serve ${method ?? '?'} ${path}`, 404);
      const refusal = this.accounts.refusal(accessKeyId, securityToken, `scheduler:${request.operation}`);
      if (refusal !== undefined) throw new ServiceError(refusal.kind === 'token' ? 'UnrecognizedClientException' : 'AccessDeniedException', refusal.message, 403);
      const parsed = jsonBody(body, 'ValidationException');
      // Writing a schedule hands Scheduler its role: the caller's iam:PassRole on it (scheduler-roles.ts).
      const passRole = request.operation === 'CreateSchedule' || request.operation === 'UpdateSchedule' ? this.accounts.refusal(accessKeyId, securityToken, 'iam:PassRole') : undefined;
      if (passRole !== undefined) {
        const role = String((parsed['Target'] as Record<string, unknown> | undefined)?.['RoleArn']);
        throw new ServiceError(passRole.kind === 'token' ? 'UnrecognizedClientException' : 'AccessDeniedException', passRole.message.replace('perform: iam:PassRole', `perform: iam:PassRole on resource: ${role}`), 403);
      }
      const accountId = this.accounts.stateFor(accessKeyId).accountId;
      return restJsonSuccess(this.scheduler.run(accountId, request.operation, request.name, query, parsed));
    } catch (error) {
      // restJson1 errors: the SDK reads the code from the body's `__type` (as for Security Hub).
      if (error instanceof ServiceError) return jsonError(error);
      throw error;
    }
  }

  private answerAcm(target: string, body: string, region: string, accessKeyId: string | undefined, securityToken: string | undefined): Reply {
    const operation = target.slice('CertificateManager.'.length);
    return this.answerJson({ service: 'acm', operation, recordedAs: operation, throttling: 'ThrottlingException', serverError: 'InternalFailure' }, body, accessKeyId, securityToken, (state, parsed) =>
      state.acm.run(operation, parsed, region),
    );
  }

  /** CloudWatch Logs (JSON 1.1, `Logs_20140328.*`): FilterLogEvents over the caller's account's log groups in the signed region. */
  private answerLogs(operation: string, body: string, region: string, accessKeyId: string | undefined, securityToken: string | undefined): Reply {
    // CloudWatch Logs' throttling and server error codes (API reference, Common Errors; FilterLogEvents Errors).
    const service = { service: 'logs', operation, recordedAs: `logs:${operation}`, throttling: 'ThrottlingException', serverError: 'ServiceUnavailableException' } as const;
    return this.answerJson(service, body, accessKeyId, securityToken, (state, parsed) => {
      const answer = state.logs.run(operation, parsed, region);
      if (answer === undefined) throw new ServiceError('UnknownOperationException', `Operation ${operation} is not supported by the stand-in`);
      return answer;
    });
  }

  /**
   * A JSON 1.1 service other than Config (ACM, CloudWatch Logs, AWS
   * Organizations): counts the call, answers an injected fault with the
   * service's own codes, refuses what the account denies
   * (`<service>:<operation>`), and answers a body it cannot read with
   * `SerializationException`, as JSON 1.1 services do. `error` shapes the
   * error body (Organizations' has `Message` and a `Reason`).
   */
  private answerJson(
    call: {
      readonly service: 'acm' | 'logs' | 'organizations';
      readonly operation: string;
      readonly recordedAs: string;
      readonly throttling: string;
      readonly serverError: string;
      readonly error?: (error: ServiceError) => Reply;
    },
    body: string,
    accessKeyId: string | undefined,
    securityToken: string | undefined,
    run: (state: StandInState, parsed: JsonBody) => unknown,
  ): Reply {
    const fault = this.admit(call.service, call.recordedAs, accessKeyId);
    try {
      if (fault !== undefined) throw faultError(fault, call.throttling, call.serverError);
      const refusal = this.accounts.refusal(accessKeyId, securityToken, `${call.service}:${call.operation}`);
      if (refusal !== undefined) throw new ServiceError(refusal.kind === 'token' ? 'UnrecognizedClientException' : 'AccessDeniedException', refusal.message);
      return jsonSuccess(run(this.accounts.stateFor(accessKeyId), jsonBody(body)));
    } catch (error) {
      if (error instanceof ServiceError) return (call.error ?? jsonError)(error);
      throw error;
    }
  }

  private answerOrganizations(operation: string, body: string, accessKeyId: string | undefined, securityToken: string | undefined): Reply {
    // Organizations' own throttling and server error codes (API reference, Common Errors: TooManyRequestsException, ServiceException).
    const service = { service: 'organizations', operation, recordedAs: operation, throttling: 'TooManyRequestsException', serverError: 'ServiceException', error: organizationsError } as const;
    return this.answerJson(service, body, accessKeyId, securityToken, (state, parsed) => this.organizations.run(operation, parsed, state.accountId));
  }

  private answerEventBridge(operation: string, body: string, region: string, accessKeyId: string | undefined, securityToken: string | undefined): Reply {
    const fault = this.admit('events', operation, accessKeyId, region);
    try {
      // EventBridge's own codes (API reference, Common Errors: ThrottlingException 400; PutEvents Errors: InternalException 500).
      if (fault !== undefined && fault.kind !== 'failed-entries') throw faultError(fault, 'ThrottlingException', 'InternalException');
      const refusal = this.accounts.refusal(accessKeyId, securityToken, `events:${operation}`);
      if (refusal !== undefined) throw new ServiceError(refusal.kind === 'token' ? 'UnrecognizedClientException' : 'AccessDeniedException', refusal.message);
      const callerAccountId = this.accounts.stateFor(accessKeyId).accountId;
      return jsonSuccess(this.eventBuses.run(operation, jsonBody(body), { callerAccountId, region, fail: refusedBy(fault) }));
    } catch (error) {
      if (error instanceof ServiceError) return jsonError(error);
      throw error;
    }
  }

  private answerConfig(target: string, body: string, region: string, accessKeyId: string | undefined, securityToken: string | undefined): Reply {
    const operation = CONFIG_TARGET.exec(target)?.[1] ?? target;
    const fault = this.admit('config', operation, accessKeyId);
    try {
      if (fault !== undefined && fault.kind !== 'failed-evaluations') throw faultError(fault, 'ThrottlingException', 'InternalFailure');
      let parsed: unknown;
      try {
        parsed = JSON.parse(body === '' ? '{}' : body);
      } catch {
        throw new ServiceError('SerializationException', 'Request body is not valid JSON');
      }
      const refuse = refusedBy(fault);
      const refusal = this.accounts.refusal(accessKeyId, securityToken, `config:${operation}`);
      if (refusal !== undefined) throw new ServiceError(refusal.kind === 'token' ? 'UnrecognizedClientException' : 'AccessDeniedException', refusal.message);
      if (operation === 'StartConfigRulesEvaluation') return jsonSuccess(this.ruleEvaluations.start(this.accounts.stateFor(accessKeyId), parsed as JsonBody));
      return jsonSuccess(runConfigOperation(this.accounts.stateFor(accessKeyId), operation, parsed as JsonBody, { refuse, refuseEmpty: this.refuseEmptyEvaluations }, region));
    } catch (error) {
      if (error instanceof ServiceError) return jsonError(error);
      throw error;
    }
  }

  /** The answer fault of the next call of `operation`; keeps its transport fault for serve(). */
  private matchFaults(operation: string, region?: string): FaultSpec | undefined {
    const call = { operation, callNumber: this.calls.countOf(operation) + 1, attempt: this.exchange.attempt, ...(region === undefined ? {} : { region }) };
    this.exchange.transport = this.faults.matchTransport(call);
    return this.faults.match(call);
  }

  /** Counts the call and returns the fault injected into it, if any. */
  private admit(service: RecordedCall['service'], operation: string, accessKeyId: string | undefined, region?: string): FaultSpec | undefined {
    const fault = this.matchFaults(operation, region);
    this.calls.record({
      service,
      operation,
      accessKeyId,
      accountId: this.accounts.stateFor(accessKeyId).accountId,
      fault: (fault ?? this.exchange.transport)?.kind,
      ...(region === undefined ? {} : { region }),
      ...(this.exchange.signedRegion === undefined ? {} : { signedRegion: this.exchange.signedRegion }),
    });
    return fault;
  }
}

/** The service's own codes: IAM `Throttling` / `ServiceFailure`, Config `ThrottlingException` / `InternalFailure`. */
function faultError(fault: FaultSpec, throttlingCode: string, serverErrorCode: string): ServiceError {
  if (fault.kind === 'throttle') return new ServiceError(throttlingCode, 'Rate exceeded', 400);
  return new ServiceError(serverErrorCode, 'The request processing has failed because of an unknown error (injected by the stand-in).', 500);
}

/**
 * A JSON request body; one that does not parse is `invalidCode`: the JSON 1.1
 * protocol's SerializationException, as Config, ACM and Organizations answer
 * it, or a restJson1 service's own (Security Hub InvalidInputException,
 * Account Management and Scheduler ValidationException).
 */
function jsonBody(body: string, invalidCode = 'SerializationException'): JsonBody {
  try {
    return JSON.parse(body === '' ? '{}' : body) as JsonBody;
  } catch {
    throw new ServiceError(invalidCode, 'Request body is not valid JSON');
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
