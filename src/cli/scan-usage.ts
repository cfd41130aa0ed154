import type { UsageInventory } from '../usage/certificate-usage';
import type { CliServices } from './cli-dependencies';
import type { CliIo } from './cli-io';

/**
 * Runs the usage scan over `regions` (the services' default region when none
 * were given), with progress on stderr so stdout stays clean for results.
 */
export async function scanUsage(services: CliServices, io: CliIo, regions: readonly string[] | undefined): Promise<UsageInventory> {
  const scanned = regions ?? [await services.defaultRegion()];
  return services.usage.scan({ regions: scanned, onProgress: (message) => io.stderr(`${message}\n`) });
}
