import { isoSeconds } from '../../core/annotation';
import { AggregateState, type AggregateRow } from './aggregate-rows';
import type { HtmlReport } from './html-report-model';
import { REPORT_SCRIPT, REPORT_STYLE } from './html-assets';

const MS_PER_DAY = 86_400_000;
/** The timeline shows two years back and three ahead at most; later or earlier expiries sit on the edge. */
const PAST_LIMIT_DAYS = 730;
const FUTURE_LIMIT_DAYS = 1095;
const WIDTH = 1000;
const LANES = 24;
const LANE_HEIGHT = 9;
const TOP = 28;

const STATE_ORDER = [AggregateState.Expired, AggregateState.Expiring, AggregateState.Valid, AggregateState.Unknown] as const;

/** Text made safe for HTML text and quoted attributes: names and annotations are untrusted. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

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
<dt>Warning window</dt><dd id="window">${report.days} days (--days)${windowsText(report.ruleWindows)}</dd>
<dt>Rules</dt><dd id="rules">${report.rules.length === 0 ? 'not read: states computed from IAM with the rule\'s own logic' : report.rules.map(escapeHtml).join(', ')}</dd>
<dt>Accounts covered</dt><dd><span id="account-count">${report.accounts.length - report.missing.length} of ${report.accounts.length}</span><p class="accounts" id="accounts">${report.accounts.map(escapeHtml).join(', ')}</p></dd>
</dl>
${missingSection(report)}
</header>
<main>
${countsSection(report.rows, report.missing.length)}
${timelineSection(report)}
${tableSection(report.rows)}
</main>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function windowsText(windows: readonly number[]): string {
  if (windows.length === 0) return '';
  return `; the rules' annotations state daysToExpiration ${windows.join(', ')}`;
}

function missingSection(report: HtmlReport): string {
  if (report.missing.length === 0) return '';
  const items = report.missing.map((missing) => `<li><span class="account">${escapeHtml(missing.accountId)}</span>: ${escapeHtml(missing.reason)}</li>`).join('\n');
  return `<section class="missing" id="missing"><h2>Missing accounts (${report.missing.length})</h2>
<p>These accounts could not be read; their certificates are not all in this report.</p>
<ul>${items}</ul></section>`;
}

function countsSection(rows: readonly AggregateRow[], missing: number): string {
  const cards = STATE_ORDER.map((state) => {
    const count = rows.filter((row) => row.state === state).length;
    return `<div class="count state-${state}" data-state="${state}"><span class="number">${count}</span> ${state}</div>`;
  });
  cards.push(`<div class="count missing-count" data-state="missing-accounts"><span class="number">${missing}</span> accounts missing</div>`);
  return `<section class="counts" id="counts" aria-label="Certificates by state">${cards.join('')}</section>`;
}

function timelineSection(report: HtmlReport): string {
  const now = report.generatedAt.getTime();
  const dated = report.rows.filter((row) => row.expiration !== undefined);
  const times = dated.map((row) => Date.parse(row.expiration ?? ''));
  const start = Math.max(now - PAST_LIMIT_DAYS * MS_PER_DAY, Math.min(now - 30 * MS_PER_DAY, ...times));
  const end = Math.min(now + FUTURE_LIMIT_DAYS * MS_PER_DAY, Math.max(now + (report.days + 30) * MS_PER_DAY, ...times));
  const x = (time: number): number => Math.round(((Math.min(Math.max(time, start), end) - start) / (end - start)) * (WIDTH - 20)) + 10;
  const lanes = Math.max(1, Math.min(LANES, dated.length));
  const axis = TOP + lanes * LANE_HEIGHT + 8;
  const height = axis + 24;
  const ticks = Array.from({ length: 6 }, (_, index) => start + ((end - start) * index) / 5).map(
    (time, index) => `<line class="tick" x1="${x(time)}" x2="${x(time)}" y1="${axis}" y2="${axis + 4}"/><text class="tick-label${index === 0 ? ' first' : index === 5 ? ' last' : ''}" x="${x(time)}" y="${axis + 16}">${new Date(time).toISOString().slice(0, 10)}</text>`,
  );
  const windowEnd = x(now + report.days * MS_PER_DAY);
  const dots = dated.map((row, index) => {
    const time = times[index] ?? now;
    const clamped = time < start || time > end ? ' clamped' : '';
    const label = `${row.name} (${row.accountId}): ${row.expiration ?? ''}, ${row.state}`;
    return `<circle class="dot state-${row.state}${clamped}" cx="${x(time)}" cy="${TOP + (index % lanes) * LANE_HEIGHT + 4}" r="3.5"><title>${escapeHtml(label)}</title></circle>`;
  });
  const undated = report.rows.length - dated.length;
  return `<section class="timeline" aria-label="Expiry timeline">
<h2>Expiry timeline</h2>
<svg id="timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${dated.length} certificates by expiry date; today and the ${report.days}-day warning window marked">
<rect class="window" x="${x(now)}" y="${TOP - 6}" width="${Math.max(1, windowEnd - x(now))}" height="${axis - TOP + 6}"/>
<text class="window-label" x="${windowEnd + 3}" y="${TOP - 10}">warning window: ${report.days} days</text>
<line class="axis" x1="10" x2="${WIDTH - 10}" y1="${axis}" y2="${axis}"/>
${ticks.join('\n')}
<line class="today" x1="${x(now)}" x2="${x(now)}" y1="${TOP - 12}" y2="${axis}"/>
<text class="today-label" x="${x(now)}" y="${TOP - 14}">today</text>
${dots.join('\n')}
</svg>
<p class="note">${dated.length} certificate${dated.length === 1 ? '' : 's'} on the axis${undated > 0 ? `; ${undated} without a known expiry (no annotation states it) are in the table only` : ''}. Expiries before ${new Date(start).toISOString().slice(0, 10)} or after ${new Date(end).toISOString().slice(0, 10)} sit on the edge, ringed.</p>
</section>`;
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
  return `<tr class="state-${row.state}" data-state="${row.state}">${[
    cell(row.accountId),
    cell(row.region),
    cell(row.name, 'name'),
    cell(row.expiration?.slice(0, 10), '', row.expiration ?? ''),
    cell(row.daysLeft === undefined ? undefined : String(row.daysLeft), 'number'),
    cell(row.state, 'state'),
    cell(row.compliance),
    cell(row.annotation, 'annotation'),
    cell(row.lastEvaluated?.replace('T', ' '), '', row.lastEvaluated ?? ''),
  ].join('')}</tr>`;
}
