import { ServiceError } from './reply';
import type { SecurityHubFindingsState } from './securityhub-service';

/** DescribeHub's route: GET /accounts (Security Hub API reference, DescribeHub request syntax). */
export function hubOperation(method: string | undefined, path: string): 'DescribeHub' | undefined {
  return method === 'GET' && path === '/accounts' ? 'DescribeHub' : undefined;
}

/**
 * DescribeHub for one account and region: the hub's ARN
 * (`arn:aws:securityhub:<region>:<account>:hub/default`, as the API
 * reference's example) and when it was enabled; in an account where Security
 * Hub is not enabled, InvalidAccessException with HTTP 401 ("Account … is not
 * subscribed to AWS Security Hub"; API reference, Common Errors).
 */
export function describeHub(state: SecurityHubFindingsState, accountId: string, region: string, enabledAt: Date): unknown {
  if (!state.enabled) throw new ServiceError('InvalidAccessException', `Account ${accountId} is not subscribed to AWS Security Hub`, 401);
  return {
    HubArn: `arn:aws:securityhub:${region}:${accountId}:hub/default`,
    SubscribedAt: enabledAt.toISOString(),
    AutoEnableControls: true,
    ControlFindingGenerator: 'SECURITY_CONTROL',
  };
}
