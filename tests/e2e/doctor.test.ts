import { runDoctorJson } from '../cli/doctor/run-doctor';
import { uploadStandardCertificates, useStandIn } from '../support/e2e-harness';
import { ACCOUNT_ID, daysParameter, periodicEvent } from '../support/events';

const EXPIRED = 'iam-server-certificate-expired';
const EXPIRING = 'iam-server-certificate-expiring';
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:iam-server-certificate-expiry-rule-prod-rule`;

/**
 * doctor reading what the bundled handler really left behind: the rules as
 * serverless.yml deploys them, the stand-in's Config recording the
 * evaluations the handler delivered, and the harness recording each
 * invocation and the lines the handler printed in the function's log group.
 */
describe('doctor after the bundled handler ran against the stand-in', () => {
  const context = useStandIn();

  function deploy(): void {
    const rules = context().standIn.account(ACCOUNT_ID).configRules;
    rules.put({ name: EXPIRED, functionArn: FUNCTION_ARN, inputParameters: daysParameter(0) });
    rules.put({ name: EXPIRING, functionArn: FUNCTION_ARN, inputParameters: daysParameter(30) });
  }

  async function runRules(): Promise<void> {
    const { standIn, handler } = context();
    const now = new Date();
    for (const [rule, days] of [
      [EXPIRED, 0],
      [EXPIRING, 30],
    ] as const) {
      await handler(periodicEvent(rule, standIn.resultTokenFor(rule), daysParameter(days), now), { invokedFunctionArn: FUNCTION_ARN }).catch(() => undefined);
    }
  }

  const doctor = () => runDoctorJson([], new Date());

  it('passes every check once both rules ran', async () => {
    const { standIn, iam } = context();
    deploy();
    await uploadStandardCertificates(iam, new Date(), standIn);
    await runRules();

    const { code, report } = await doctor();

    expect(report.checks.filter((item) => item.status !== 'ok' && item.id !== 'security-hub' && item.id !== 'member-role')).toEqual([]);
    expect(report.checks.find((item) => item.id === `rule-status:${EXPIRED}`)?.detail).toMatch(/last successful evaluation \d{4}-\d\d-\d\dT[\d:]+Z \(0 min ago\)/);
    expect(code).toBe(0);
  });

  it('fails the rule status and the function check with the handler’s own error when its runs fail', async () => {
    const { standIn } = context();
    deploy();
    standIn.denyAction(ACCOUNT_ID, 'config:PutEvaluations');
    await runRules();

    const { code, report } = await doctor();

    expect(code).toBe(2);
    const status = report.checks.find((item) => item.id === `rule-status:${EXPIRING}`);
    expect(status?.status).toBe('fail');
    expect(status?.detail).toMatch(
      /Config's error: EvaluationDeliveryError: PutEvaluations failed after the SDK's retries \(AccessDeniedError: the Lambda's role may not call config:PutEvaluations in account 123456789012 \(AccessDeniedException: .*\)\. Grant config:PutEvaluations to it\.\); this run is not fully delivered/,
    );
    const errors = report.checks.find((item) => item.id === 'function-errors:iam-server-certificate-expiry-rule-prod-rule');
    expect(errors?.status).toBe('fail');
    expect(errors?.detail).toContain(`${EXPIRING}: EvaluationDeliveryError: PutEvaluations failed after the SDK's retries (AccessDeniedError: the Lambda's role may not call config:PutEvaluations`);
  });
});
