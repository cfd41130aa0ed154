import { ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { TimeBudget } from '../core/time-budget';
import { describeError } from '../errors';
import { collectPages } from './collect-pages';

/** One account of the organization, as AWS Organizations lists it. */
export interface OrganizationAccount {
  readonly id: string;
  /**
   * The account's `State` (PENDING_ACTIVATION, ACTIVE, SUSPENDED,
   * PENDING_CLOSURE, CLOSED), else its older `Status` (ACTIVE, SUSPENDED,
   * PENDING_CLOSURE); `undefined` when neither was given.
   */
  readonly state: string | undefined;
}

/** The organization's accounts, or why they could not be read. */
export type OrganizationAccounts =
  | { readonly readable: true; readonly accounts: readonly OrganizationAccount[] }
  | { readonly readable: false; readonly reason: string };

/** Reads the organization's account list; `OrganizationsAccountReader` in production. */
export interface OrganizationReader {
  /** Every account of the organization, every page; never throws: a failure is `readable: false` with the reason. */
  accounts(): Promise<OrganizationAccounts>;
}

/** The state of an account that can run AWS Config rules (Organizations API reference, Account.State). */
export const ACTIVE_STATE = 'ACTIVE';

/**
 * Whether the account is expected to report: ACTIVE, or of unknown state
 * (an account whose state Organizations did not give may be active, so it is
 * expected rather than silently skipped).
 */
export function isActive(account: OrganizationAccount): boolean {
  return account.state === undefined || account.state === ACTIVE_STATE;
}

/**
 * ListAccounts: MaxResults 1 to 20 (Organizations API reference,
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html,
 * "Valid Range: Minimum value of 1. Maximum value of 20").
 */
const ACCOUNTS_PAGE = 20;

/** Errors that mean "this caller cannot list the organization", not a fault (ListAccounts, Errors). */
const NOT_ALLOWED: Readonly<Record<string, string>> = {
  AccessDeniedException: 'only the management account or a delegated administrator may list the accounts of the organization, with organizations:ListAccounts',
  AWSOrganizationsNotInUseException: 'the caller is not in an organization',
};

/**
 * Reads AWS Organizations' account list with the SDK (its standard retries
 * included). ListAccounts "can be called only from the organization's
 * management account or by a member account that is a delegated
 * administrator"; another caller gets AccessDeniedException, a caller outside
 * any organization AWSOrganizationsNotInUseException. Organizations "might
 * return fewer results than the maximum even when there are more results
 * available" and "can occasionally return an empty set of results even when
 * there are more": paging stops only on an absent NextToken.
 *
 * The account's `Status` "will be retired on September 9, 2026" in favour of
 * `State` (Organizations API reference, Account): `State` is read first,
 * `Status` when an older answer has no `State`.
 */
export class OrganizationsAccountReader implements OrganizationReader {
  public constructor(private readonly organizations: OrganizationsClient) {}

  public async accounts(): Promise<OrganizationAccounts> {
    try {
      const accounts = await collectPages('ListAccounts', TimeBudget.unlimited(), async (token) => {
        const page = await this.organizations.send(new ListAccountsCommand({ MaxResults: ACCOUNTS_PAGE, NextToken: token }));
        const items = (page.Accounts ?? []).flatMap((account) => (account.Id === undefined ? [] : [{ id: account.Id, state: account.State ?? account.Status }]));
        return { items, next: page.NextToken };
      });
      return { readable: true, accounts };
    } catch (error) {
      const why = error instanceof Error ? NOT_ALLOWED[error.name] : undefined;
      return { readable: false, reason: why === undefined ? describeError(error) : `${describeError(error)} (${why})` };
    }
  }
}
