import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { DEFAULT_ENABLED_REGIONS, OPT_IN_REGIONS } from './stand-in/account-service';
import type { StandIn } from './stand-in/stand-in';
import { useStandInThroughSdk } from './stand-in-through-sdk';

/**
 * The stand-in's Account Management ListRegions through the real SDK client
 * (restJson1, `POST /listRegions`, reached through `AWS_ENDPOINT_URL_ACCOUNT`),
 * and what a Region's opt-in status does to the load balancer calls there.
 */
describe('the Account Management stand-in (ListRegions), through the real SDK client', () => {
  const sdk = useStandInThroughSdk();
  let standIn: StandIn;
  let account: AccountClient;
  beforeEach(() => {
    standIn = sdk.standIn();
    account ??= sdk.client(() => new AccountClient({ region: 'us-east-1', maxAttempts: 1 }));
  });

  async function everyRegion(request: { RegionOptStatusContains?: ('ENABLED' | 'ENABLED_BY_DEFAULT' | 'DISABLED' | 'ENABLING' | 'DISABLING')[]; MaxResults?: number } = {}) {
    const regions: { RegionName?: string; RegionOptStatus?: string }[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await account.send(new ListRegionsCommand({ ...request, NextToken: token }));
      regions.push(...(page.Regions ?? []));
      token = page.NextToken;
      pages += 1;
    } while (token !== undefined);
    return { regions, pages };
  }

  it('lists a new account\'s Regions: the default ones enabled by default, the opt-in ones disabled', async () => {
    const { regions, pages } = await everyRegion({ MaxResults: 50 });

    expect(pages).toBe(1);
    expect(regions.filter((region) => region.RegionOptStatus === 'ENABLED_BY_DEFAULT').map((region) => region.RegionName)).toEqual([...DEFAULT_ENABLED_REGIONS].sort());
    expect(regions.filter((region) => region.RegionOptStatus === 'DISABLED').map((region) => region.RegionName)).toEqual([...OPT_IN_REGIONS].sort());
    expect(standIn.callCounts()).toEqual({ 'account:ListRegions': 1 });
  });

  it('pages with MaxResults and NextToken, and filters by RegionOptStatusContains', async () => {
    standIn.setRegionOptStatus('eu-south-1', 'ENABLED');
    standIn.setRegionOptStatus('me-south-1', 'ENABLING');

    const paged = await everyRegion({ MaxResults: 5 });
    const enabled = await everyRegion({ RegionOptStatusContains: ['ENABLED'] });
    const transitional = await everyRegion({ RegionOptStatusContains: ['ENABLING', 'DISABLING'] });

    expect(paged.pages).toBe(Math.ceil((DEFAULT_ENABLED_REGIONS.length + OPT_IN_REGIONS.length) / 5));
    expect(new Set(paged.regions.map((region) => region.RegionName)).size).toBe(paged.regions.length);
    expect(enabled.regions).toEqual([{ RegionName: 'eu-south-1', RegionOptStatus: 'ENABLED' }]);
    expect(transitional.regions).toEqual([{ RegionName: 'me-south-1', RegionOptStatus: 'ENABLING' }]);
  });

  it('refuses what the API model refuses: MaxResults outside 1 to 50, an unknown token, another account', async () => {
    await expect(account.send(new ListRegionsCommand({ MaxResults: 51 }))).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    await expect(account.send(new ListRegionsCommand({ MaxResults: 0 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(account.send(new ListRegionsCommand({ NextToken: 'not-a-token' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(account.send(new ListRegionsCommand({ AccountId: '111122223333' }))).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
  });

  it('denies account:ListRegions when told to, and injects faults into it', async () => {
    standIn.denyAction('123456789012', 'account:ListRegions');
    await expect(account.send(new ListRegionsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });

    standIn.reset();
    standIn.faults.add({ operation: 'account:ListRegions', onCalls: [1], kind: 'throttle' });
    await expect(account.send(new ListRegionsCommand({}))).rejects.toMatchObject({ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
    await expect(account.send(new ListRegionsCommand({}))).resolves.toMatchObject({ Regions: expect.any(Array) });
  });

  it('answers load balancer calls only in enabled Regions, and records the Region of each', async () => {
    standIn.addClassicLoadBalancer({ name: 'bahrain', region: 'me-south-1', listeners: [{ port: 443 }] });
    const bahrain = sdk.client(() => new ElasticLoadBalancingClient({ region: 'me-south-1', maxAttempts: 1 }));

    await expect(bahrain.send(new DescribeLoadBalancersCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    standIn.setRegionOptStatus('me-south-1', 'ENABLED');
    const answer = await bahrain.send(new DescribeLoadBalancersCommand({}));

    expect(answer.LoadBalancerDescriptions?.map((lb) => lb.LoadBalancerName)).toEqual(['bahrain']);
    expect(standIn.calls.all().map((call) => [call.operation, call.region])).toEqual([
      ['elb:DescribeLoadBalancers', 'me-south-1'],
      ['elb:DescribeLoadBalancers', 'me-south-1'],
    ]);
  });
});
