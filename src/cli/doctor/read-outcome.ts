import { isAccessDenied } from '../../adapters/explain-access-denied';
import { describeError } from '../../errors';

/**
 * How one AWS read ended. Nothing the doctor reads may throw past it: a
 * refusal and a failure each become a check line that says which call and why.
 */
export type Read<T> =
  | { readonly kind: 'read'; readonly value: T }
  /** AWS refused the call: the permission `action` is missing (or, for organization reads, the account is not the administrator). */
  | { readonly kind: 'denied'; readonly action: string; readonly message: string }
  /** Any other failure after the SDK's retries: throttling, a network error, an unexpected answer. */
  | { readonly kind: 'failed'; readonly action: string; readonly message: string };

// Config's answer to an organization read from an account that is neither the management
// account nor a delegated administrator (Config API reference, OrganizationAccessDeniedException).
const ORGANIZATION_ACCESS_DENIED = 'OrganizationAccessDeniedException';

/**
 * Runs one read and keeps its outcome.
 *
 * @param action the IAM action the read needs, e.g. `config:DescribeConfigRules`, named when it is refused
 * @param stop errors that are not an outcome of this read but end the command (thrown on)
 */
export async function attempt<T>(action: string, read: () => Promise<T>, stop?: (error: unknown) => boolean): Promise<Read<T>> {
  try {
    return { kind: 'read', value: await read() };
  } catch (error) {
    if (stop?.(error) === true) throw error;
    const message = describeError(error);
    if (isAccessDenied(error) || (error instanceof Error && error.name === ORGANIZATION_ACCESS_DENIED)) return { kind: 'denied', action, message };
    return { kind: 'failed', action, message };
  }
}

/** The value of a successful read, else `undefined`. */
export function valueOf<T>(read: Read<T> | undefined): T | undefined {
  return read?.kind === 'read' ? read.value : undefined;
}

/** One line that says why a read gave nothing: "config:DescribeConfigRules was refused: …" or "… failed: …". */
export function whyUnread(read: Exclude<Read<unknown>, { kind: 'read' }>): string {
  return read.kind === 'denied' ? `${read.action} was refused: ${read.message}` : `${read.action} failed: ${read.message}`;
}
