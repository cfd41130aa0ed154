import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { TimeBudget } from '../core/time-budget';
import { AccessDeniedError, RuleError } from '../errors';
import { createStsClient } from './aws-clients';
import { isAccessDenied } from './explain-access-denied';

/**
 * Session length: STS's minimum, 15 minutes (STS API reference, AssumeRole
 * DurationSeconds 900-43200). It covers the longest Lambda run (15 minutes),
 * and short-lived credentials limit what a leak could do.
 */
export const ASSUMED_SESSION_SECONDS = 900;

/**
 * Assumes `roleArn` for one invocation and returns its temporary credentials.
 * The caller builds that invocation's clients from them and drops them after:
 * credentials are never cached across invocations, so never across accounts.
 */
export async function assumeRole(
  roleArn: string,
  sessionName: string,
  accountId: string,
  budget: TimeBudget = TimeBudget.unlimited(),
  client: STSClient = createStsClient(),
): Promise<AwsCredentialIdentity> {
  budget.ensure(`sts:AssumeRole of ${roleArn}`);
  let response;
  try {
    response = await client.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: ASSUMED_SESSION_SECONDS }),
      { abortSignal: budget.signal() },
    );
  } catch (error) {
    budget.throwIfSpentDuring(`sts:AssumeRole of ${roleArn}`, error);
    if (isAccessDenied(error)) {
      const original = error instanceof AccessDeniedError && error.cause instanceof Error ? error.cause : error;
      throw new AccessDeniedError(
        `Cannot assume ${roleArn} to evaluate account ${accountId}: the role must exist there, trust the Lambda's role, ` +
          `and the Lambda's role must allow sts:AssumeRole on it (${original.name}: ${original.message})`,
        'sts:AssumeRole',
        accountId,
        { cause: error },
      );
    }
    throw error;
  }
  const credentials = response.Credentials;
  if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined) {
    throw new RuleError(`sts:AssumeRole of ${roleArn} returned no credentials`);
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    ...(credentials.SessionToken !== undefined ? { sessionToken: credentials.SessionToken } : {}),
    ...(credentials.Expiration !== undefined ? { expiration: credentials.Expiration } : {}),
  };
}
