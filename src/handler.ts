import type { Context } from 'aws-lambda';
import { ConfigEvaluationReporter } from './adapters/config-evaluation-reporter';
import { ConfigResourceDirectory } from './adapters/config-resource-directory';
import { ConfigRuleResults } from './adapters/config-rule-results';
import { createConfigClient, createIamClient } from './adapters/aws-clients';
import { IamCertificateStore } from './adapters/iam-certificate-store';
import { ComplianceType } from './core/compliance-type';
import { parseRuleParameters } from './core/rule-parameters';
import { parseConfigRuleEvent } from './events/config-rule-event';
import { evaluateRuleEvent } from './rule/evaluate-rule-event';
import type { RuleDependencies } from './rule/ports';

/** What one invocation did, returned to the caller and logged. */
export interface RunSummary {
  readonly rule: string;
  readonly messageType: string;
  readonly evaluations: number;
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly notApplicable: number;
  readonly putEvaluationsCalls: number;
}

interface Wiring {
  readonly dependencies: RuleDependencies;
  readonly reporter: ConfigEvaluationReporter;
}

let wiring: Wiring | undefined;

/** Clients are built once per container and reused across invocations. */
function wire(): Wiring {
  if (wiring === undefined) {
    const iam = createIamClient();
    const config = createConfigClient();
    wiring = {
      dependencies: {
        certificates: new IamCertificateStore(iam),
        resourceIds: new ConfigResourceDirectory(config),
        recordedResults: new ConfigRuleResults(config),
      },
      reporter: new ConfigEvaluationReporter(config),
    };
  }
  return wiring;
}

/**
 * The Lambda entry point AWS Config invokes. It parses and validates the
 * event and the rule parameters, evaluates, and delivers every evaluation; any
 * failure is thrown so the invocation fails and Config retries.
 */
export async function handler(event: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<RunSummary> {
  const ruleEvent = parseConfigRuleEvent(event);
  const parameters = parseRuleParameters(ruleEvent.ruleParameters);
  const { dependencies, reporter } = wire();
  const evaluations = await evaluateRuleEvent(ruleEvent, parameters, dependencies, new Date());
  const delivery = await reporter.report(evaluations, ruleEvent.resultToken);
  const count = (type: ComplianceType): number => evaluations.filter((e) => e.complianceType === type).length;
  const summary: RunSummary = {
    rule: ruleEvent.configRuleName,
    messageType: ruleEvent.invokingEvent.messageType,
    evaluations: evaluations.length,
    compliant: count(ComplianceType.Compliant),
    nonCompliant: count(ComplianceType.NonCompliant),
    notApplicable: count(ComplianceType.NotApplicable),
    putEvaluationsCalls: delivery.calls,
  };
  console.log(JSON.stringify({ message: 'rule run complete', requestId: context?.awsRequestId, ...summary }));
  return summary;
}
