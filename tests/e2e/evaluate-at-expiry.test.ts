/**
 * Issue 21 part 3, end to end: the bundled handler, the stand-in's Config,
 * EventBridge Scheduler and a controllable clock. The stand-in models what
 * AWS does not document: Scheduler calls the target 30 s after the at()
 * instant (its "60 second precision"), Config invokes the rule 15 s after
 * StartConfigRulesEvaluation.
 */
import { certificateEnding } from '../support/certificates';
import { useStandIn, verdicts, type RuleRun } from '../support/e2e-harness';
import { ACCOUNT_ID } from '../support/events';
import { scheduleGroupArn } from '../support/stand-in/scheduler-roles';
import type { StandIn } from '../support/stand-in/stand-in';
import { ConfigServiceClient, DescribeConfigRuleEvaluationStatusCommand } from '@aws-sdk/client-config-service';
import { UploadServerCertificateCommand, type IAMClient } from '@aws-sdk/client-iam';

const STRICT = 'iam-server-certificate-expired';
const WARNING = 'iam-server-certificate-expiring';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ROLE = 'stack-SchedulerRole-1A2B3C';
const parameters = (days: number): string => JSON.stringify({ daysToExpiration: String(days), evaluateAtExpiry: 'true', schedulerRole: ROLE });

async function upload(iam: IAMClient, name: string, now: Date, msLeft: number): Promise<Date> {
  const certificate = await certificateEnding(name, now, msLeft / DAY);
  await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: name, CertificateBody: certificate.certificatePem, PrivateKey: certificate.privateKeyPem }));
  return certificate.notAfter;
}

const invokingEvent = (run: RuleRun | undefined): Record<string, string> => JSON.parse(String(run?.event['invokingEvent'] ?? '{}')) as Record<string, string>;

/**
 * Both rules and the scheduler role as the templates deploy them (serverless.yml, the one-account stack):
 * trusted by this account's Scheduler for the schedule group only, allowed to start the two rules.
 */
function deploy(standIn: StandIn, rules: readonly { readonly name: string; readonly days: number }[], extra: Record<string, string> = {}): void {
  const arns = rules.map((rule) => standIn.defineConfigRule({ name: rule.name, inputParameters: JSON.stringify({ ...JSON.parse(parameters(rule.days)), ...extra }) }));
  standIn.scheduler.roles.define(ACCOUNT_ID, ROLE, { sourceAccount: ACCOUNT_ID, sourceArn: scheduleGroupArn(ACCOUNT_ID, 'default'), startEvaluationOn: arns });
}

describe('evaluateAtExpiry: the verdict flips within minutes of the crossing', () => {
  const context = useStandIn();

  it('EA1: the strict rule is COMPLIANT an hour before expiry with a schedule at the expiry, NON_COMPLIANT from the scheduled run, then schedules the next certificate', async () => {
    const { standIn, iam, ruleRuns } = context();
    const start = standIn.clock.now();
    const expiry = await upload(iam, 'expires-in-an-hour', start, HOUR);
    const nextExpiry = await upload(iam, 'expires-in-three-hours', start, 3 * HOUR);
    await upload(iam, 'expired-10-days-ago', start, -10 * DAY);
    deploy(standIn, [{ name: STRICT, days: 0 }]);

    // The periodic run, an hour before the expiry.
    await standIn.runPeriodicEvaluation(STRICT);
    expect(ruleRuns().map((run) => run.error?.message)).toEqual([undefined]);
    expect(verdicts(standIn, STRICT)).toEqual({ 'expires-in-an-hour': 'COMPLIANT', 'expires-in-three-hours': 'COMPLIANT', 'expired-10-days-ago': 'NON_COMPLIANT' });
    const [schedule] = standIn.scheduler.list();
    expect(schedule).toMatchObject({
      ScheduleExpression: `at(${expiry.toISOString().slice(0, 19)})`,
      ScheduleExpressionTimezone: 'UTC',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: 'arn:aws:scheduler:::aws-sdk:config:startConfigRulesEvaluation', RoleArn: `arn:aws:iam::123456789012:role/${ROLE}`, Input: `{"ConfigRuleNames":["${STRICT}"]}` },
    });
    expect(ruleRuns()[0]?.summary?.['schedule']).toEqual({ change: 'created', at: expiry.toISOString() });

    // A minute before the expiry nothing has run, and the certificate is still COMPLIANT.
    await standIn.clock.advanceTo(new Date(expiry.getTime() - 60_000));
    expect(ruleRuns()).toHaveLength(1);
    expect(verdicts(standIn, STRICT)['expires-in-an-hour']).toBe('COMPLIANT');

    // Past the expiry: Scheduler starts the evaluation, Config runs the rule, the verdict flips.
    await standIn.clock.advanceTo(new Date(expiry.getTime() + 5 * 60_000));
    expect(ruleRuns()).toHaveLength(2);
    const scheduled = ruleRuns()[1];
    expect(scheduled?.error).toBeUndefined();
    expect(invokingEvent(scheduled)['messageType']).toBe('ScheduledNotification');
    expect(verdicts(standIn, STRICT)).toEqual({ 'expires-in-an-hour': 'NON_COMPLIANT', 'expires-in-three-hours': 'COMPLIANT', 'expired-10-days-ago': 'NON_COMPLIANT' });
    const latencyMs = (scheduled?.startedAt.getTime() ?? 0) - expiry.getTime();
    // The modelled delays: Scheduler 30 s after at(), Config 15 s after that (plus the run's own milliseconds).
    expect(latencyMs).toBeGreaterThanOrEqual(45_000);
    expect(latencyMs).toBeLessThan(60_000);
    const flipped = standIn.evaluations(STRICT).find((evaluation) => evaluation.resourceId === 'expires-in-an-hour');
    expect(flipped?.annotation).toMatch(new RegExp(`^Expired ${expiry.toISOString().slice(0, 19)}Z \\(less than a day ago\\)`));
    // The fired schedule deleted itself; the scheduled run set the next one, for the next expiry.
    expect(standIn.scheduler.history().map((firing) => [firing.schedule, firing.attempts.map((attempt) => attempt.outcome)])).toEqual([[schedule?.['Name'], ['ok']]]);
    expect(standIn.scheduler.list().map((next) => next['ScheduleExpression'])).toEqual([`at(${nextExpiry.toISOString().slice(0, 19)})`]);
    expect(scheduled?.summary?.['schedule']).toEqual({ change: 'created', at: nextExpiry.toISOString() });

    // The last expiry ahead: flipped, and no schedule is left.
    await standIn.clock.advanceTo(new Date(nextExpiry.getTime() + 5 * 60_000));
    expect(verdicts(standIn, STRICT)['expires-in-three-hours']).toBe('NON_COMPLIANT');
    expect(ruleRuns().at(-1)?.summary?.['schedule']).toEqual({ change: 'absent' });
    expect(standIn.scheduler.list()).toEqual([]);
  });

  it('EA2: the warning rule flips at the window\'s edge; with Config answering the on-demand evaluation with change notifications, verdicts flip all the same and no schedule is left to fire', async () => {
    const { standIn, iam, ruleRuns } = context();
    const start = standIn.clock.now();
    const expiry = await upload(iam, 'enters-window-in-an-hour', start, 30 * DAY + HOUR);
    deploy(standIn, [{ name: WARNING, days: 30 }]);
    standIn.ruleEvaluations.notifications = 'change';
    await standIn.runPeriodicEvaluation(WARNING);
    expect(verdicts(standIn, WARNING)).toEqual({ 'enters-window-in-an-hour': 'COMPLIANT' });
    const edge = new Date(expiry.getTime() - 30 * DAY);
    // The warning rule fires 3 minutes after its crossing (WARNING_RULE_SCHEDULE_OFFSET_MS), never in the strict rule's minute.
    expect(standIn.scheduler.list().map((schedule) => schedule['ScheduleExpression'])).toEqual([`at(${new Date(edge.getTime() + 3 * 60_000).toISOString().slice(0, 19)})`]);

    await standIn.clock.advanceTo(new Date(edge.getTime() + 5 * 60_000));
    expect(ruleRuns().map((run) => invokingEvent(run)['messageType'])).toEqual(['ScheduledNotification', 'ConfigurationItemChangeNotification']);
    expect(verdicts(standIn, WARNING)).toEqual({ 'enters-window-in-an-hour': 'NON_COMPLIANT' });
    // Change runs never set the schedule: the next crossing (the expiry) waits for the next periodic run.
    expect(standIn.scheduler.list()).toEqual([]);
    await standIn.runPeriodicEvaluation(WARNING);
    expect(standIn.scheduler.list().map((schedule) => schedule['ScheduleExpression'])).toEqual([`at(${new Date(expiry.getTime() + 3 * 60_000).toISOString().slice(0, 19)})`]);
  });

  it('EA3: with evaluateAtExpiry off (the default), a periodic run makes no Scheduler call', async () => {
    const { standIn, iam } = context();
    await upload(iam, 'expires-in-an-hour', standIn.clock.now(), HOUR);
    standIn.defineConfigRule({ name: STRICT, inputParameters: '{"daysToExpiration":"0"}' });
    await standIn.runPeriodicEvaluation(STRICT);
    expect(Object.keys(standIn.callCounts()).filter((operation) => operation.startsWith('scheduler:'))).toEqual([]);
    expect(standIn.callCounts()).toMatchObject({ ListServerCertificates: 1, PutEvaluations: 1 });
    expect(standIn.scheduler.list()).toEqual([]);
  });

  it('EA4: with expiry events on too, one periodic run delivers, keeps the schedule, then puts the events; with Scheduler and EventBridge both refusing, both are tried and the run fails naming each', async () => {
    const { standIn, iam, ruleRuns } = context();
    const start = standIn.clock.now();
    await upload(iam, 'expires-in-five-days', start, 5 * DAY);
    await upload(iam, 'valid-for-a-year', start, 365 * DAY);
    deploy(standIn, [{ name: WARNING, days: 30 }], { expiryEvents: 'true' });
    const afterDelivery = (): string[] => {
      const operations = standIn.calls.all().map((call) => call.operation);
      return operations.slice(operations.indexOf('PutEvaluations')).filter((operation) => operation.startsWith('scheduler:') || operation === 'PutEvents');
    };

    await standIn.runPeriodicEvaluation(WARNING);
    expect(ruleRuns()[0]?.error).toBeUndefined();
    expect(afterDelivery()).toEqual(['scheduler:GetSchedule', 'scheduler:CreateSchedule', 'PutEvents']);
    expect(ruleRuns()[0]?.summary).toMatchObject({ expiryEvents: { put: 1, putEventsCalls: 1 }, schedule: { change: 'created' } });
    expect(standIn.busEvents().map((event) => event['detail-type'])).toEqual(['IAM Server Certificate Approaching Expiration']);

    standIn.calls.clear();
    standIn.denyAction('123456789012', 'scheduler:GetSchedule');
    standIn.denyAction('123456789012', 'events:PutEvents');
    await standIn.runPeriodicEvaluation(WARNING);
    const failed = ruleRuns()[1];
    expect(afterDelivery()).toEqual(['scheduler:GetSchedule', 'PutEvents']);
    expect(failed?.error?.name).toBe('DeferredFailuresError');
    expect(failed?.error?.message).toMatch(/^2 steps failed after every evaluation of this run was delivered to AWS Config: \(1\) evaluateAtExpiry schedule: .*scheduler:GetSchedule.* \(2\) expiry events: .*events:PutEvents/);
    expect(verdicts(standIn, WARNING)).toEqual({ 'expires-in-five-days': 'NON_COMPLIANT', 'valid-for-a-year': 'COMPLIANT' });
    // The rule Config ran is the one DescribeConfigRuleEvaluationStatus (and so doctor) reads: both runs are in its status.
    const config = new ConfigServiceClient({});
    const { ConfigRulesEvaluationStatus: [status] = [] } = await config.send(new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: [WARNING] }));
    config.destroy();
    expect(status).toMatchObject({ LastErrorCode: 'DeferredFailuresError', LastSuccessfulInvocationTime: expect.any(Date), LastFailedInvocationTime: expect.any(Date) });
  });

  it.each([
    ['ServiceQuotaExceededException', 'CreateSchedule failed (ServiceQuotaExceededException'],
    ['ValidationException', 'CreateSchedule failed (ValidationException'],
    // Conflict on create means "created meanwhile": read again and write, a bounded number of times.
    ['ConflictException', 'it kept changing under 3 attempts to write it'],
  ] as const)(
    'EA5: Scheduler refusing the write with %s (not retried into success) costs no verdict: the run delivers, puts its events, then fails naming the schedule',
    async (refusal, named) => {
      const { standIn, iam, ruleRuns } = context();
      const start = standIn.clock.now();
      await upload(iam, 'expires-in-five-days', start, 5 * DAY);
      deploy(standIn, [{ name: WARNING, days: 30 }], { expiryEvents: 'true' });
      standIn.scheduler.writeRefusal = refusal;
      await standIn.runPeriodicEvaluation(WARNING);
      const run = ruleRuns()[0];
      expect(verdicts(standIn, WARNING)).toEqual({ 'expires-in-five-days': 'NON_COMPLIANT' });
      expect(standIn.busEvents()).toHaveLength(1);
      expect(run?.error?.name).toBe('EvaluationScheduleError');
      expect(run?.error?.message).toContain(named);
      expect(standIn.scheduler.list()).toEqual([]);
    },
  );

  it.each(['retried', 'dropped'] as const)(
    'EA6: both rules crossing at one expiry never start an evaluation in the same minute: the strict rule at the expiry, the warning rule 3 minutes later, each re-run once (LimitExceededException %s)',
    async (limitExceeded) => {
      const { standIn, iam, ruleRuns } = context();
      const start = standIn.clock.now();
      const expiry = await upload(iam, 'expires-in-an-hour', start, HOUR);
      deploy(standIn, [{ name: STRICT, days: 0 }, { name: WARNING, days: 30 }]);
      standIn.scheduler.limitExceeded = limitExceeded;
      await standIn.runPeriodicEvaluation(STRICT);
      await standIn.runPeriodicEvaluation(WARNING);
      const before = ruleRuns().length;
      await standIn.clock.advanceTo(new Date(expiry.getTime() + 10 * 60_000));
      expect(standIn.scheduler.history().map((firing) => firing.attempts.map((attempt) => attempt.outcome))).toEqual([['ok'], ['ok']]);
      expect(standIn.scheduler.metrics()).toMatchObject({ TargetErrorCount: 0, InvocationDroppedCount: 0 });
      expect(ruleRuns().slice(before).map((run) => run.ruleName)).toEqual([STRICT, WARNING]);
      expect(verdicts(standIn, STRICT)).toEqual({ 'expires-in-an-hour': 'NON_COMPLIANT' });
    },
  );
});
