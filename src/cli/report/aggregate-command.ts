import type { CommandEnvironment } from '../cli-dependencies';
import { printable } from '../terminal-text';
import { ExitCode } from '../exit-codes';
import { deploymentRules } from './aggregate-plan';
import { readAggregateReport } from './aggregate-report';
import { AggregateState } from './aggregate-rows';
import { formatAggregateJson, formatAggregateTable } from './format-aggregate';
import { formatHtml } from './format-html';
import type { ReportOptions } from './parse-report-flags';

/**
 * `report --aggregator NAME`: every account of a Config aggregator, as a
 * table or JSON on stdout and with `--html FILE` as a page. Fails closed:
 * {@link ExitCode.Error} when any account is missing, or when the coverage is
 * unverified (an organization aggregator whose accounts AWS Organizations
 * would not list), after printing everything it could read; otherwise
 * {@link ExitCode.Expired} when any certificate has expired, else
 * {@link ExitCode.Ok}.
 */
export async function organisationReport(aggregator: string, options: ReportOptions, environment: CommandEnvironment): Promise<ExitCode> {
  const services = environment.services();
  const report = await readAggregateReport(
    { aggregates: services.aggregates, organization: services.organization, ruleDeployments: services.ruleDeployments },
    {
      aggregator,
      concurrency: options.concurrency,
      now: environment.now,
      days: options.days,
      rules: deploymentRules(options.ruleNames),
      conformancePack: options.conformancePack,
      progress: (line) => environment.io.stderr(`${line}\n`),
    },
  );
  environment.io.stdout(options.format === 'json' ? formatAggregateJson(report) : formatAggregateTable(report));
  if (options.html !== undefined) {
    await environment.writeFile(options.html, formatHtml(report));
    environment.io.stderr(`wrote HTML report to ${printable(options.html)}\n`);
  }
  let failed = false;
  if (report.missing.length > 0) {
    environment.io.stderr(`${report.missing.length} of ${report.accounts.length} accounts could not be read and are listed as missing\n`);
    failed = true;
  }
  if (!report.coverage.verified) {
    environment.io.stderr(`coverage unverified: ${printable(report.coverage.reason)}\n`);
    failed = true;
  }
  if (failed) return ExitCode.Error;
  return report.rows.some((row) => row.state === AggregateState.Expired) ? ExitCode.Expired : ExitCode.Ok;
}
