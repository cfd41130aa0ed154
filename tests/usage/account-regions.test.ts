import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { mockClient } from 'aws-sdk-client-mock';
import { TimeBudget } from '../../src/core/time-budget';
import { AccountRegionDirectory, LIST_REGIONS_PAGE_SIZE } from '../../src/usage/account-regions';

const account = mockClient(AccountClient);
afterEach(() => account.reset());

describe('AccountRegionDirectory', () => {
  it('pages ListRegions with the largest page and sorts regions by opt-in status', async () => {
    account
      .on(ListRegionsCommand, { NextToken: undefined })
      .resolves({ Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }, { RegionName: 'af-south-1', RegionOptStatus: 'DISABLED' }], NextToken: 't2' })
      .on(ListRegionsCommand, { NextToken: 't2' })
      .resolves({ Regions: [{ RegionName: 'eu-south-1', RegionOptStatus: 'ENABLED' }, { RegionName: 'me-south-1', RegionOptStatus: 'ENABLING' }, { RegionName: 'ap-east-1', RegionOptStatus: 'DISABLING' }] });

    const regions = await new AccountRegionDirectory(new AccountClient({})).list(TimeBudget.unlimited());

    expect(regions).toEqual({
      enabled: ['us-east-1', 'eu-south-1'],
      changing: [
        { region: 'me-south-1', status: 'ENABLING' },
        { region: 'ap-east-1', status: 'DISABLING' },
      ],
    });
    expect(account).toHaveReceivedCommandTimes(ListRegionsCommand, 2);
    expect(account).toHaveReceivedCommandWith(ListRegionsCommand, { MaxResults: LIST_REGIONS_PAGE_SIZE, NextToken: undefined });
    // No AccountId: the call is about the credentials' own account.
    expect(account.commandCalls(ListRegionsCommand).every((call) => call.args[0].input.AccountId === undefined)).toBe(true);
  });

  it('treats a status it does not know as a region in transition, never as enabled or disabled', async () => {
    account.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: 'xx-new-1', RegionOptStatus: 'SOMETHING_NEW' as 'ENABLED' }, { RegionName: 'xx-bare-1' }] });

    const regions = await new AccountRegionDirectory(new AccountClient({})).list(TimeBudget.unlimited());

    expect(regions).toEqual({ enabled: [], changing: [{ region: 'xx-new-1', status: 'SOMETHING_NEW' }, { region: 'xx-bare-1', status: 'no status' }] });
  });

  it('fails, rather than coming back short, when a region has no name', async () => {
    account.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }, { RegionOptStatus: 'ENABLED' }] });
    await expect(new AccountRegionDirectory(new AccountClient({})).list(TimeBudget.unlimited())).rejects.toThrow('listed a region without a RegionName');
  });

  it('fails, rather than coming back short, when a page cannot be read', async () => {
    account.on(ListRegionsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(new AccountRegionDirectory(new AccountClient({})).list(TimeBudget.unlimited())).rejects.toThrow('not authorized');
  });
});
