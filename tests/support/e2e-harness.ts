import {
  DeleteServerCertificateCommand,
  IAMClient,
  UploadServerCertificateCommand,
  type ServerCertificateMetadata,
} from '@aws-sdk/client-iam';
import { existsSync, readFileSync } from 'node:fs';
import { BUILD_ERROR_PATH } from './bundle/build-error';
import { HandlerError, startHandlerProcess, type BundledRunSummary, type HandlerProcess, type InvocationContextData } from './bundle/handler-process';
import { asLambdaStartsIt } from './bundle/lambda-runtime';
import { certificateEnding } from './certificates';
import { StandIn, type StandInOptions } from './stand-in/stand-in';

/** What an end-to-end test file works with. */
export interface E2eContext {
  readonly standIn: StandIn;
  /**
   * Invokes the bundled handler (`dist/handler.js`), running in its own process
   * and wired to the stand-in; `context` carries e.g. the function ARN that
   * tells the handler its own account.
   */
  readonly handler: (event: unknown, context?: InvocationContextData) => Promise<BundledRunSummary>;
  /** An SDK IAM client on the stand-in, for arranging certificates the real way. */
  readonly iam: IAMClient;
  /**
   * The runs the stand-in's Config made of the bundled handler (periodic
   * triggers and on-demand evaluations, `standIn.runPeriodicEvaluation`,
   * schedules firing), in order, with what each returned or threw; emptied
   * before each test.
   */
  readonly ruleRuns: () => readonly RuleRun[];
}

/** One run of the bundled handler by the stand-in's Config. */
export interface RuleRun {
  readonly ruleName: string;
  readonly event: Record<string, unknown>;
  /** The stand-in's clock when the run started. */
  readonly startedAt: Date;
  readonly summary?: BundledRunSummary;
  readonly error?: Error;
}

/**
 * Starts a stand-in and the bundled handler in a child process wired to it
 * before the file's tests; resets the stand-in before each test. `handler`
 * returns (or throws) only when its run is over: every request it started
 * answered or given up, and every one it sent recorded by the stand-in
 * (handler-runner.cjs, `StandIn.whenAnswered`), so no call of one test's run
 * lands in the next test after the reset.
 * `extraEnvironment` goes to the handler process only (e.g. `AWS_MAX_ATTEMPTS`).
 */
export function useStandIn(extraEnvironment: Record<string, string> = {}, options: StandInOptions = {}): () => E2eContext {
  let context: E2eContext | undefined;
  let handlerProcess: HandlerProcess | undefined;
  beforeAll(async () => {
    if (existsSync(BUILD_ERROR_PATH)) {
      throw new Error(`Building dist/handler.js failed in jest's global setup:\n${readFileSync(BUILD_ERROR_PATH, 'utf8')}`);
    }
    const standIn = await StandIn.start(options);
    Object.assign(process.env, standIn.environment());
    // Started as Lambda starts the deployed function: through its runtime wrapper, with the runtime's flags.
    const lambda = asLambdaStartsIt();
    handlerProcess = await startHandlerProcess({ ...lambda.environment, ...standIn.environment(), ...extraEnvironment }, lambda.options);
    const running = handlerProcess;
    // One way in for the test's invocations and Config's alike: over only when every request is answered, and recorded as Config and Lambda keep it.
    const handler = async (event: unknown, invocation?: InvocationContextData): Promise<BundledRunSummary> => {
      const at = standIn.clock.now();
      try {
        const { summary, output } = await invokeToTheEnd(running, standIn, event, invocation);
        recordInvocation(standIn, event, invocation, at, output);
        return summary;
      } catch (error) {
        if (error instanceof HandlerError) recordInvocation(standIn, event, invocation, at, error.output, error);
        throw error;
      }
    };
    const runs: RuleRun[] = [];
    // Config invokes the function of the account the rule is in, with the stand-in's clock.
    standIn.onRuleInvocation(async ({ accountId, ruleName, event }) => {
      const startedAt = standIn.clock.now();
      const invocation = { invokedFunctionArn: `arn:aws:lambda:us-east-1:${accountId}:function:rule`, clockOffsetMs: standIn.clock.offsetMs };
      try {
        runs.push({ ruleName, event, startedAt, summary: await handler(event, invocation) });
      } catch (error) {
        runs.push({ ruleName, event, startedAt, error: error as Error });
        throw error;
      }
    });
    context = { standIn, handler, iam: new IAMClient({}), ruleRuns: () => runs };
  });
  beforeEach(() => {
    context?.standIn.reset(options.recordCertificates ?? true);
    (context?.ruleRuns() as RuleRun[] | undefined)?.splice(0);
  });
  afterAll(async () => {
    context?.iam.destroy();
    await handlerProcess?.stop();
    await context?.standIn.stop();
  });
  return () => {
    if (context === undefined) throw new Error('useStandIn: the stand-in is not started yet');
    return context;
  };
}

/**
 * Invokes the bundled handler and returns (or throws its error) only when the
 * run is over: the handler's process has seen every request of the run
 * answered or given up, and the stand-in has answered, so recorded, every one
 * the run sent. The next test's `reset()` can then not be overtaken by a call
 * of this run still on its way (a read cancelled when another failed).
 */
export async function invokeToTheEnd(
  running: HandlerProcess,
  standIn: StandIn,
  event: unknown,
  invocation?: InvocationContextData,
): Promise<{ summary: BundledRunSummary; output: string[] }> {
  try {
    const { summary, output, requests } = await running.invokeMeasured(event, invocation);
    await standIn.whenAnswered(requests);
    return { summary, output };
  } catch (error) {
    if (error instanceof HandlerError) await standIn.whenAnswered(error.requests);
    throw error;
  }
}

/**
 * What Config and Lambda keep of one invocation the test made as Config
 * would: the rule's invocation status in the event's account (a failure with
 * the handler's error name and message; the stand-in's Config records the
 * successful evaluation itself, from PutEvaluations), and what the function
 * printed, in its log group `/aws/lambda/<function>` of the function's
 * account (known from `invokedFunctionArn`). Lambda invokes a Config rule's
 * function asynchronously, so how Config itself sees a function that throws is
 * not documented: this records it as a failed invocation, which doctor reads.
 */
function recordInvocation(standIn: StandIn, event: unknown, invocation: InvocationContextData | undefined, at: Date, output: readonly string[], error?: HandlerError): void {
  const fields = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  if (typeof fields['configRuleName'] === 'string' && typeof fields['accountId'] === 'string') {
    standIn.account(fields['accountId']).configRules.recordInvocation(fields['configRuleName'], at, error === undefined ? undefined : { code: error.name, message: error.message });
  }
  const functionArn = /^arn:[\w-]+:lambda:([\w-]+):(\d{12}):function:([\w-]+)/.exec(invocation?.invokedFunctionArn ?? '');
  if (functionArn === null) return;
  const [, region = 'us-east-1', account = '', name = ''] = functionArn;
  standIn.account(account).logs.put(region, `/aws/lambda/${name}`, output.map((message) => ({ at, message: message.trimEnd() })));
}

/** Uploads a real certificate ending `daysLeft` days after `now` through the SDK. */
export async function uploadCertificate(iam: IAMClient, name: string, now: Date, daysLeft: number): Promise<ServerCertificateMetadata> {
  const certificate = await certificateEnding(name, now, daysLeft);
  const response = await iam.send(
    new UploadServerCertificateCommand({
      ServerCertificateName: name,
      CertificateBody: certificate.certificatePem,
      PrivateKey: certificate.privateKeyPem,
    }),
  );
  if (response.ServerCertificateMetadata === undefined) throw new Error(`upload of ${name} returned no metadata`);
  return response.ServerCertificateMetadata;
}

/** Deletes a certificate through the SDK. */
export async function deleteCertificate(iam: IAMClient, name: string): Promise<void> {
  await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: name }));
}

/** The four certificates most tests use: name → days left at `now`. */
export const STANDARD_CERTIFICATES: Readonly<Record<string, number>> = {
  'expired-10-days-ago': -10,
  'expires-in-5-days': 5,
  'expires-in-20-days': 20,
  'valid-for-a-year': 365,
};

/**
 * Uploads {@link STANDARD_CERTIFICATES}; returns name → the resource id
 * Config's recorder gave each (the name, or `ASCA…` with that option).
 */
export async function uploadStandardCertificates(iam: IAMClient, now: Date, standIn: StandIn): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [name, days] of Object.entries(STANDARD_CERTIFICATES)) {
    await uploadCertificate(iam, name, now, days);
    ids.set(name, standIn.configIdOf(name) ?? '');
  }
  return ids;
}

/** resourceId → complianceType of what the stand-in stored for `ruleName`. */
export function verdicts(standIn: StandIn, ruleName: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const evaluation of standIn.evaluations(ruleName)) result[evaluation.resourceId] = evaluation.complianceType;
  return result;
}
