import type { InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { AccessDeniedError, describeError, SecurityHubNotEnabledError } from '../errors';

/** Error names AWS uses for a refused call: IAM and STS (Query) and Config (JSON). */
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

/**
 * Security Hub's answer, HTTP 401, when it is not enabled in the account and
 * region: "InvalidAccessException … Account 111122223333 is not subscribed to
 * AWS Security Hub" (Security Hub API reference, Common Errors and each
 * operation's Errors: "The account doesn't have permission to perform this
 * action"). Not an IAM refusal: granting an action does not fix it.
 */
const SECURITY_HUB_NOT_ENABLED = 'InvalidAccessException';

const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  IAMClient: 'iam',
  ConfigServiceClient: 'config',
  STSClient: 'sts',
  SecurityHubClient: 'securityhub',
  EventBridgeClient: 'events',
  SchedulerClient: 'scheduler',
};

/** True for an AWS refusal, whether or not it was already explained. */
export function isAccessDenied(error: unknown): error is Error {
  return error instanceof AccessDeniedError || (error instanceof Error && ACCESS_DENIED.has(error.name));
}

/** The slice of an SDK v3 client this needs: its middleware stack, and its region for Security Hub's messages. */
interface ClientWithMiddleware {
  readonly middlewareStack: Pick<MiddlewareStack<object, MetadataBearer>, 'add'>;
  readonly config?: { readonly region?: unknown };
}

/**
 * Makes every AccessDenied from `client` an {@link AccessDeniedError} that
 * names the refused action (`iam:GetServerCertificate`), the principal and the
 * account, so an operator can see what to grant without reading CloudTrail;
 * and Security Hub's `InvalidAccessException` a {@link SecurityHubNotEnabledError}
 * that names the account and region and says what to do.
 *
 * @param principal who makes the calls, e.g. "the Lambda's role" or a role ARN
 */
export function explainAccessDenied<T extends ClientWithMiddleware>(client: T, principal: string, accountId: string): T {
  const middleware: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      const clientName = context.clientName ?? 'unknown';
      if (clientName === 'SecurityHubClient' && error instanceof Error && error.name === SECURITY_HUB_NOT_ENABLED) {
        throw new SecurityHubNotEnabledError(accountId, await regionOf(client), describeError(error), { cause: error });
      }
      if (!isAccessDenied(error) || error instanceof AccessDeniedError) throw error;
      const service = SERVICE_PREFIX[clientName] ?? clientName.replace(/Client$/, '').toLowerCase();
      const called = `${service}:${(context.commandName ?? 'unknown').replace(/Command$/, '')}`;
      // A call may need another action than its own: CreateSchedule needs iam:PassRole on the role it hands over.
      const action = otherActionNamed(error.message, called) ?? called;
      throw new AccessDeniedError(
        `${principal} may not call ${action} in account ${accountId} (${error.name}: ${error.message}). Grant ${action} to it.`,
        action,
        accountId,
        { cause: error },
      );
    }
  };
  client.middlewareStack.add(middleware, { step: 'initialize', name: 'explainAccessDenied', override: true });
  return client;
}

/**
 * `iam:PassRole` when the refusal names it ("… is not authorized to perform:
 * iam:PassRole on resource: …", as IAM words an authorization failure: IAM
 * User Guide, "Troubleshoot access denied error messages"); `undefined`
 * when it names the call's own action or none. Only actions a call needs
 * beside its own are taken from the message, so a message cannot make the
 * advice grant anything else.
 */
function otherActionNamed(message: string, called: string): string | undefined {
  const named = /is not authorized to perform: (iam:PassRole)\b/.exec(message)?.[1];
  return named === undefined || named === called ? undefined : named;
}

/** The client's region (a string or, once resolved, a provider of one); `unknown` when it cannot be had. */
export async function regionOf(client: ClientWithMiddleware): Promise<string> {
  const region = client.config?.region;
  try {
    if (typeof region === 'string') return region;
    if (typeof region === 'function') {
      const resolved: unknown = await (region as () => Promise<unknown>)();
      if (typeof resolved === 'string') return resolved;
    }
  } catch {
    // Fall through: the message still names the account.
  }
  return 'unknown';
}
