import type { DeployedRule, RuleEvaluationStatus } from '../../../../src/adapters/config-deployment';
import type { Read } from '../../../../src/cli/doctor/read-outcome';
import { matchRules, type MatchedRule } from '../../../../src/cli/doctor/rule-match';

export const NOW = new Date('2026-11-23T12:00:00Z');
export const HOUR = 3_600_000;

/** A rule as serverless.yml deploys it, with `overrides`. */
export function rule(overrides: Partial<DeployedRule> = {}): DeployedRule {
  return {
    name: 'iam-server-certificate-expiring',
    arn: 'arn:aws:config:us-east-1:123456789012:config-rule/config-rule-abc123',
    state: 'ACTIVE',
    owner: 'CUSTOM_LAMBDA',
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:rule-fn',
    periodic: true,
    changeTriggered: true,
    frequency: 'TwentyFour_Hours',
    resourceTypes: ['AWS::IAM::ServerCertificate'],
    inputParameters: '{"daysToExpiration":"30"}',
    createdBy: undefined,
    ...overrides,
  };
}

/** `deployed` matched against the two default names. */
export function matched(...deployed: DeployedRule[]): MatchedRule[] {
  return matchRules(deployed, ['iam-server-certificate-expired', 'iam-server-certificate-expiring']);
}

export function only(deployed: DeployedRule): MatchedRule {
  const [match] = matched(deployed);
  if (match === undefined) throw new Error(`${deployed.name} matches no default rule name`);
  return match;
}

/** A status read with `overrides` for the rule named `ruleName`. */
export function status(overrides: Partial<RuleEvaluationStatus> = {}, ruleName = 'iam-server-certificate-expiring'): RuleEvaluationStatus {
  return {
    ruleName,
    lastSuccessfulInvocation: undefined,
    lastFailedInvocation: undefined,
    lastSuccessfulEvaluation: undefined,
    lastFailedEvaluation: undefined,
    firstActivated: new Date(NOW.getTime() - 30 * 24 * HOUR),
    lastErrorCode: undefined,
    lastErrorMessage: undefined,
    firstEvaluationStarted: undefined,
    ...overrides,
  };
}

export function read<T>(value: T): Read<T> {
  return { kind: 'read', value };
}

export const DENIED: Read<never> = { kind: 'denied', action: 'config:DescribeConfigRuleEvaluationStatus', message: 'AccessDeniedException: no' };
export const FAILED: Read<never> = { kind: 'failed', action: 'config:DescribeConfigRules', message: 'ThrottlingException: Rate exceeded' };

export function hoursAgo(hours: number): Date {
  return new Date(NOW.getTime() - hours * HOUR);
}
