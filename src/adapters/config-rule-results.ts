import {
  ComplianceType as ConfigComplianceType,
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
} from '@aws-sdk/client-config-service';
import type { RecordedResult } from '../core/stale-results';
import { TimeBudget } from '../core/time-budget';
import { createConfigClient } from './aws-clients';
import { eachPage } from './collect-pages';

/** `GetComplianceDetailsByConfigRule` returns at most 100 results a page (Config API reference). */
export const COMPLIANCE_DETAILS_PAGE_SIZE = 100;

/** Reads the results this rule already holds in AWS Config. */
export class ConfigRuleResults {
  private readonly client: ConfigServiceClient;

  /** @param client a Config client; a default one from the standard SDK environment when omitted. */
  public constructor(client?: ConfigServiceClient) {
    this.client = client ?? createConfigClient();
  }

  /**
   * Every resource with a COMPLIANT or NON_COMPLIANT result of `ruleName`,
   * with the resource type Config stored it under. NOT_APPLICABLE results are
   * left out: they need no clearing.
   */
  public async compliantOrNonCompliant(ruleName: string, budget: TimeBudget = TimeBudget.unlimited()): Promise<RecordedResult[]> {
    // Each page is reduced to what the rule needs as it arrives: the SDK's
    // result objects (annotations, timestamps) die young instead of piling up
    // for a whole listing of 10,000 results.
    const recorded: RecordedResult[] = [];
    const pages = eachPage('GetComplianceDetailsByConfigRule', budget, async (nextToken, abortSignal) => {
      const page = await this.client.send(
        new GetComplianceDetailsByConfigRuleCommand({
          ConfigRuleName: ruleName,
          ComplianceTypes: [ConfigComplianceType.Compliant, ConfigComplianceType.Non_Compliant],
          Limit: COMPLIANCE_DETAILS_PAGE_SIZE,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
        { abortSignal },
      );
      return { items: page.EvaluationResults ?? [], next: page.NextToken };
    });
    for await (const page of pages) {
      for (const result of page) {
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        if (qualifier?.ResourceType !== undefined && qualifier.ResourceId !== undefined) {
          recorded.push({ resourceType: qualifier.ResourceType, resourceId: qualifier.ResourceId });
        }
      }
    }
    return recorded;
  }
}
