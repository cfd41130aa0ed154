import { acmNotChecked } from '../acm-advice';
import type { CliEnvironment, CliServices } from '../cli-dependencies';
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
import { readReportTags, type ReportTags } from './report-tags';
import type { ServerCertificate } from '../../core/server-certificate';
import { tagsCoverage } from './account-html-report';

/**
 * `report`: every certificate with its status, as a table, JSON or CSV on
 * stdout, and with `--html FILE` as a self-contained page. One account read
 * from IAM (with usage), or with `--aggregator` every account of a Config
 * aggregator. Returns {@link ExitCode.Expired} when any certificate has
 * expired, so a pipeline can fail on it, and {@link ExitCode.Error} when an
 * aggregator account could not be read (after printing what could).
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
  const tags = options.readTags ? await readTags(certificates, options, services, environment) : undefined;
  const rows = await withAcmAdvice(reportRows(certificates, environment.now, options.days, inventory, tags), (name) => services.certificates.dnsNamesOf(name), services.acm, {
    now: environment.now,
    windowDays: options.days,
  });
  // ACM advice is best-effort: a failed look-up is said once per reason and changes neither the report nor its exit code.
  for (const reason of new Set(rows.flatMap((row) => (row.acmNotChecked === undefined ? [] : [row.acmNotChecked])))) environment.io.stderr(`${acmNotChecked(reason)}\n`);

  if (options.format === 'json') environment.io.stdout(formatJson(rows, environment.now, options.days, !options.skipUsage));
  else if (options.format === 'csv') environment.io.stdout(formatCsv(rows));
  else environment.io.stdout(formatTable(rows) + formatAcmAdvice(rows));
  if (options.html !== undefined) await writeHtml(options.html, formatHtml(accountHtmlReport(rows, environment.now, options.days, tagsCoverage(tags))), environment);

  return rows.some((row) => row.status === CertificateStatus.Expired) ? ExitCode.Expired : ExitCode.Ok;
}

/**
 * The window and exception tags of the certificates they can concern, as
 * the warning rule with tagOverrides reads them. Reads that fail leave those
 * certificates judged without tags (said per row and once here); the exit
 * code does not depend on tags (an exception never hides an expired one).
 */
async function readTags(certificates: readonly ServerCertificate[], options: ReportOptions, services: CliServices, environment: CliEnvironment): Promise<ReportTags> {
  const parameters = { daysToExpiration: options.days, tagOverrides: true, maxExceptionDays: options.maxExceptionDays };
  const tags = await readReportTags(certificates, (name) => services.certificates.tagsOf(name), environment.now, parameters);
  for (const reason of new Set(tags.unread.map((unread) => unread.reason))) {
    const count = tags.unread.filter((unread) => unread.reason === reason).length;
    environment.io.stderr(
      `tags not read for ${count} certificate${count === 1 ? '' : 's'} (${reason}): their window and exception tags are unknown and not applied; ` +
        'grant iam:ListServerCertificateTags, or pass --no-tags\n',
    );
  }
  return tags;
}

async function organisationReport(aggregator: string, options: ReportOptions, environment: CliEnvironment): Promise<ExitCode> {
  const report = await readAggregateReport(environment.services(options.region).aggregates, {
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

async function writeHtml(file: string, html: string, environment: CliEnvironment): Promise<void> {
  await environment.writeFile(file, html);
  environment.io.stderr(`wrote HTML report to ${file}\n`);
}
