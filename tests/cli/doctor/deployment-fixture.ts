import type { StandIn } from '../../support/stand-in/stand-in';

/** The stand-in's central account (its default key's). */
export const ACCOUNT = '123456789012';
export const MEMBER = '111122223333';
export const FUNCTION_NAME = 'iam-server-certificate-expiry-rule-prod-rule';
export const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FUNCTION_NAME}`;
export const LOG_GROUP = `/aws/lambda/${FUNCTION_NAME}`;
export const EXPIRED = 'iam-server-certificate-expired';
export const EXPIRING = 'iam-server-certificate-expiring';
export const ROLE_NAME = 'IamServerCertificateExpiryRule';
const HOUR = 3_600_000;

export interface DeploymentShape {
  /** Both rules import Security Hub findings (securityHubFindings), as serverless.yml does with that parameter on. */
  readonly securityHub?: boolean;
  /** Central mode: the rules assume ROLE_NAME in member accounts, and the role can be assumed in MEMBER. */
  readonly central?: boolean;
}

/**
 * A deployment as serverless.yml makes it, in the stand-in's central account
 * and us-east-1: both rules on the function, run 2 h before `now` with
 * success, the function's log holding only its "rule run complete" lines,
 * the default recorder (recording for 30 days), Security Hub on.
 */
export function deployHealthy(standIn: StandIn, now: Date, shape: DeploymentShape = {}): void {
  const state = standIn.account(ACCOUNT);
  const ran = new Date(now.getTime() - 2 * HOUR);
  for (const [name, days] of [
    [EXPIRED, '0'],
    [EXPIRING, '30'],
  ] as const) {
    state.configRules.put({
      name,
      functionArn: FUNCTION_ARN,
      inputParameters: {
        daysToExpiration: days,
        checkUsage: 'false',
        usageRegions: 'us-east-1',
        ...(shape.securityHub === true ? { securityHubFindings: 'true', ownerTagKey: 'owner' } : {}),
        ...(shape.central === true ? { ExecutionRoleName: ROLE_NAME } : {}),
      },
      activatedAt: new Date(now.getTime() - 30 * 24 * HOUR),
      status: { lastSuccessfulInvocation: ran, lastSuccessfulEvaluation: ran, firstEvaluationStarted: true },
    });
  }
  state.recorders.startedAt = new Date(now.getTime() - 30 * 24 * HOUR);
  state.lambdaFunctions.put({ name: FUNCTION_NAME, region: 'us-east-1' });
  state.logs.put('us-east-1', LOG_GROUP, [
    { at: ran, message: `{"level":"INFO","message":"rule run complete","rule":"${EXPIRED}","service":"iam-server-certificate-expiry"}` },
    { at: ran, message: `{"level":"INFO","message":"rule run complete","rule":"${EXPIRING}","service":"iam-server-certificate-expiry"}` },
  ]);
  if (shape.central === true) standIn.allowAssumeRole(`arn:aws:iam::${MEMBER}:role/${ROLE_NAME}`);
}
