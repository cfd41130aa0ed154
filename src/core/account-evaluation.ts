import type { Evaluation } from './evaluation';
import { notApplicable, NotApplicableReason } from './not-applicable';

/**
 * The resource type AWS Config files account-level results under: the
 * account id is the resource id. AWS's own examples of periodic custom rules
 * report it (AWS Config Developer Guide, "Example AWS Lambda Functions for
 * AWS Config Rules (Node.js)", Example Function for Periodic Evaluations:
 * `ComplianceResourceType: 'AWS::::Account'`, `ComplianceResourceId:
 * event.accountId`), and so does the AWS Config Rule Development Kit for a
 * run with nothing else to report (awslabs/aws-config-rdk,
 * `rdk/template/runtime/python3.12/rule_code.py`, `lambda_handler`).
 */
export const ACCOUNT_RESOURCE_TYPE = 'AWS::::Account';

/**
 * The account's own result when a complete periodic listing found no server
 * certificate in IAM: NOT_APPLICABLE, saying so. Never COMPLIANT: with
 * nothing to judge, nothing is called safe. It also means a periodic run
 * always reports at least one evaluation, so `PutEvaluations` is never sent
 * an empty list (see docs/architecture.md, "An account with no certificates").
 *
 * @param accountId the event's `accountId`: the account the run listed
 * @param orderingTimestamp the notification's creation time, like every result of the run
 */
export function accountWithoutCertificates(accountId: string, orderingTimestamp: Date): Evaluation {
  return {
    resourceType: ACCOUNT_RESOURCE_TYPE,
    resourceId: accountId,
    ...notApplicable(NotApplicableReason.NoCertificatesInAccount),
    orderingTimestamp,
  };
}
