import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { collectPages } from '../adapters/collect-pages';
import type { TimeBudget } from '../core/time-budget';
import type { AccountRegions } from './region-scope';

/**
 * `ListRegions` returns at most 50 regions a page: MaxResults is 1 to 50
 * (Account Management API reference, ListRegions; the API model's
 * `@range(min: 1, max: 50)`), paged with NextToken.
 */
export const LIST_REGIONS_PAGE_SIZE = 50;

/**
 * The statuses whose regions answer calls (Account Management API reference,
 * Region data type, RegionOptStatus: ENABLED | ENABLING | DISABLING |
 * DISABLED | ENABLED_BY_DEFAULT). DISABLED regions hold nothing that can be
 * read ("The act of disabling a Region will remove all IAM access to any
 * resources that reside in that Region", API reference, DisableRegion);
 * every other status (ENABLING, DISABLING, or one added later) is a region in
 * transition, which a scan can never count as checked.
 */
const ENABLED_STATUSES: ReadonlySet<string> = new Set(['ENABLED', 'ENABLED_BY_DEFAULT']);
const DISABLED_STATUS = 'DISABLED';

/**
 * The regions enabled for the account of the credentials, from the Account
 * Management API (`account:ListRegions`). Chosen over EC2's
 * `DescribeRegions`, which answers the same question, because its client
 * adds about 1.2 MB to the Lambda bundle (measured with esbuild 0.28; the
 * Account client adds about 24 KB), and because it gives each region's
 * opt-in status, ENABLING and DISABLING included, where DescribeRegions
 * says only opted-in or not. No `AccountId` is sent: in an Organization the
 * rule runs on credentials in the evaluated account itself.
 */
export class AccountRegionDirectory {
  public constructor(private readonly client: AccountClient) {}

  /** Every region and its status, all pages; throws when a page cannot be read. */
  public async list(budget: TimeBudget): Promise<AccountRegions> {
    const regions = await collectPages('account:ListRegions', budget, async (token, abortSignal) => {
      const page = await this.client.send(new ListRegionsCommand({ MaxResults: LIST_REGIONS_PAGE_SIZE, NextToken: token }), { abortSignal });
      return { items: page.Regions ?? [], next: page.NextToken };
    });
    const enabled: string[] = [];
    const changing: { region: string; status: string }[] = [];
    for (const { RegionName: region, RegionOptStatus: status } of regions) {
      // A region without its name cannot be scanned, nor left out knowingly: the listing is not usable.
      if (region === undefined || region === '') throw new Error('account:ListRegions listed a region without a RegionName');
      if (status !== undefined && ENABLED_STATUSES.has(status)) enabled.push(region);
      else if (status !== DISABLED_STATUS) changing.push({ region, status: status ?? 'no status' });
    }
    return { enabled, changing };
  }
}
