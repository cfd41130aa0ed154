import {
  ComplianceType as ConfigComplianceType,
  ConfigServiceClient,
  paginateGetComplianceDetailsByConfigRule,
} from '@aws-sdk/client-config-service';
import type { RecordedResult } from '../core/stale-results';
import { createConfigClient } from './aws-clients';

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
  public async compliantOrNonCompliant(ruleName: string): Promise<RecordedResult[]> {
    const results: RecordedResult[] = [];
    const pages = paginateGetComplianceDetailsByConfigRule(
      { client: this.client, pageSize: COMPLIANCE_DETAILS_PAGE_SIZE },
      {
        ConfigRuleName: ruleName,
        ComplianceTypes: [ConfigComplianceType.Compliant, ConfigComplianceType.Non_Compliant],
      },
    );
    for await (const page of pages) {
      for (const result of page.EvaluationResults ?? []) {
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        if (qualifier?.ResourceType !== undefined && qualifier.ResourceId !== undefined) {
          results.push({ resourceType: qualifier.ResourceType, resourceId: qualifier.ResourceId });
        }
      }
    }
    return results;
  }
}
