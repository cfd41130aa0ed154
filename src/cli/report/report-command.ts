import { acmNotChecked } from '../acm-advice';
import type { CliEnvironment } from '../cli-dependencies';
import { CertificateStatus } from '../certificate-status';
import { ExitCode } from '../exit-codes';
import { REPORT_HELP } from '../help-text';
import { scanUsage } from '../scan-usage';
import { accountHtmlReport } from './account-html-report';
import { organisationReport } from './aggregate-command';
import { formatCsv } from './format-csv';
import { formatHtml } from './format-html';
import { formatJson } from './format-json';
import { formatAcmAdvice, formatTable } from './format-table';
import { parseReportFlags, type ReportOptions } from './parse-report-flags';
import { reportRows, withAcmAdvice } from './report-rows';

/**
 * `report`: every certificate with its status, as a table, JSON or CSV on
 * stdout, and with `--html FILE` as a self-contained page. One account read
 * from IAM (with usage), or with `--aggregator` every account of a Config
 * aggregator. Returns {@link ExitCode.Expired} when any certificate has
 * expired, so a pipeline can fail on it, and {@link ExitCode.Error} when an
 * aggregator account could not be read or the coverage is unverified (after
 * printing what could; see aggregate-command.ts).
 */
export async function reportCommand(args: readonly string[], environment: CliEnvironment): Promise<ExitCode> {
  const options = parseReportFlags(args);
  if (options.help) {
    environment.io.stdout(REPORT_HELP);
    return ExitCode.Ok;
  }
  return options.aggregator === undefined ? accountReport(options, environment) : organisationReport(options.aggregator, options, environment);
}

async function accountReport(options: ReportOptions, environment: CliEnvironment): Promise<ExitCode> {
  const services = environment.services(options.region);
  environment.io.stderr('listing IAM server certificates\n');
  const certificates = await services.certificates.listAll();
  const inventory = options.skipUsage ? undefined : await scanUsage(services, environment.io, options.regions);
  const rows = await withAcmAdvice(reportRows(certificates, environment.now, options.days, inventory), (name) => services.certificates.dnsNamesOf(name), services.acm, {
    now: environment.now,
    windowDays: options.days,
  });
  // ACM advice is best-effort: a failed look-up is said once per reason and changes neither the report nor its exit code.
  for (const reason of new Set(rows.flatMap((row) => (row.acmNotChecked === undefined ? [] : [row.acmNotChecked])))) environment.io.stderr(`${acmNotChecked(reason)}\n`);

  if (options.format === 'json') environment.io.stdout(formatJson(rows, environment.now, options.days, !options.skipUsage));
  else if (options.format === 'csv') environment.io.stdout(formatCsv(rows));
  else environment.io.stdout(formatTable(rows) + formatAcmAdvice(rows));
  if (options.html !== undefined) await writeHtml(options.html, formatHtml(accountHtmlReport(rows, environment.now, options.days)), environment);

  return rows.some((row) => row.status === CertificateStatus.Expired) ? ExitCode.Expired : ExitCode.Ok;
}

async function writeHtml(file: string, html: string, environment: CliEnvironment): Promise<void> {
  await environment.writeFile(file, html);
  environment.io.stderr(`wrote HTML report to ${file}\n`);
}
