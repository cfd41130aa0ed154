import { CliUsageError } from '../errors';
import { RegionGapReason, type RegionCoverage, type UsageInventory } from '../usage/certificate-usage';
import { regionScope } from '../usage/region-scope';
import type { CliServices } from './cli-dependencies';
import type { CliIo } from './cli-io';
import { isCredentialProblem } from './credential-problem';
import { printable } from './terminal-text';

/**
 * The regions the usage scan will cover: every region enabled for the
 * account (`account:ListRegions`), or the ones `--regions` names. Called
 * before anything else is read, so a region that is not enabled for the
 * account (`eu-wst-1`, or one opted out of) is refused at once, with the list
 * of the enabled ones, as a usage error. When the regions cannot be listed
 * the scan goes on over `--regions` (or no region at all): stderr says so,
 * and nothing will be called unreferenced; unless what failed is the
 * credentials themselves (none, expired, unknown to AWS), which no other call
 * would get past either: that error is thrown, for the one line that says
 * what to do (exit 253), rather than a "grant account:ListRegions" that would
 * send the reader after the wrong fix.
 */
export async function resolveUsageScope(command: string, services: CliServices, io: CliIo, requested: readonly string[] | undefined): Promise<RegionCoverage> {
  io.stderr('listing the regions enabled for the account (account:ListRegions)\n');
  const listing = await services.usage.listRegions();
  if ('failure' in listing && isCredentialProblem(listing.error)) throw listing.error;
  const scope = regionScope(listing, requested);
  const notEnabled = scope.gaps.filter((gap) => gap.reason === RegionGapReason.NotEnabled).map((gap) => gap.region);
  if (notEnabled.length > 0) {
    throw new CliUsageError(
      command,
      `${command}: --regions names ${notEnabled.join(', ')}, not ${notEnabled.length === 1 ? 'a region' : 'regions'} enabled for this account; ` +
        `the enabled regions are: ${(scope.enabled ?? []).join(', ')}`,
    );
  }
  if (scope.listFailure !== undefined) {
    io.stderr(
      `${printable(`the account's regions could not be listed (account:ListRegions failed: ${scope.listFailure})`)}: ` +
        `${requested === undefined ? 'no region' : 'only the --regions'} will be scanned for load balancers, and no certificate can be called unreferenced; grant account:ListRegions\n`,
    );
  }
  return scope;
}

/** Runs the usage scan over `scope`, with progress on stderr (escaped) so stdout stays clean for results. */
export async function scanUsage(services: CliServices, io: CliIo, scope: RegionCoverage): Promise<UsageInventory> {
  return services.usage.scan({ scope, onProgress: (message) => io.stderr(`${printable(message)}\n`) });
}
