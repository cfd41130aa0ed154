import { DeleteServerCertificateCommand, IAMClient } from '@aws-sdk/client-iam';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { awsServices } from '../../../src/cli/cli-dependencies';
import { printable } from '../../../src/cli/terminal-text';
import { runCli } from '../../../src/cli/run-cli';
import { startHandlerProcess, type BundledRunSummary, type HandlerProcess } from '../../support/bundle/handler-process';
import { asLambdaStartsIt } from '../../support/bundle/lambda-runtime';
import { invokeToTheEnd } from '../../support/e2e-harness';
import { ACCOUNT_ID, changeEvent } from '../../support/events';
import { scheduleGroupArn } from '../../support/stand-in/scheduler-roles';
import { StandIn } from '../../support/stand-in/stand-in';
import { WARNING_RULE_SCHEDULE_OFFSET_MS } from '../../../src/core/evaluation-schedule';
import {
  CERTIFICATES,
  DELETED,
  DEMO_DEPLOY_PARAMS,
  DEMO_SCHEDULER_ROLE,
  EXCEPTION,
  EXPIRING_SOON,
  LOAD_BALANCER,
  REMINDED,
  seedDemoAccount,
  STRICT,
  WARNING,
  type SeededAccount,
} from './demo-account';
import { commandLines, count, eventLines, heading, jsonLines, verdictTable, wrap, type VerdictRow } from './demo-text';
import { deployedRules, type DeployedRule } from './deployed-rules';
import { nextSteps } from './next-steps';

/** What the demo needs from its caller. */
export interface DemoOptions {
  /** Prints one line (at most 120 columns). */
  readonly print: (line: string) => void;
  /** Where `report --html` writes the demo account's report. */
  readonly htmlReport: string;
  /** The bundled handler to run; `dist/handler.js` by default. */
  readonly bundlePath?: string;
}

/** One run of the bundled handler by the stand-in's Config. */
interface RuleRun {
  readonly ruleName: string;
  readonly startedAt: Date;
  readonly summary?: BundledRunSummary;
  readonly error?: Error;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far past a schedule's at() instant the demo moves the clock: Scheduler's minute, Config's delay, a retry. */
const AFTER_CROSSING_MS = 5 * MINUTE_MS;
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:iam-cert-expiry-prod-us-east-1-rule`;
const DEFAULT_BUS = `arn:aws:events:us-east-1:${ACCOUNT_ID}:event-bus/default`;

/**
 * The demo end to end against the local stand-in: deploys both rules as
 * `serverless.yml` would with {@link DEMO_DEPLOY_PARAMS}, seeds a handful of
 * real certificates, lets the stand-in's Config run the bundled handler, and
 * prints what each part of the product did, checking each result against
 * what it must be. Returns the differences found: empty when every verdict is
 * right. Throws when something fails outright.
 */
export async function runDemo(options: DemoOptions): Promise<string[]> {
  const standIn = await StandIn.start();
  Object.assign(process.env, standIn.environment());
  const iam = new IAMClient({});
  let handler: HandlerProcess | undefined;
  try {
    const lambda = asLambdaStartsIt();
    handler = await startHandlerProcess({ ...lambda.environment, ...standIn.environment() }, { ...lambda.options, ...(options.bundlePath === undefined ? {} : { bundlePath: options.bundlePath }) });
    const demo = new Demo(standIn, handler, iam, options);
    await demo.run();
    return demo.failures;
  } finally {
    iam.destroy();
    await handler?.stop();
    await standIn.stop();
  }
}

/** The demo's steps, each printing its part and checking what it must. */
class Demo {
  public readonly failures: string[] = [];
  private readonly runs: RuleRun[] = [];
  private readonly rules: readonly DeployedRule[];
  private account: SeededAccount | undefined;

  public constructor(
    private readonly standIn: StandIn,
    private readonly handler: HandlerProcess,
    private readonly iam: IAMClient,
    private readonly options: DemoOptions,
  ) {
    this.rules = deployedRules(DEMO_DEPLOY_PARAMS, DEMO_SCHEDULER_ROLE);
    // Config invokes the function of the rule's account, at the stand-in's clock (as tests/support/e2e-harness.ts does).
    standIn.onRuleInvocation(async ({ ruleName, event }) => {
      const startedAt = standIn.clock.now();
      try {
        const { summary } = await invokeToTheEnd(handler, standIn, event, { invokedFunctionArn: FUNCTION_ARN, clockOffsetMs: standIn.clock.offsetMs });
        this.runs.push({ ruleName, startedAt, summary });
      } catch (error) {
        this.runs.push({ ruleName, startedAt, error: error as Error });
        throw error;
      }
    });
  }

  public async run(): Promise<void> {
    this.print(...wrap(`Stand-in for IAM, Config, EventBridge, Scheduler, ELB and CloudFront on ${this.standIn.url}: the AWS SDK's own clients, no AWS account.`));
    this.deploy();
    this.account = await seedDemoAccount(this.standIn, this.iam, this.standIn.clock.now());
    this.print(...wrap(`Uploaded ${count(CERTIFICATES.length, 'real X.509 certificate')} (UploadServerCertificate); ${LOAD_BALANCER.name}:${LOAD_BALANCER.port} (Classic ELB) serves ${EXCEPTION.certificate}.`));
    await this.periodicRuns();
    this.exception();
    this.reminder();
    await this.crossing();
    await this.report();
    await this.retire();
    await this.deletion();
    this.print('');
    if (this.failures.length === 0) this.print('Every verdict, event, schedule and command result above is what the product must give (checked by the demo).');
    this.print(...nextSteps());
  }

  /** The two rules in the stand-in's Config, with the InputParameters serverless.yml gives them. */
  private deploy(): void {
    const flags = Object.entries(DEMO_DEPLOY_PARAMS).map(([name, value]) => `--param="${name}=${value}"`);
    this.print(...wrap(`Rules deployed as serverless.yml does with ${flags.join(' ')}; their InputParameters:`));
    const width = Math.max(...this.rules.map((rule) => rule.name.length));
    const arns: string[] = [];
    for (const rule of this.rules) {
      arns.push(this.standIn.defineConfigRule({ name: rule.name, inputParameters: rule.inputParameters }));
      this.print(...jsonLines(JSON.parse(rule.inputParameters), `  ${rule.name.padEnd(width)}  `, ' '.repeat(width + 4)));
    }
    // The scheduler role as serverless.yml makes it: this account's Scheduler, the default group, the two rules.
    this.standIn.scheduler.roles.define(ACCOUNT_ID, DEMO_SCHEDULER_ROLE, { sourceAccount: ACCOUNT_ID, sourceArn: scheduleGroupArn(ACCOUNT_ID, 'default'), startEvaluationOn: arns });
    for (const rule of [STRICT, WARNING]) {
      this.check(this.parameters(rule.name)['daysToExpiration'] === String(rule.windowDays), `serverless.yml deploys no ${rule.name} with daysToExpiration ${rule.windowDays}`);
    }
  }

  /** 1. Config's periodic run of both rules, and what it received. */
  private async periodicRuns(): Promise<void> {
    for (const rule of [STRICT, WARNING]) await this.standIn.runPeriodicEvaluation(rule.name);
    this.checkRuns(this.runs, 'the periodic runs');
    this.print(...heading(`1. Config's periodic run of both rules: what AWS Config received`));
    this.print(...wrap(`${STRICT.label}: ${STRICT.name} (Security Hub IAM.26); ${WARNING.label}: ${WARNING.name} (${WARNING.windowDays}-day window)`, '  '));
    this.print(...verdictTable([STRICT.label, WARNING.label], CERTIFICATES.map((spec) => this.row(spec.name))));
    for (const spec of CERTIFICATES) {
      this.expectVerdict(STRICT.name, spec.name, spec.strict);
      this.expectVerdict(WARNING.name, spec.name, spec.warning);
    }
  }

  /** 2. The exception tag: passed by the expiring rule, named but never honoured by the expired rule. */
  private exception(): void {
    const value = this.seeded.exceptionValue;
    const lastDay = value.slice(0, 10);
    const maxExceptionDays = String(this.parameters(WARNING.name)['maxExceptionDays'] ?? '(not set)');
    this.print(...heading(`2. One exception: ${EXCEPTION.certificate} is tagged ${EXCEPTION.key} = "${value}" (tagOverrides)`));
    this.print(
      ...wrap(
        `The ${WARNING.label} reports it COMPLIANT through ${lastDay}, naming the exception; the ${STRICT.label} keeps it NON_COMPLIANT: no tag waives IAM.26 (annotations above). ` +
          `An exception ending more than maxExceptionDays (${maxExceptionDays}) ahead is ignored.`,
        '  ',
      ),
    );
    this.check(this.annotation(WARNING.name, EXCEPTION.certificate).includes(`exception through ${lastDay}: ${EXCEPTION.reason}`), `the ${WARNING.name} annotation of ${EXCEPTION.certificate} does not name the exception`);
    this.check(this.annotation(STRICT.name, EXCEPTION.certificate).includes(`(${EXCEPTION.reason}) does not waive IAM.26`), `the ${STRICT.name} annotation of ${EXCEPTION.certificate} does not refuse the exception`);
  }

  /** 3. One expiry event, as the account's default bus received it. */
  private reminder(): void {
    const events = this.standIn.busEvents(DEFAULT_BUS);
    const summary = this.runs.find((run) => run.ruleName === WARNING.name)?.summary?.['expiryEvents'] as { put?: number } | undefined;
    const expected = CERTIFICATES.filter((spec) => spec.msLeft <= WARNING.windowDays * DAY_MS).length;
    this.print(
      ...heading(
        `3. The reminders (expiryEvents): the ${WARNING.label}'s run put ${count(events.length, 'event')} on the account's default event bus, ` +
          `one per expired or expiring certificate, every periodic run; ${REMINDED}'s, as the bus received it:`,
      ),
    );
    const event = events.find((candidate) => (candidate.detail as Record<string, unknown> | undefined)?.['ServerCertificateName'] === REMINDED);
    if (event !== undefined) this.print(...eventLines({ detailType: event['detail-type'], source: event.source, detail: event.detail }));
    this.check(events.length === expected && summary?.put === expected, `${expected} expiry events expected on ${DEFAULT_BUS}, found ${events.length} (the run says ${summary?.put ?? 'none'})`);
    this.check(event?.['detail-type'] === 'IAM Server Certificate Approaching Expiration', `no "Approaching Expiration" event for ${REMINDED}`);
  }

  /** 4. The schedule each rule kept (evaluateAtExpiry), and the verdict flipping once the clock passes it. */
  private async crossing(): Promise<void> {
    // An at() names whole seconds, rounded up: the verdict has changed when it fires.
    const at = new Date(Math.ceil(this.expiry(EXPIRING_SOON).getTime() / 1000) * 1000);
    // The warning rule's schedule fires WARNING_RULE_SCHEDULE_OFFSET_MS later: never in the strict rule's minute.
    const firesAt = (rule: typeof STRICT | typeof WARNING): Date => new Date(at.getTime() + (rule === STRICT ? 0 : WARNING_RULE_SCHEDULE_OFFSET_MS));
    const expressionOf = (rule: typeof STRICT | typeof WARNING): string => `at(${firesAt(rule).toISOString().slice(0, 19)})`;
    const schedules = this.standIn.scheduler.list();
    this.print(...heading(`4. The next crossing (evaluateAtExpiry): the one-time EventBridge Scheduler schedule each rule's run kept`));
    for (const schedule of schedules) {
      const rule = [STRICT, WARNING].find((candidate) => String((schedule['Target'] as { Input?: string } | undefined)?.Input).includes(`"${candidate.name}"`));
      const crossing = this.crossingAt(String(schedule['ScheduleExpression']));
      // A schedule name is at most 64 characters (MAX_SCHEDULE_NAME_LENGTH), an at() 23: one line of at most 96.
      this.print(printable(`  ${String(schedule['Name'])}  ${String(schedule['ScheduleExpression'])} ${String(schedule['ScheduleExpressionTimezone'])}`));
      this.print(...wrap(`${crossing}: ${rule === undefined ? '?' : this.change(rule, crossing)}`, '      '));
    }
    this.print(...wrap(`Each starts an evaluation of its rule (StartConfigRulesEvaluation), then deletes itself.`, '  '));
    this.check(
      schedules.length === 2 && [STRICT, WARNING].every((rule) => schedules.some((schedule) => String(schedule['Name']).startsWith(rule.name) && schedule['ScheduleExpression'] === expressionOf(rule))),
      `the rules should schedule ${expressionOf(STRICT)} and ${expressionOf(WARNING)} (${EXPIRING_SOON}'s expiry, the warning rule 3 minutes later), found ${schedules.map((schedule) => String(schedule['ScheduleExpression'])).join(', ') || 'none'}`,
    );

    const before = [STRICT, WARNING].map((rule) => this.verdict(rule.name, EXPIRING_SOON) ?? '(nothing)');
    const runsBefore = this.runs.length;
    await this.standIn.clock.advanceTo(new Date(at.getTime() + AFTER_CROSSING_MS));
    const scheduled = this.runs.slice(runsBefore);
    this.checkRuns(scheduled, 'the scheduled runs');
    const started = scheduled.map((run) => `the ${[STRICT, WARNING].find((rule) => rule.name === run.ruleName)?.label ?? run.ruleName} ${duration(run.startedAt.getTime() - at.getTime())}`);
    this.print(
      ...wrap(
        `The stand-in's clock jumps to ${duration(AFTER_CROSSING_MS)} past it: Scheduler fired both, Config ran ${started.join(' and ')} after the expiry ` +
          `(modelled: Scheduler 30 s into its minute, Config 15 s later; the warning rule's schedule 3 minutes after the strict rule's, so the two never start in the same minute). What Config holds now:`,
        '  ',
      ),
    );
    this.print(...verdictTable([STRICT.label, WARNING.label], [this.row(EXPIRING_SOON)]));
    const after = [STRICT, WARNING].map((rule) => this.verdict(rule.name, EXPIRING_SOON) ?? '(nothing)');
    const next = [...new Set(this.standIn.scheduler.list().map((schedule) => `${String(schedule['ScheduleExpression'])} UTC, ${this.crossingAt(String(schedule['ScheduleExpression']))}`))];
    this.print(...wrap(`${EXPIRING_SOON}: ${STRICT.label} ${before[0]} → ${after[0]}, ${WARNING.label} ${before[1]} → ${after[1]}. The scheduled runs kept the next schedules: ${next.join('; ') || 'none'}.`, '  '));
    this.check(
      scheduled.length === 2 && scheduled.every((run) => run.startedAt.getTime() - firesAt(run.ruleName === STRICT.name ? STRICT : WARNING).getTime() < 2 * MINUTE_MS),
      `both rules should run within 2 minutes of their schedule at ${EXPIRING_SOON}'s expiry: ${started.join(', ') || 'no run'}`,
    );
    this.check(before[0] === 'COMPLIANT' && after[0] === 'NON_COMPLIANT', `${STRICT.name} should flip ${EXPIRING_SOON} COMPLIANT → NON_COMPLIANT at its expiry, went ${before[0]} → ${after[0]}`);
    this.check(after[1] === 'NON_COMPLIANT' && /^Expired /.test(this.annotation(WARNING.name, EXPIRING_SOON)), `${WARNING.name} should say ${EXPIRING_SOON} has expired`);
  }

  /** 5. `iam-cert-expiry report` with its text table and usage scope, and the HTML report. */
  private async report(): Promise<void> {
    const argv = ['report', '--days', String(WARNING.windowDays), '--html', this.options.htmlReport];
    this.print(...heading(`5. The command line, run in-process against the stand-in: every certificate, who uses it, where usage was checked`));
    mkdirSync(dirname(this.options.htmlReport), { recursive: true });
    const { code, stdout, stderr } = await this.cli(argv);
    this.print(...commandLines(['iam-cert-expiry', ...argv], stdout));
    this.print(`(exit ${code}: an expired certificate is still stored; progress went to stderr)`);
    this.print(...wrap(`HTML report (counts, expiry timeline, exceptions, sortable table): ${this.options.htmlReport}`));
    this.check(code === 2, `report exited ${code}, not 2 (an expired certificate is stored): ${stderr.trim()}`);
    this.check(stdout.includes('Usage checked in every region enabled for the account'), 'report does not say where usage was checked');
    this.check(stdout.includes(`in use by elb ${LOAD_BALANCER.name}:${LOAD_BALANCER.port}`), `report does not show ${EXCEPTION.certificate} in use`);
    const html = readFileSync(this.options.htmlReport, 'utf8');
    const now = this.standIn.clock.now().getTime();
    for (const spec of CERTIFICATES) {
      const msLeft = this.expiry(spec.name).getTime() - now;
      const state = msLeft <= 0 ? 'expired' : msLeft <= WARNING.windowDays * DAY_MS ? 'expiring' : 'valid';
      const row = new RegExp(`<tr class="state-${state}" data-state="${state}"><td[^>]*>[^<]*</td><td[^>]*>[^<]*</td><td class="name" data-value="${spec.name}">`);
      this.check(row.test(html), `the HTML report does not show ${spec.name} as ${state}`);
    }
  }

  /** 6. `iam-cert-expiry retire`, a dry run: what it would delete, and what it keeps and why. */
  private async retire(): Promise<void> {
    const argv = ['retire'];
    this.print('');
    const { code, stdout, stderr } = await this.cli(argv);
    this.print(...commandLines(['iam-cert-expiry', ...argv], stdout));
    this.print(...wrap(`(exit ${code}: a dry run, nothing deleted; --yes --audit-log FILE deletes what it lists as would-delete)`));
    this.check(code === 0, `retire exited ${code}: ${stderr.trim()}`);
    this.check(new RegExp(`^would-delete ${DELETED}: expired `, 'm').test(stdout), `retire does not propose to delete ${DELETED}`);
    this.check(new RegExp(`^kept ${EXCEPTION.certificate}: expired .* in use by elb ${LOAD_BALANCER.name}:${LOAD_BALANCER.port}$`, 'm').test(stdout), `retire does not keep ${EXCEPTION.certificate}, which is in use`);
  }

  /** 7. A deletion: Config's ResourceDeleted change notification, NOT_APPLICABLE in both rules. */
  private async deletion(): Promise<void> {
    await this.iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: DELETED }));
    for (const rule of this.rules) {
      const event = changeEvent(rule.name, this.standIn.resultTokenFor(rule.name), rule.inputParameters, {
        resourceId: this.standIn.configIdOf(DELETED) ?? DELETED,
        name: DELETED,
        status: 'ResourceDeleted',
        captureTime: this.standIn.clock.now(),
      });
      await invokeToTheEnd(this.handler, this.standIn, event, { invokedFunctionArn: FUNCTION_ARN, clockOffsetMs: this.standIn.clock.offsetMs });
    }
    this.print(...heading(`6. ${DELETED} deleted (DeleteServerCertificate), as retire proposed; Config's ResourceDeleted change notification:`));
    this.print(...verdictTable([STRICT.label, WARNING.label], [this.row(DELETED)]));
    for (const rule of [STRICT, WARNING]) this.expectVerdict(rule.name, DELETED, 'NOT_APPLICABLE');
  }

  /** Runs the CLI in-process, at the stand-in's clock, with the SDK clients of a real run. */
  private async cli(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      services: awsServices,
      io: { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) },
      now: this.standIn.clock.now(),
      clock: () => this.standIn.clock.now(),
      appendLine: async () => undefined,
      writeFile: async (path, text) => writeFileSync(path, text, 'utf8'),
    });
    return { code, stdout, stderr };
  }

  /** What the at() instant stands for: which certificate's expiry, or its entering the expiring rule's window. */
  private crossingAt(expression: string): string {
    const instant = /^at\((.+)\)$/.exec(expression)?.[1];
    const atMs = instant === undefined ? Number.NaN : Date.parse(`${instant}Z`);
    const roundedUp = (ms: number): number => Math.ceil(ms / 1000) * 1000;
    // The warning rule's schedules fire WARNING_RULE_SCHEDULE_OFFSET_MS after their crossing.
    for (const spec of CERTIFICATES) {
      const expiry = this.expiry(spec.name).getTime();
      const at = (crossing: number): boolean => [0, WARNING_RULE_SCHEDULE_OFFSET_MS].some((offset) => roundedUp(crossing) + offset === atMs);
      if (at(expiry)) return `${spec.name}'s expiry`;
      if (at(expiry - WARNING.windowDays * DAY_MS)) return `${spec.name} entering the ${WARNING.windowDays}-day window`;
    }
    this.failures.push(`the schedule ${expression} stands for no demo certificate's expiry or window edge`);
    return 'no demo certificate (unexpected)';
  }

  /** The change a crossing brings to a rule's verdict on its certificate, from the verdict Config holds now. */
  private change(rule: typeof STRICT | typeof WARNING, crossing: string): string {
    if (!crossing.endsWith("'s expiry")) return 'COMPLIANT → NON_COMPLIANT (expiring)';
    const now = this.verdict(rule.name, crossing.slice(0, -"'s expiry".length)) ?? '(nothing)';
    return now === 'NON_COMPLIANT' ? 'NON_COMPLIANT (expiring) → NON_COMPLIANT (expired)' : `${now} → NON_COMPLIANT (expired)`;
  }

  /** A deployed rule's InputParameters, parsed; empty when serverless.yml has no such rule. */
  private parameters(rule: string): Record<string, unknown> {
    const deployed = this.rules.find((candidate) => candidate.name === rule);
    return deployed === undefined ? {} : (JSON.parse(deployed.inputParameters) as Record<string, unknown>);
  }

  private row(name: string): VerdictRow {
    const certificate = this.standIn.certificate(name);
    const now = this.standIn.clock.now().getTime();
    return {
      certificate: name,
      expires: certificate === undefined ? '(deleted)' : certificate.expiration.toISOString().replace('.000', ''),
      // Whole days, towards zero: the count the annotations give.
      days: certificate === undefined ? '' : String(Math.trunc((certificate.expiration.getTime() - now) / DAY_MS)),
      results: [STRICT, WARNING].map((rule) => {
        const evaluation = this.evaluation(rule.name, name);
        return evaluation === undefined ? undefined : { compliance: evaluation.complianceType, annotation: evaluation.annotation ?? '' };
      }),
    };
  }

  private evaluation(rule: string, name: string): ReturnType<StandIn['evaluations']>[number] | undefined {
    const id = this.standIn.configIdOf(name) ?? name;
    return this.standIn.evaluations(rule).find((evaluation) => evaluation.resourceId === id);
  }

  private verdict(rule: string, name: string): string | undefined {
    return this.evaluation(rule, name)?.complianceType;
  }

  private annotation(rule: string, name: string): string {
    return this.evaluation(rule, name)?.annotation ?? '';
  }

  private expiry(name: string): Date {
    const expiry = this.seeded.expiries.get(name);
    if (expiry === undefined) throw new Error(`the demo uploaded no certificate ${name}`);
    return expiry;
  }

  private get seeded(): SeededAccount {
    if (this.account === undefined) throw new Error('the demo account is not seeded yet');
    return this.account;
  }

  private expectVerdict(rule: string, name: string, expected: string): void {
    const actual = this.verdict(rule, name);
    this.check(actual === expected, `${rule} / ${name}: expected ${expected}, Config received ${actual ?? 'nothing'}`);
  }

  private checkRuns(runs: readonly RuleRun[], what: string): void {
    for (const run of runs) this.check(run.error === undefined, `${what}: ${run.ruleName} failed: ${run.error?.name}: ${run.error?.message}`);
  }

  private check(ok: boolean, failure: string): void {
    if (!ok) this.failures.push(failure);
  }

  private print(...lines: string[]): void {
    for (const line of lines) this.options.print(line);
  }
}

/** `45 s`, `1 min 45 s`, `5 min`. */
function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes === 0 ? `${rest} s` : rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
