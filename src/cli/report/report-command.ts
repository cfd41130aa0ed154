import type { CliEnvironment } from '../cli-dependencies';
import { CliUsageError } from '../../errors';
import { CertificateStatus } from '../certificate-status';
import { ExitCode } from '../exit-codes';
import { formatCsv } from './format-csv';
import { formatJson } from './format-json';
import { formatTable } from './format-table';
import { REPORT_HELP } from '../help-text';
import { parseDays, parseFlags, parseRegion, parseRegions } from '../parse-flags';
import { DEFAULT_REPORT_DAYS } from './report-defaults';
import { reportRows } from './report-rows';
import { scanUsage } from '../scan-usage';

const COMMAND = 'report';

/**
 * `report`: every certificate with its status and consumers, as a table,
 * JSON or CSV on stdout. Returns {@link ExitCode.Expired} when any
 * certificate has expired, so a pipeline can fail on it.
 */
export async function reportCommand(args: readonly string[], environment: CliEnvironment): Promise<ExitCode> {
  const flags = parseFlags(COMMAND, args, {
    days: { type: 'string' },
    regions: { type: 'string' },
    'no-usage': { type: 'boolean' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    region: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) {
    environment.io.stdout(REPORT_HELP);
    return ExitCode.Ok;
  }
  if (flags.json === true && flags.csv === true) {
    throw new CliUsageError(COMMAND, `${COMMAND}: --json and --csv cannot be combined; pick one`);
  }
  const skipUsage = flags['no-usage'] === true;
  const days = parseDays(COMMAND, flags.days, DEFAULT_REPORT_DAYS);
  const region = parseRegion(COMMAND, '--region', flags.region);
  const regions = parseRegions(COMMAND, flags.regions);
  if (skipUsage && regions !== undefined) {
    throw new CliUsageError(COMMAND, `${COMMAND}: --regions has no effect with --no-usage; drop one of them`);
  }

  const services = environment.services(region);
  environment.io.stderr('listing IAM server certificates\n');
  const certificates = await services.certificates.listAll();
  const inventory = skipUsage ? undefined : await scanUsage(services, environment.io, regions);
  const rows = reportRows(certificates, environment.now, days, inventory);

  if (flags.json === true) environment.io.stdout(formatJson(rows, environment.now, days, !skipUsage));
  else if (flags.csv === true) environment.io.stdout(formatCsv(rows));
  else environment.io.stdout(formatTable(rows));

  return rows.some((row) => row.status === CertificateStatus.Expired) ? ExitCode.Expired : ExitCode.Ok;
}
