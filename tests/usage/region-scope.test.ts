import { coversEveryRegion, regionScope, regionsChecked } from '../../src/usage/region-scope';

const listing = { regions: { enabled: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], changing: [{ region: 'me-south-1', status: 'DISABLING' }] } };
const plain = { regions: { enabled: ['us-east-1', 'eu-west-1'], changing: [] } };

describe('regionScope', () => {
  it('scans every enabled region when none is asked for, and covers the account', () => {
    const scope = regionScope(plain, undefined);
    expect(scope).toEqual({ enabled: ['eu-west-1', 'us-east-1'], listFailure: undefined, scanned: ['eu-west-1', 'us-east-1'], gaps: [] });
    expect(coversEveryRegion(scope)).toBe(true);
  });

  it('never covers the account when no region is enabled: nothing was looked at', () => {
    const scope = regionScope({ regions: { enabled: [], changing: [] } }, undefined);
    expect([scope.scanned, scope.gaps]).toEqual([[], []]);
    expect(coversEveryRegion(scope)).toBe(false);
  });

  it('scans only the regions asked for, and counts the enabled ones left out as gaps', () => {
    const scope = regionScope(plain, ['us-east-1', 'us-east-1']);
    expect(scope.scanned).toEqual(['us-east-1']);
    expect(scope.gaps).toEqual([{ region: 'eu-west-1', reason: 'not-requested' }]);
    expect(coversEveryRegion(scope)).toBe(false);
  });

  it('never scans a region asked for that is not enabled, and says so', () => {
    const scope = regionScope(plain, ['eu-wst-1', 'eu-west-1', 'us-east-1']);
    expect(scope.scanned).toEqual(['eu-west-1', 'us-east-1']);
    expect(scope.gaps).toEqual([{ region: 'eu-wst-1', reason: 'not-enabled' }]);
  });

  it('never counts a region being enabled or disabled as checked, asked for or not', () => {
    expect(regionScope(listing, undefined).gaps).toEqual([{ region: 'me-south-1', reason: 'changing', status: 'DISABLING' }]);
    expect(regionScope(listing, ['me-south-1', 'us-east-1']).scanned).toEqual(['us-east-1']);
    expect(coversEveryRegion(regionScope(listing, undefined))).toBe(false);
  });

  it('scans the regions asked for, and no region at all otherwise, when the account\'s regions cannot be listed', () => {
    const failed = { failure: 'AccessDeniedException: not authorized to perform account:ListRegions' };
    expect(regionScope(failed, undefined)).toEqual({ enabled: undefined, listFailure: failed.failure, scanned: [], gaps: [] });
    expect(regionScope(failed, ['eu-west-1']).scanned).toEqual(['eu-west-1']);
    expect(coversEveryRegion(regionScope(failed, ['eu-west-1']))).toBe(false);
  });
});

describe('regionsChecked', () => {
  it('leaves out a scanned region whose scan failed: it counts as not checked', () => {
    const coverage = regionScope(plain, undefined);
    const failures = [{ service: 'elbv2', region: 'eu-west-1', action: 'elasticloadbalancing:DescribeListeners', reason: 'Throttling: x' }] as const;
    expect(regionsChecked({ coverage, failures })).toEqual(['us-east-1']);
  });
});
