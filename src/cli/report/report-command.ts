import { acmNotChecked } from '../acm-advice';
import type { CommandEnvironment } from '../cli-dependencies';
import { CertificateStatus } from '../certificate-status';
import { ExitCode } from '../exit-codes';
import { REPORT_HELP } from '../help-text';
import { scanUsage } from '../scan-usage';
import { accountHtmlReport } from './account-html-report';
import { AggregateState } from './aggregate-rows';
import { readAggregateReport } from './aggregate-report';
import { formatAggregateJson, formatAggregateTable } from './format-aggregate';
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
 * aggregator account could not be read (after printing what could).
 */
export async function reportCommand(args: readonly string[], environment: CommandEnvironment): Promise<ExitCode> {
  const options = parseReportFlags(args);
  if (options.help) {
    environment.io.stdout(REPORT_HELP);
    return ExitCode.Ok;
  }
  return options.aggregator === undefined ? accountReport(options, environment) : organisationReport(options.aggregator, options, environment);
}

async function accountReport(options: ReportOptions, environment: CommandEnvironment): Promise<ExitCode> {
  const services = environment.services();
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

async function organisationReport(aggregator: string, options: ReportOptions, environment: CommandEnvironment): Promise<ExitCode> {
  const report = await readAggregateReport(environment.services().aggregates, {
    aggregator,
    concurrency: options.concurrency,
    now: environment.now,
    days: options.days,
    progress: (line) => environment.io.stderr(`${line}\n`),
  });
  environment.io.stdout(options.format === 'json' ? formatAggregateJson(report) : formatAggregateTable(report));
  if (options.html !== undefined) await writeHtml(options.html, formatHtml(report), environment);
  if (report.missing.length > 0) {
    environment.io.stderr(`${report.missing.length} of ${report.accounts.length} accounts could not be read and are listed as missing\n`);
    return ExitCode.Error;
  }
  return report.rows.some((row) => row.state === AggregateState.Expired) ? ExitCode.Expired : ExitCode.Ok;
}

async function writeHtml(file: string, html: string, environment: CommandEnvironment): Promise<void> {
  await environment.writeFile(file, html);
  environment.io.stderr(`wrote HTML report to ${file}\n`);
}
