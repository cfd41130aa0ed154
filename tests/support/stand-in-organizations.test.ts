import { ListAccountsCommand, OrganizationsClient, type ListAccountsCommandOutput } from '@aws-sdk/client-organizations';
import type { StandIn } from './stand-in/stand-in';
import { useStandInThroughSdk } from './stand-in-through-sdk';

const CENTRAL = '123456789012';
const accountIds = (count: number): string[] => Array.from({ length: count }, (_, index) => String(200000000000 + index));

/** The stand-in's AWS Organizations (organizations-service.ts), through the real SDK client, against the ListAccounts reference. */
describe('stand-in AWS Organizations', () => {
  const sdk = useStandInThroughSdk();
  let standIn: StandIn;
  let organizations: OrganizationsClient;

  beforeAll(() => {
    standIn = sdk.standIn();
    organizations = sdk.client(() => new OrganizationsClient({ region: 'eu-west-1', maxAttempts: 1 }));
  });

  async function allPages(client: OrganizationsClient, maxResults?: number): Promise<ListAccountsCommandOutput[]> {
    const pages: ListAccountsCommandOutput[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListAccountsCommand({ MaxResults: maxResults, NextToken: token }));
      pages.push(page);
      token = page.NextToken;
    } while (token !== undefined);
    return pages;
  }

  it('pages ListAccounts 20 at a time, with State and Status, for the management account', async () => {
    standIn.seedOrganization({ accounts: accountIds(45).map((id) => ({ id })) });

    const pages = await allPages(organizations, 20);

    expect(pages.map((page) => page.Accounts?.length)).toEqual([20, 20, 5]);
    expect(pages.flatMap((page) => page.Accounts ?? []).map((account) => account.Id)).toEqual(accountIds(45));
    expect(pages[0]?.Accounts?.[0]).toEqual(
      expect.objectContaining({ Id: '200000000000', State: 'ACTIVE', Status: 'ACTIVE', Arn: `arn:aws:organizations::${CENTRAL}:account/o-standin001/200000000000`, JoinedMethod: 'CREATED' }),
    );
    expect(standIn.calls.countOf('ListAccounts')).toBe(3);
  });

  it('answers an empty first page and short pages with a token when told to, as Organizations may', async () => {
    standIn.seedOrganization({ accounts: accountIds(25).map((id) => ({ id })), shortPages: true });

    const pages = await allPages(organizations, 20);

    expect(pages.map((page) => page.Accounts?.length)).toEqual([0, 10, 10, 5]);
    expect(pages.flatMap((page) => page.Accounts ?? [])).toHaveLength(25);
  });

  it('gives State only, Status only, or both, as seeded: PENDING_ACTIVATION and CLOSED have no Status', async () => {
    standIn.seedOrganization({
      accounts: [
        { id: '200000000001', state: 'SUSPENDED' },
        { id: '200000000002', state: null, status: 'ACTIVE' },
        { id: '200000000003', state: 'CLOSED' },
        { id: '200000000004', state: 'ACTIVE', status: null },
      ],
    });

    const [page] = await allPages(organizations);

    expect(page?.Accounts?.map((account) => [account.Id, account.State, account.Status])).toEqual([
      ['200000000001', 'SUSPENDED', 'SUSPENDED'],
      ['200000000002', undefined, 'ACTIVE'],
      ['200000000003', 'CLOSED', undefined],
      ['200000000004', 'ACTIVE', undefined],
    ]);
  });

  it('lets a delegated administrator list, refuses any other member account with AccessDeniedException', async () => {
    standIn.seedOrganization({ accounts: accountIds(3).map((id) => ({ id })), delegatedAdministrators: ['200000000001'] });
    const as = (accountId: string): OrganizationsClient =>
      sdk.client(() => {
        const session = standIn.functionEnvironment(accountId);
        return new OrganizationsClient({ region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: session['AWS_ACCESS_KEY_ID'] ?? '', secretAccessKey: session['AWS_SECRET_ACCESS_KEY'] ?? '', sessionToken: session['AWS_SESSION_TOKEN'] ?? '' } });
      });

    await expect(as('200000000001').send(new ListAccountsCommand({}))).resolves.toEqual(expect.objectContaining({ Accounts: expect.any(Array) }));
    await expect(as('200000000002').send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException', message: "You don't have permissions to access this resource." });
  });

  it('refuses with AccessDeniedException when the caller\'s policy denies organizations:ListAccounts', async () => {
    standIn.seedOrganization({ accounts: [] });
    standIn.denyAction(CENTRAL, 'organizations:ListAccounts');

    await expect(organizations.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('is not authorized to perform: organizations:ListAccounts') });
  });

  it('answers AWSOrganizationsNotInUseException without an organization', async () => {
    await expect(organizations.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'AWSOrganizationsNotInUseException' });
  });

  it.each([
    [21, 'MAX_VALUE_EXCEEDED'],
    [0, 'MIN_VALUE_EXCEEDED'],
  ])('refuses MaxResults %p with InvalidInputException (%s)', async (maxResults, reason) => {
    standIn.seedOrganization({ accounts: [] });

    await expect(organizations.send(new ListAccountsCommand({ MaxResults: maxResults }))).rejects.toMatchObject({ name: 'InvalidInputException', Reason: reason });
  });

  it('refuses a NextToken it did not give with InvalidInputException (INVALID_NEXT_TOKEN)', async () => {
    standIn.seedOrganization({ accounts: [] });

    await expect(organizations.send(new ListAccountsCommand({ NextToken: 'bogus' }))).rejects.toMatchObject({ name: 'InvalidInputException', Reason: 'INVALID_NEXT_TOKEN' });
  });
});
