import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { describeError } from '../errors';

/** Whether Security Hub is on in the account and region. */
export type HubState =
  | { readonly enabled: true; readonly hubArn: string | undefined; readonly subscribedAt: string | undefined }
  /** `InvalidAccessException` ("not subscribed to AWS Security Hub"): the rule's finding imports fail here. */
  | { readonly enabled: false; readonly reason: string };

// Security Hub's answer when it is not enabled in the account and region (API reference,
// DescribeHub Errors and Common Errors: InvalidAccessException, HTTP 401).
const NOT_ENABLED = 'InvalidAccessException';

/**
 * DescribeHub: "Returns details about the Hub resource in your account,
 * including the HubArn and the time when you enabled Security Hub" (Security
 * Hub API reference). The rule imports findings into the hub of the account
 * and region it runs in, so this is the hub that must exist.
 */
export async function describeHub(client: SecurityHubClient): Promise<HubState> {
  try {
    const answer = await client.send(new DescribeHubCommand({}));
    return { enabled: true, hubArn: answer.HubArn, subscribedAt: answer.SubscribedAt };
  } catch (error) {
    if (error instanceof Error && error.name === NOT_ENABLED) return { enabled: false, reason: describeError(error) };
    throw error;
  }
}
