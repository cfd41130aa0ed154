import type { DeployedRule } from '../../adapters/config-deployment';
import { deploymentOf, type RuleDeployment } from '../../core/deployed-rule-names';
import { parseRuleParameters, type RuleParameters } from '../../core/rule-parameters';

/** A deployed rule recognised as one of the rules asked about. */
export interface MatchedRule {
  /** The name asked about (`--rule`, or a default). */
  readonly base: string;
  readonly deployment: RuleDeployment;
  readonly rule: DeployedRule;
  /** The rule's parameters as the function will parse them; `undefined` when they are invalid (the setup check says why). */
  readonly parameters: RuleParameters | undefined;
}

/** The deployed rules that deploy one of `bases`, each under the first base it matches. */
export function matchRules(rules: readonly DeployedRule[], bases: readonly string[]): MatchedRule[] {
  return rules.flatMap((rule) => {
    for (const base of bases) {
      const deployment = deploymentOf(base, rule.name);
      if (deployment !== undefined) return [{ base, deployment, rule, parameters: parametersOf(rule) }];
    }
    return [];
  });
}

function parametersOf(rule: DeployedRule): RuleParameters | undefined {
  try {
    return parseRuleParameters(rule.inputParameters);
  } catch {
    return undefined;
  }
}

/** The parts of a Lambda function ARN: `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`. */
export interface FunctionAddress {
  readonly arn: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

// Lambda function ARNs (Lambda API reference, FunctionConfiguration.FunctionArn).
const FUNCTION_ARN = /^arn:([\w-]+):lambda:([\w-]+):(\d{12}):function:([\w-]{1,64})(?::[\w$-]+)?$/;

/** The function a custom Lambda rule invokes, or `undefined` for anything that is not a function ARN. */
export function functionAddress(arn: string | undefined): FunctionAddress | undefined {
  const match = arn === undefined ? null : FUNCTION_ARN.exec(arn);
  if (match === null || arn === undefined) return undefined;
  const [, partition = 'aws', region = '', accountId = '', name = ''] = match;
  return { arn, partition, region, accountId, name };
}

/** The partition of an ARN (`aws`, `aws-us-gov`, `aws-cn`), `aws` when it cannot be read. */
export function partitionOfArn(arn: string | undefined): string {
  return (arn === undefined ? undefined : /^arn:([\w-]+):/.exec(arn)?.[1]) ?? 'aws';
}
