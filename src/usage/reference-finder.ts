import type { TimeBudget } from '../core/time-budget';
import type { CertificateReference, UsageFailure, UsageInventory } from './certificate-usage';
import { ClassicElbReferences } from './classic-elb-references';
import { CloudFrontReferences } from './cloudfront-references';
import { Elbv2References } from './elbv2-references';
import type { ReferenceSource } from './reference-source';
import { createUsageClients, type UsageClients } from './usage-clients';
import { describeError, UsageLookupError } from '../errors';

/** What to scan. */
export interface ScanOptions {
  /** Regions whose load balancers to scan; at least one. CloudFront is scanned once regardless. */
  readonly regions: readonly string[];
  /** Told when each source starts and ends, for progress on stderr. */
  readonly onProgress?: (message: string) => void;
  /** Stops starting calls once spent; what was not scanned is reported as unknown. */
  readonly budget?: TimeBudget;
}

/**
 * Finds every resource that references an IAM server certificate: Classic,
 * Application and Network Load Balancer listeners in each region asked for,
 * and CloudFront distributions. A source that fails becomes a
 * {@link UsageFailure}, never an empty result, so no certificate is ever
 * called unreferenced on the strength of a look-up that did not happen.
 */
export class CertificateReferenceFinder {
  private readonly clients: UsageClients;

  /** @param clients SDK clients; default ones from the standard SDK environment when omitted. */
  public constructor(clients?: UsageClients) {
    this.clients = clients ?? createUsageClients();
  }

  /**
   * Scans every source in parallel (they are independent; wall time is the
   * slowest one) and gathers references and failures.
   *
   * @example
   * const inventory = await new CertificateReferenceFinder().scan({ regions: ['eu-west-1'] });
   */
  public async scan(options: ScanOptions): Promise<UsageInventory> {
    const regions = [...new Set(options.regions)];
    if (regions.length === 0) throw new RangeError('The usage scan needs at least one region');
    const sources: ReferenceSource[] = [
      ...regions.flatMap((region) => [
        new ClassicElbReferences(this.clients.elb(region), region),
        new Elbv2References(this.clients.elbv2(region), region),
      ]),
      new CloudFrontReferences(this.clients.cloudfront()),
    ];
    const progress = options.onProgress ?? ((): void => undefined);
    // Results are kept per source and joined in source order, so the output
    // does not depend on which call happened to answer first.
    const results = await Promise.all(
      sources.map(async (source) => {
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
      }),
    );
    const references = results.flatMap((result) => result.found);
    const failures = results.flatMap((result): UsageFailure[] => (result.failure === undefined ? [] : [result.failure]));
    return { references, failures };
  }
}

function toFailure(source: ReferenceSource, error: unknown): UsageFailure {
  if (error instanceof UsageLookupError) {
    return { service: error.service, region: error.region, action: error.action, reason: describeError(error.cause) };
  }
  // A failure outside a call (a looping marker, a bug): still unknown, never "not referenced".
  return { service: source.service, region: source.region, action: `${source.service} scan`, reason: describeError(error) };
}
