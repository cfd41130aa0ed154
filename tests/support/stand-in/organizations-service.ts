import { STAND_IN_ORGANIZATION_ID } from './aggregator-sources';
import { AMZ_JSON_1_1 } from './config-json';
import { decodeOffset, encodeOffset } from './marker-paging';
import { ServiceError, type Reply } from './reply';

/**
 * The JSON 1.1 target prefix of AWS Organizations (its API model: service
 * AWSOrganizationsV20161128, protocol awsJson1_1): requests carry
 * `X-Amz-Target: AWSOrganizationsV20161128.ListAccounts`.
 */
export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128.';

/** One account as the stand-in's Organizations lists it. */
export interface OrganizationAccountSeed {
  readonly id: string;
  /**
   * `State` (Organizations API reference, Account: PENDING_ACTIVATION |
   * ACTIVE | SUSPENDED | PENDING_CLOSURE | CLOSED); `null` leaves the field
   * out, as answers from before the field existed do. Default ACTIVE.
   */
  readonly state?: 'PENDING_ACTIVATION' | 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED' | null;
  /**
   * The older `Status` (ACTIVE | SUSPENDED | PENDING_CLOSURE), which "will be
   * retired on September 9, 2026"; `null` leaves it out, as answers after
   * that date will. Default: the state where it has one, else left out.
   */
  readonly status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | null;
}

/** The organization the stand-in's central account belongs to. */
export interface OrganizationSeed {
  /** Default: the stand-in's organization id (the one its organization aggregators collect from). */
  readonly id?: string;
  /** The management account; default the stand-in's central account. */
  readonly managementAccountId?: string;
  /** Member accounts that are a delegated administrator (for any service): they may list accounts too. */
  readonly delegatedAdministrators?: readonly string[];
  readonly accounts: readonly OrganizationAccountSeed[];
  /**
   * Answers as Organizations may: "fewer results than the maximum even when
   * there are more results available", and "an empty set of results even
   * when more results are available" (API reference, ListAccounts): the first
   * page is empty with a NextToken, then pages of half the asked size.
   */
  readonly shortPages?: boolean;
}

// ListAccounts MaxResults: "Valid Range: Minimum value of 1. Maximum value of 20"; when absent it
// "defaults to a value that is specific to the operation", which the reference does not give: the
// stand-in uses 20 (the product always sends MaxResults).
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
const MAX_RESULTS = 20;

/**
 * An Organizations error: modelled errors carry `Message`, and
 * InvalidInputException a `Reason` (Organizations API reference, Errors:
 * InvalidInputException "includes a reason", e.g. MAX_VALUE_EXCEEDED,
 * MIN_VALUE_EXCEEDED, INVALID_NEXT_TOKEN).
 */
class OrganizationsError extends ServiceError {
  public constructor(
    code: string,
    message: string,
    public readonly reason?: string,
  ) {
    super(code, message);
  }
}

/** The stand-in's AWS Organizations: one organization, or none, and who may read it. */
export class OrganizationStore {
  private organization: OrganizationSeed | undefined;

  public constructor(private readonly centralAccountId: string) {}

  public seed(organization: OrganizationSeed): void {
    this.organization = organization;
  }

  public clear(): void {
    this.organization = undefined;
  }

  /**
   * One Organizations operation for a caller acting in `callerAccountId`:
   * ListAccounts only. Without an organization:
   * AWSOrganizationsNotInUseException ("Your account isn't a member of an
   * organization"). ListAccounts "can be called only from the
   * organization's management account or by a member account that is a
   * delegated administrator": any other account gets AccessDeniedException.
   */
  public run(operation: string, body: Readonly<Record<string, unknown>>, callerAccountId: string): unknown {
    if (operation !== 'ListAccounts') throw new OrganizationsError('UnknownOperationException', `Operation ${operation} is not supported by the stand-in`);
    const organization = this.organization;
    if (organization === undefined) throw new OrganizationsError('AWSOrganizationsNotInUseException', "Your account is not a member of an organization.");
    const management = organization.managementAccountId ?? this.centralAccountId;
    if (callerAccountId !== management && organization.delegatedAdministrators?.includes(callerAccountId) !== true) {
      throw new OrganizationsError('AccessDeniedException', "You don't have permissions to access this resource.");
    }
    return listAccounts(organization, management, body);
  }
}

function listAccounts(organization: OrganizationSeed, management: string, body: Readonly<Record<string, unknown>>): unknown {
  const maxResults = body['MaxResults'] ?? MAX_RESULTS;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
    const reason = typeof maxResults === 'number' && maxResults < 1 ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED';
    throw new OrganizationsError('InvalidInputException', `You provided a value for MaxResults outside 1 to ${MAX_RESULTS}.`, reason);
  }
  const token = body['NextToken'];
  const start = token === undefined ? 0 : typeof token === 'string' ? decodeOffset(token, organization.accounts.length) : undefined;
  if (start === undefined) throw new OrganizationsError('InvalidInputException', 'The provided NextToken is not valid.', 'INVALID_NEXT_TOKEN');
  const size = organization.shortPages === true ? (start === 0 && token === undefined ? 0 : Math.max(1, Math.floor(maxResults / 2))) : maxResults;
  const end = Math.min(start + size, organization.accounts.length);
  const id = organization.id ?? STAND_IN_ORGANIZATION_ID;
  return {
    Accounts: organization.accounts.slice(start, end).map((account) => accountShape(account, id, management)),
    ...(end < organization.accounts.length || (organization.shortPages === true && token === undefined) ? { NextToken: encodeOffset(end) } : {}),
  };
}

function accountShape(account: OrganizationAccountSeed, organizationId: string, management: string): unknown {
  const state = account.state === undefined ? 'ACTIVE' : account.state;
  const legacy = state === 'ACTIVE' || state === 'SUSPENDED' || state === 'PENDING_CLOSURE' ? state : null;
  const status = account.status === undefined ? legacy : account.status;
  return {
    Id: account.id,
    // arn:aws:organizations::<management account>:account/<organization id>/<account id> (Organizations API reference, Account.Arn).
    Arn: `arn:aws:organizations::${management}:account/${organizationId}/${account.id}`,
    Email: `aws+${account.id}@example.com`,
    Name: `account-${account.id}`,
    ...(status === null ? {} : { Status: status }),
    ...(state === null ? {} : { State: state }),
    JoinedMethod: 'CREATED',
    JoinedTimestamp: 1_700_000_000,
  };
}

/** A JSON 1.1 error body as Organizations sends it: `__type`, `Message`, and InvalidInputException's `Reason`. */
export function organizationsError(error: ServiceError): Reply {
  const reason = error instanceof OrganizationsError && error.reason !== undefined ? { Reason: error.reason } : {};
  return { status: error.status, contentType: AMZ_JSON_1_1, body: JSON.stringify({ __type: error.code, Message: error.message, ...reason }) };
}
