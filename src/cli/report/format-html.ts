import { isoSeconds } from '../../core/annotation';
import { AggregateState, type AggregateRow } from './aggregate-rows';
import { REPORT_SCRIPT, REPORT_STYLE } from './html-assets';
import { escapeHtml } from './html-escape';
import type { HtmlReport } from './html-report-model';
import { days, timelineSection } from './html-timeline';


const STATE_ORDER = [AggregateState.Expired, AggregateState.Expiring, AggregateState.Valid, AggregateState.Unknown] as const;

/**
 * The report as one self-contained HTML document: counts by state, an SVG
 * expiry timeline, a sortable and filterable table, and what it covers. No
 * external scripts, fonts or images (its Content-Security-Policy forbids any
 * fetch), so it opens offline and can be filed as evidence; it prints every
 * row, whatever the filter.
 */
export function formatHtml(report: HtmlReport): string {
  const generated = isoSeconds(report.generatedAt);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>IAM server certificates: ${escapeHtml(report.source)} (${generated})</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<header>
<h1>IAM server certificates</h1>
<dl class="meta">
<dt>Source</dt><dd id="source">${escapeHtml(report.source)}</dd>
<dt>Generated</dt><dd><time id="generated" datetime="${generated}">${generated}</time></dd>
<dt>Warning window</dt><dd id="window">${days(report.days)} (--days): the states below are judged with it${ownWindows(report.rows)}</dd>
<dt>Rules</dt><dd id="rules">${rulesText(report)}</dd>
<dt>Accounts covered</dt><dd><span id="account-count">${accountCount(report)}</span><p class="accounts" id="accounts">${report.accounts.map(escapeHtml).join(', ')}</p>${coverageNotes(report.coverageNotes)}</dd>
</dl>
${unverifiedSection(report)}${missingSection(report)}${conflictSection(report.rows)}
</header>
<main>
${countsSection(report)}
${timelineSection(report)}
${exceptionsSection(report)}
${tableSection(report.rows)}
</main>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

/** `, except 2 certificates judged with their own tagged window`: where a window tag (iam-cert-expiry:window-days) replaced `--days`. */
function ownWindows(rows: readonly AggregateRow[]): string {
  const own = rows.filter((row) => row.taggedWindowDays !== undefined).length;
  return own === 0 ? '' : `, except ${own} certificate${own === 1 ? '' : 's'} judged with ${own === 1 ? 'its' : 'their'} own tagged window`;
}

/** Each deployed rule with what is known of its daysToExpiration, and where that comes from. */
function rulesText(report: HtmlReport): string {
  const source = `<p class="parameters-source" id="parameters-source">${escapeHtml(report.parametersSource)}</p>`;
  if (report.ruleParameters.length === 0) return source;
  const items = report.ruleParameters.map((rule) => {
    const stated =
      rule.statedWindows.length === 0
        ? 'daysToExpiration: not stated in its annotations'
        : `daysToExpiration ${rule.statedWindows.join(', ')}, as its annotations state`;
    return `<li><span class="rule">${escapeHtml(rule.rule)}</span>: ${stated}</li>`;
  });
  return `<ul class="rule-list">${items.join('')}</ul>${source}`;
}

function coverageNotes(notes: readonly string[]): string {
  if (notes.length === 0) return '';
  return `<ul class="coverage-notes" id="coverage-notes">${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
}

/** `599 of 600`, or no count at all when the account list could not be checked. */
function accountCount(report: HtmlReport): string {
  const read = report.accounts.length - report.missing.length;
  return report.coverage.verified ? `${read} of ${report.accounts.length}` : `unverified: ${read} read, total unknown`;
}

function unverifiedSection(report: HtmlReport): string {
  if (report.coverage.verified) return '';
  return `<section class="missing" id="coverage-unverified"><h2>Coverage unverified</h2>
<p>${escapeHtml(report.coverage.reason)}.</p>
<p>This report cannot say that every account was read: accounts that sent nothing are not counted, and none of them is listed below.</p></section>
`;
}

function missingSection(report: HtmlReport): string {
  if (report.missing.length === 0) return '';
  const items = report.missing.map((missing) => `<li><span class="account">${escapeHtml(missing.accountId)}</span>: ${escapeHtml(missing.reason)}</li>`).join('\n');
  return `<section class="missing" id="missing"><h2>Missing accounts (${report.missing.length})</h2>
<p>These accounts could not be read completely, or hold certificates no rule of the deployment has judged; the report cannot vouch for all their certificates.</p>
<ul class="missing-list">${items}</ul></section>`;
}

function conflictSection(rows: readonly AggregateRow[]): string {
  const conflicting = rows.filter((row) => row.conflict !== undefined);
  if (conflicting.length === 0) return '';
  const items = conflicting
    .map((row) => `<li><span class="account">${escapeHtml(row.accountId)}</span> <span class="name">${escapeHtml(row.name)}</span>: ${escapeHtml(row.conflict ?? '')}</li>`)
    .join('\n');
  return `<section class="missing" id="conflicts"><h2>Conflicting results (${conflicting.length})</h2>
<p>The deployment's rules disagree about these certificates; the worse verdict is shown.</p>
<ul class="missing-list">${items}</ul></section>`;
}

/** The exceptions list: every waiver with its last day, and every exception the rule ignores, with why (one account's tags, or an aggregator's annotations). */
function exceptionsSection(report: HtmlReport): string {
  const list = report.exceptions;
  if (list === undefined) return '';
  const coverage = `<p class="exceptions-coverage">${escapeHtml(list.coverage)}</p>`;
  if (list.entries.length === 0) return `<section class="exceptions" id="exceptions"><h2>Exceptions (0)</h2>${coverage}<p class="empty">${escapeHtml(list.empty)}</p></section>`;
  const rows = list.entries.map(
    (entry) =>
      `<tr data-status="${escapeHtml(entry.status)}"><td>${escapeHtml(entry.accountId)}</td><td class="name">${escapeHtml(entry.name)}</td>` +
      `<td>${escapeHtml(entry.lastDay ?? '')}</td><td>${escapeHtml(entry.standing)}</td><td class="reason">${escapeHtml(entry.text)}</td>` +
      `<td>${escapeHtml(entry.expiration)}</td><td>${escapeHtml(entry.state)}</td></tr>`,
  );
  return `<section class="exceptions" id="exceptions"><h2>Exceptions (${list.entries.length})</h2>${coverage}
<table id="exception-list"><thead><tr><th scope="col">Account</th><th scope="col">Certificate</th><th scope="col">Last day (UTC)</th><th scope="col">Standing</th><th scope="col">Reason or ticket</th><th scope="col">Certificate expiry</th><th scope="col">State</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></section>`;
}

function countsSection(report: HtmlReport): string {
  const cards = STATE_ORDER.map((state) => {
    const count = report.rows.filter((row) => row.state === state).length;
    return `<div class="count state-${state}" data-state="${state}"><span class="number">${count}</span> ${state}</div>`;
  });
  // Unverified, the number of accounts that sent nothing is not known: no number is given.
  const missing = report.coverage.verified ? `<span class="number">${report.missing.length}</span> accounts missing` : '<span class="number">?</span> accounts missing (coverage unverified)';
  cards.push(`<div class="count missing-count" data-state="missing-accounts">${missing}</div>`);
  return `<section class="counts" id="counts" aria-label="Certificates by state">${cards.join('')}</section>`;
}

const COLUMNS = [
  { title: 'Account', type: 'text' },
  { title: 'Region', type: 'text' },
  { title: 'Name', type: 'text' },
  { title: 'Expiry', type: 'text' },
  { title: 'Days left', type: 'number' },
  { title: 'State', type: 'text' },
  { title: 'Compliance', type: 'text' },
  { title: 'Annotation', type: 'text' },
  { title: 'Last evaluated', type: 'text' },
] as const;

function tableSection(rows: readonly AggregateRow[]): string {
  const head = COLUMNS.map((column, index) => `<th scope="col" data-type="${column.type}" data-column="${index}"><button type="button">${column.title}</button></th>`).join('');
  const options = STATE_ORDER.map((state) => `<option value="${state}">${state}</option>`).join('');
  const body = rows.map(rowHtml).join('\n');
  const empty = rows.length === 0 ? '<p class="empty" id="empty">No IAM server certificates found.</p>' : '';
  return `<section class="list">
<h2>Certificates</h2>
<div class="controls">
<label>Filter <input id="filter" type="search" placeholder="name, account, annotation…" autocomplete="off"></label>
<label>State <select id="state-filter"><option value="">all</option>${options}</select></label>
<span id="shown" aria-live="polite">${rows.length} of ${rows.length} shown</span>
</div>
${empty}
<table id="certificates">
<colgroup><col class="c-account"><col class="c-region"><col class="c-name"><col class="c-expiry"><col class="c-days"><col class="c-state"><col class="c-compliance"><col class="c-annotation"><col class="c-evaluated"></colgroup>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</section>`;
}

function rowHtml(row: AggregateRow): string {
  const cell = (value: string | undefined, className = '', sortValue = value ?? ''): string =>
    `<td${className === '' ? '' : ` class="${className}"`} data-value="${escapeHtml(sortValue)}">${escapeHtml(value ?? '')}</td>`;
  const conflict = row.conflict === undefined ? '' : ` data-conflict="${escapeHtml(row.conflict)}"`;
  return `<tr class="state-${row.state}" data-state="${row.state}"${conflict}>${[
    cell(row.accountId),
    cell(row.region),
    cell(row.name, 'name'),
    cell(row.expiration?.slice(0, 10), '', row.expiration ?? ''),
    cell(row.daysLeft === undefined ? undefined : String(row.daysLeft), 'number'),
    cell(row.state, 'state'),
    cell(row.compliance),
    cell(row.annotation, 'annotation'),
    cell(row.lastEvaluated?.replace('T', ' '), 'evaluated', row.lastEvaluated ?? ''),
  ].join('')}</tr>`;
}
