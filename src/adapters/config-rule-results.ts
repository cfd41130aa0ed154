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

/** How recently a rule's results were recorded, as far as the pages read tell. */
export interface NewestResult {
  /** The newest of the results' ResultRecordedTime, ConfigRuleInvokedTime and OrderingTimestamp; `undefined` when the rule has no result at all. */
  readonly at: Date | undefined;
  /** Results read. */
  readonly read: number;
  /** False when the reading stopped at its page cap with more pages to go: `at` is the newest of those read only. */
  readonly complete: boolean;
}

/** Every compliance type a custom rule can report, asked for explicitly (INSUFFICIENT_DATA "cannot be used as a ComplianceType for filtering results"). */
const REPORTED_TYPES = [ConfigComplianceType.Compliant, ConfigComplianceType.Non_Compliant, ConfigComplianceType.Not_Applicable];

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
  /**
   * When the rule last recorded a result, from its results themselves
   * (GetComplianceDetailsByConfigRule: `ResultRecordedTime`, "the time when
   * AWS Config recorded the evaluation result", and `ConfigRuleInvokedTime`,
   * "the time when the AWS Config rule evaluated the AWS resource"): the
   * evidence of a run where DescribeConfigRuleEvaluationStatus "does not
   * return status information about Config Custom Lambda rules". Every type,
   * NOT_APPLICABLE included (an account without certificates has only the
   * rule's `AWS::::Account` result). Pages stop as soon as a result at or after
   * `enoughAfter` shows up, or after `maxPages`.
   */
  public async newestResult(ruleName: string, enoughAfter: Date, maxPages: number): Promise<NewestResult> {
    let newest: Date | undefined;
    let read = 0;
    let pages = 0;
    let capped = false;
    const listing = eachPage('GetComplianceDetailsByConfigRule', TimeBudget.unlimited(), async (nextToken) => {
      if (pages >= maxPages) {
        // A next page exists, but the cap is reached: ask no more.
        capped = true;
        return { items: [], next: undefined };
      }
      pages += 1;
      const page = await this.client.send(
        new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: ruleName, ComplianceTypes: REPORTED_TYPES, Limit: COMPLIANCE_DETAILS_PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      return { items: page.EvaluationResults ?? [], next: page.NextToken };
    });
    for await (const page of listing) {
      read += page.length;
      for (const result of page) {
        for (const at of [result.ResultRecordedTime, result.ConfigRuleInvokedTime, result.EvaluationResultIdentifier?.OrderingTimestamp]) {
          if (at !== undefined && (newest === undefined || at > newest)) newest = at;
        }
      }
      if (newest !== undefined && newest >= enoughAfter) break;
    }
    return { at: newest, read, complete: !capped };
  }
}
