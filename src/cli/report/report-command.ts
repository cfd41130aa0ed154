import type { ServerCertificate } from '../../core/server-certificate';
import { acmNotChecked } from '../acm-advice';
import type { CliServices, CommandEnvironment } from '../cli-dependencies';
import { CertificateStatus } from '../certificate-status';
import { ExitCode } from '../exit-codes';
import { REPORT_HELP } from '../help-text';
import { resolveUsageScope, scanUsage } from '../scan-usage';
import { printable } from '../terminal-text';
import { describeUsageScope, usageScopeSummary } from '../usage-scope-summary';
import { callerIdentity } from '../caller-identity';
import { accountHtmlReport, tagsCoverage } from './account-html-report';
import { organisationReport } from './aggregate-command';
import { formatCsv } from './format-csv';
import { formatHtml } from './format-html';
import { formatJson } from './format-json';
import { formatAcmAdvice, formatTable } from './format-table';
import { parseReportFlags, REPORT_COMMAND, type ReportOptions } from './parse-report-flags';
import { reportRows, withAcmAdvice } from './report-rows';
import { readReportTags, type ReportTags } from './report-tags';

/**
 * `report`: every certificate with its status, as a table, JSON or CSV on
 * stdout, and with `--html FILE` as a self-contained page. One account read
 * from IAM (with usage), or with `--aggregator` every account of a Config
 * aggregator. Returns {@link ExitCode.Expired} when any certificate has
 * expired, so a pipeline can fail on it, and {@link ExitCode.Error} when an
 * aggregator account could not be read or the coverage is unverified (after
 * printing what could; see aggregate-command.ts).
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
  const { io, now } = environment;
  const services = environment.services();
  // Up front: whose account (one GetCallerIdentity), and which regions the usage scan covers (a --regions
  // naming a region that is not enabled is refused here, before anything else is read).
  const { account } = await callerIdentity(services);
  const scope = options.skipUsage ? undefined : await resolveUsageScope(REPORT_COMMAND, services, io, options.regions);
  io.stderr('listing IAM server certificates\n');
  const certificates = await services.certificates.listAll();
  const inventory = scope === undefined ? undefined : await scanUsage(services, io, scope);
  const tags = options.readTags ? await readTags(certificates, options, services, environment) : undefined;
  const rows = await withAcmAdvice(reportRows(certificates, now, options.days, inventory, account, tags), (name) => services.certificates.dnsNamesOf(name), services.acm, {
    now,
    windowDays: options.days,
  });
  // ACM advice is best-effort: a failed look-up is said once per reason and changes neither the report nor its exit code.
  for (const reason of new Set(rows.flatMap((row) => (row.acmNotChecked === undefined ? [] : [row.acmNotChecked])))) io.stderr(`${printable(acmNotChecked(reason))}\n`);

  const usageScope = inventory === undefined ? undefined : usageScopeSummary(inventory);
  const scopeLine = usageScope === undefined ? 'Usage not checked (--no-usage).' : describeUsageScope(usageScope);
  if (options.format === 'json') io.stdout(formatJson(rows, { now, days: options.days, account, usageScope }));
  else if (options.format === 'csv') io.stdout(formatCsv(rows, usageScope));
  else io.stdout(`${formatTable(rows)}${formatAcmAdvice(rows)}\n${printable(scopeLine)}\n`);
  if (options.html !== undefined) {
    await writeHtml(options.html, formatHtml(accountHtmlReport(rows, { now, days: options.days, account, usageScope: scopeLine }, tagsCoverage(tags))), environment);
  }

  return rows.some((row) => row.status === CertificateStatus.Expired) ? ExitCode.Expired : ExitCode.Ok;
}

/**
 * The window and exception tags of the certificates they can concern, as
 * the warning rule with tagOverrides reads them. Reads that fail leave those
 * certificates judged without tags (said per row and once here); the exit
 * code does not depend on tags (an exception never hides an expired one).
 */
async function readTags(certificates: readonly ServerCertificate[], options: ReportOptions, services: CliServices, environment: CommandEnvironment): Promise<ReportTags> {
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

async function writeHtml(file: string, html: string, environment: CommandEnvironment): Promise<void> {
  await environment.writeFile(file, html);
  environment.io.stderr(`wrote HTML report to ${printable(file)}\n`);
}
