import { CallerIdentityError, describeError } from '../errors';
import type { CallerIdentity, CliServices } from './cli-dependencies';

/**
 * Who the credentials belong to (STS GetCallerIdentity, which needs no
 * permission), or a {@link CallerIdentityError} that stops the command before
 * it reads or changes anything: a report or a change must name its account.
 */
export async function callerIdentity(services: Pick<CliServices, 'identity'>): Promise<CallerIdentity> {
  try {
    return await services.identity();
  } catch (error) {
    throw new CallerIdentityError(describeError(error), { cause: error });
  }
}
