import { mapConcurrently } from '../core/map-concurrently';
import { TimeBudget } from '../core/time-budget';
import type { CertificateReference, RegionCoverage, UsageFailure, UsageInventory } from './certificate-usage';
import { AccountRegionDirectory } from './account-regions';
import { ClassicElbReferences } from './classic-elb-references';
import { CloudFrontReferences } from './cloudfront-references';
import { Elbv2References } from './elbv2-references';
import type { ReferenceSource } from './reference-source';
import { regionScope, type RegionListing } from './region-scope';
import { createUsageClients, type UsageClients } from './usage-clients';
import { describeError, UsageLookupError } from '../errors';

/**
 * Sources (one service in one region, or CloudFront) scanned at once. Every
 * region has its own ELB endpoints and request limits, so regions can go in
 * parallel; the bound keeps a scan of every enabled region (17 by default,
 * two sources each) to a few sockets, within the Lambda's memory.
 */
export const SCAN_CONCURRENCY = 8;

/** What to scan. */
export interface ScanOptions {
  /**
   * Regions whose load balancers to scan; absent: every region enabled for
   * the account. CloudFront is scanned once regardless.
   */
  readonly regions?: readonly string[];
  /**
   * The coverage already worked out ({@link CertificateReferenceFinder.listRegions}
   * and `regionScope`), so the account's regions are read once; when given,
   * `regions` is ignored.
   */
  readonly scope?: RegionCoverage;
  /** Told when each source starts and ends, for progress on stderr. */
  readonly onProgress?: (message: string) => void;
  /** Stops starting calls once spent; what was not scanned is reported as unknown. */
  readonly budget?: TimeBudget;
}

/**
 * Finds every resource that references an IAM server certificate: Classic,
 * Application and Network Load Balancer listeners in every region enabled
 * for the account (or the regions asked for), and CloudFront distributions.
 * A source that fails becomes a {@link UsageFailure}, never an empty result,
 * and the regions left out are in the inventory's coverage, so no
 * certificate is ever called unreferenced on the strength of a look-up that
 * did not happen.
 */
export class CertificateReferenceFinder {
  private readonly clients: UsageClients;

  /** @param clients SDK clients; default ones from the standard SDK environment when omitted. */
  public constructor(clients?: UsageClients) {
    this.clients = clients ?? createUsageClients();
  }

  /**
   * The regions of the account and their opt-in statuses (`account:ListRegions`),
   * or why they could not be read: never thrown, since a scan goes on without
   * them and calls nothing unreferenced.
   */
  public async listRegions(budget: TimeBudget = TimeBudget.unlimited()): Promise<RegionListing> {
    try {
      return { regions: await new AccountRegionDirectory(this.clients.account()).list(budget) };
    } catch (error) {
      return { failure: describeError(error), error };
    }
  }

  /**
   * Scans every source, at most {@link SCAN_CONCURRENCY} at once, and gathers
   * references, failures and the coverage.
   *
   * @example
   * const inventory = await new CertificateReferenceFinder().scan({});           // every enabled region
   * const narrowed = await new CertificateReferenceFinder().scan({ regions: ['eu-west-1'] });
   */
  public async scan(options: ScanOptions): Promise<UsageInventory> {
    const progress = options.onProgress ?? ((): void => undefined);
    let coverage = options.scope;
    if (coverage === undefined) {
      progress('listing the regions enabled for the account (account:ListRegions)');
      coverage = regionScope(await this.listRegions(options.budget), options.regions);
      // A scope given was listed, and its failure said, by whoever gave it.
      if (coverage.listFailure !== undefined) progress(`regions of the account unknown: account:ListRegions failed: ${coverage.listFailure}`);
    }
    const sources: ReferenceSource[] = [
      ...coverage.scanned.flatMap((region) => [new ClassicElbReferences(this.clients.elb(region), region), new Elbv2References(this.clients.elbv2(region), region)]),
      new CloudFrontReferences(this.clients.cloudfront()),
    ];
    // Results are kept per source and joined in source order, so the output
    // does not depend on which call happened to answer first.
    const results = await mapConcurrently(sources, SCAN_CONCURRENCY, async (source) => {
      const found: CertificateReference[] = [];
      progress(`scanning ${source.service} in ${source.region}`);
      try {
        await source.scan((reference) => found.push(reference), options.budget);
        progress(`scanned ${source.service} in ${source.region}`);
        return { found, failure: undefined };
      } catch (error) {
        const failure = toFailure(source, error);
        progress(`usage unknown for ${source.service} in ${source.region}: ${failure.reason}`);
        return { found, failure };
      }
    });
    const references = results.flatMap((result) => result.found);
    const failures = results.flatMap((result): UsageFailure[] => (result.failure === undefined ? [] : [result.failure]));
    return { references, failures, coverage };
  }
}

function toFailure(source: ReferenceSource, error: unknown): UsageFailure {
  if (error instanceof UsageLookupError) {
    return { service: error.service, region: error.region, action: error.action, reason: describeError(error.cause) };
  }
  // A failure outside a call (a looping marker, a bug): still unknown, never "not referenced".
  return { service: source.service, region: source.region, action: `${source.service} scan`, reason: describeError(error) };
}
