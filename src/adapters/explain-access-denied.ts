import type { InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { AccessDeniedError } from '../errors';

/** Error names AWS uses for a refused call: IAM and STS (Query) and Config (JSON). */
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  IAMClient: 'iam',
  ConfigServiceClient: 'config',
  STSClient: 'sts',
  SecurityHubClient: 'securityhub',
};

/** True for an AWS refusal, whether or not it was already explained. */
export function isAccessDenied(error: unknown): error is Error {
  return error instanceof AccessDeniedError || (error instanceof Error && ACCESS_DENIED.has(error.name));
}

/** The slice of an SDK v3 client this needs: its middleware stack. */
interface ClientWithMiddleware {
  readonly middlewareStack: Pick<MiddlewareStack<object, MetadataBearer>, 'add'>;
}

/**
 * Makes every AccessDenied from `client` an {@link AccessDeniedError} that
 * names the refused action (`iam:GetServerCertificate`), the principal and the
 * account, so an operator can see what to grant without reading CloudTrail.
 *
 * @param principal who makes the calls, e.g. "the Lambda's role" or a role ARN
 */
export function explainAccessDenied<T extends ClientWithMiddleware>(client: T, principal: string, accountId: string): T {
  const middleware: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      if (!isAccessDenied(error) || error instanceof AccessDeniedError) throw error;
      const client = context.clientName ?? 'unknown';
      const service = SERVICE_PREFIX[client] ?? client.replace(/Client$/, '').toLowerCase();
      const action = `${service}:${(context.commandName ?? 'unknown').replace(/Command$/, '')}`;
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
