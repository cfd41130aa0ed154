import { AccessDeniedException, AWSOrganizationsNotInUseException, ListAccountsCommand, OrganizationsClient, ServiceException } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { isActive, OrganizationsAccountReader } from '../../src/adapters/organization-accounts';

const organizations = mockClient(OrganizationsClient);
const reader = (): OrganizationsAccountReader => new OrganizationsAccountReader(new OrganizationsClient({ region: 'us-east-1' }));

describe('OrganizationsAccountReader', () => {
  afterEach(() => organizations.reset());

  it('pages ListAccounts 20 at a time through an empty page with a token, reading State before the retiring Status', async () => {
    organizations
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [], NextToken: 't1' })
      .resolvesOnce({
        Accounts: [
          { Id: '111111111111', State: 'ACTIVE', Status: 'ACTIVE' },
          // An answer from before State existed.
          { Id: '222222222222', Status: 'SUSPENDED' },
          // State wins where the two differ.
          { Id: '333333333333', State: 'CLOSED', Status: 'ACTIVE' },
          { Name: 'no id' },
        ],
        NextToken: 't2',
      })
      .resolvesOnce({ Accounts: [{ Id: '444444444444' }] });

    await expect(reader().accounts()).resolves.toEqual({
      readable: true,
      accounts: [
        { id: '111111111111', state: 'ACTIVE' },
        { id: '222222222222', state: 'SUSPENDED' },
        { id: '333333333333', state: 'CLOSED' },
        { id: '444444444444', state: undefined },
      ],
    });
    expect(organizations.commandCalls(ListAccountsCommand).map((call) => call.args[0].input)).toEqual([
      { MaxResults: 20, NextToken: undefined },
      { MaxResults: 20, NextToken: 't1' },
      { MaxResults: 20, NextToken: 't2' },
    ]);
  });

  it.each([
    [new AccessDeniedException({ message: "You don't have permissions to access this resource.", $metadata: {} }), /^AccessDeniedException: You don't have permissions to access this resource\. \(only the management account or a delegated administrator may list/],
    [new AWSOrganizationsNotInUseException({ message: 'Your account is not a member of an organization.', $metadata: {} }), /^AWSOrganizationsNotInUseException: .* \(the caller is not in an organization\)$/],
    [new ServiceException({ message: 'try later', $metadata: {} }), /^ServiceException: try later$/],
  ])('never throws: %p makes the list unreadable, with the reason', async (error, reason) => {
    organizations.on(ListAccountsCommand).rejects(error);

    await expect(reader().accounts()).resolves.toEqual({ readable: false, reason: expect.stringMatching(reason) });
  });

  it('is unreadable, not short, when a later page fails', async () => {
    organizations.on(ListAccountsCommand).resolvesOnce({ Accounts: [{ Id: '111111111111', State: 'ACTIVE' }], NextToken: 't1' }).rejectsOnce(new ServiceException({ message: 'boom', $metadata: {} }));

    await expect(reader().accounts()).resolves.toEqual({ readable: false, reason: 'ServiceException: boom' });
  });
});

describe('isActive', () => {
  it.each([
    ['ACTIVE', true],
    [undefined, true],
    ['SUSPENDED', false],
    ['PENDING_CLOSURE', false],
    ['CLOSED', false],
    ['PENDING_ACTIVATION', false],
  ])('%p is %p', (state, active) => {
    expect(isActive({ id: '111111111111', state })).toBe(active);
  });
});
