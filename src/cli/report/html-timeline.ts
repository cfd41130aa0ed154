import type { AggregateRow } from './aggregate-rows';
import { escapeHtml } from './html-escape';
import type { HtmlReport } from './html-report-model';
import { placeLabels, type PlacedLabel, type WantedLabel } from './timeline-labels';

const MS_PER_DAY = 86_400_000;
/**
 * The axis starts at most 90 days back (at least 30): a certificate expired
 * longer ago sits on the left edge, ringed and counted, instead of stretching
 * the axis and squeezing the warning window into a few pixels.
 */
const PAST_DAYS = 90;
const MIN_PAST_DAYS = 30;
/** The axis ends at most a year ahead, or twice the window plus 30 days when that is longer; later expiries sit on the right edge. */
const MIN_FUTURE_DAYS = 365;
/** Certificates named under the timeline as the next to expire. */
const SOONEST = 5;

const WIDTH = 1000;
const MARGIN = 10;
const LANES = 24;
const LANE_HEIGHT = 9;
const LABEL_ROW = 14;

/** `1 day`, `30 days`. */
export function days(count: number): string {
  return `${count} day${count === 1 ? '' : 's'}`;
}

const isoDay = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** The expiry timeline: an SVG of every dated certificate, today and the warning window, then the counts per band, readable in print. */
export function timelineSection(report: HtmlReport): string {
  const now = report.generatedAt.getTime();
  const windowEndTime = now + report.days * MS_PER_DAY;
  const dated = report.rows.flatMap((row) => (row.expiration === undefined ? [] : [{ row, time: Date.parse(row.expiration) }]));
  const times = dated.map((entry) => entry.time);
  const start = Math.max(now - PAST_DAYS * MS_PER_DAY, Math.min(now - MIN_PAST_DAYS * MS_PER_DAY, ...times));
  const futureCap = now + Math.max(MIN_FUTURE_DAYS, 2 * report.days + 30) * MS_PER_DAY;
  const end = Math.min(futureCap, Math.max(now + (report.days + 30) * MS_PER_DAY, ...times));
  const x = (time: number): number => Math.round(((Math.min(Math.max(time, start), end) - start) / (end - start)) * (WIDTH - 2 * MARGIN)) + MARGIN;

  const earlier = times.filter((time) => time < start).length;
  const beyond = times.filter((time) => time > end).length;
  const expired = times.filter((time) => time <= now).length;
  const inWindow = times.filter((time) => time > now && time <= windowEndTime).length;
  const later = times.filter((time) => time > windowEndTime).length;

  const wanted: WantedLabel[] = [
    { id: 'today-label', text: 'today', x: x(now), anchor: 'middle' },
    { id: 'window-label', text: `warning window: ${days(report.days)}`, x: x(now) + 3, anchor: 'start' },
  ];
  if (earlier > 0) wanted.push({ id: 'earlier-label', text: `\u2190 ${earlier} expired before ${isoDay(start)}`, x: MARGIN, anchor: 'start' });
  if (beyond > 0) wanted.push({ id: 'beyond-label', text: `${beyond} expiring after ${isoDay(end)} \u2192`, x: WIDTH - MARGIN, anchor: 'end' });
  const labels = placeLabels(wanted, WIDTH);
  const rows = Math.max(...labels.map((label) => label.row)) + 1;
  const top = rows * LABEL_ROW + 10;
  const lanes = Math.max(1, Math.min(LANES, dated.length));
  const axis = top + lanes * LANE_HEIGHT + 8;
  const height = axis + 24;

  const ticks = Array.from({ length: 6 }, (_, index) => start + ((end - start) * index) / 5).map(
    (time, index) =>
      `<line class="tick" x1="${x(time)}" x2="${x(time)}" y1="${axis}" y2="${axis + 4}"/><text class="tick-label${index === 0 ? ' first' : index === 5 ? ' last' : ''}" x="${x(time)}" y="${axis + 16}">${isoDay(time)}</text>`,
  );
  const dots = dated.map(({ row, time }, index) => {
    const clamped = time < start || time > end ? ' clamped' : '';
    const label = `${row.name} (${row.accountId}): ${row.expiration ?? ''}, ${row.state}`;
    return `<circle class="dot state-${row.state}${clamped}" cx="${x(time)}" cy="${top + (index % lanes) * LANE_HEIGHT + 4}" r="3.5"><title>${escapeHtml(label)}</title></circle>`;
  });
  const windowEnd = x(windowEndTime);
  const undated = report.rows.length - dated.length;
  return `<section class="timeline" aria-label="Expiry timeline">
<h2>Expiry timeline</h2>
<svg id="timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${dated.length} certificates by expiry date; today and the ${days(report.days)} warning window marked">
<rect class="window" x="${x(now)}" y="${top - 6}" width="${Math.max(1, windowEnd - x(now))}" height="${axis - top + 6}"/>
<line class="axis" x1="${MARGIN}" x2="${WIDTH - MARGIN}" y1="${axis}" y2="${axis}"/>
${ticks.join('\n')}
<line class="today" x1="${x(now)}" x2="${x(now)}" y1="${top - 8}" y2="${axis}"/>
${labels.map(labelSvg).join('\n')}
${dots.join('\n')}
</svg>
<p class="bands" id="bands"><span class="band state-expired">Expired: ${expired}</span>${earlier > 0 ? ` (${earlier} before ${isoDay(start)}, on the left edge)` : ''} · <span class="band state-expiring">Expiring within ${days(report.days)}: ${inWindow}</span> · <span class="band state-valid">Later: ${later}</span>${beyond > 0 ? ` (${beyond} after ${isoDay(end)}, on the right edge)` : ''}${undated > 0 ? ` · Without a known expiry (no annotation states it; table only): ${undated}` : ''}</p>
${soonestList(dated, now)}
<p class="note">${dated.length} certificate${dated.length === 1 ? '' : 's'} on the axis, ${isoDay(start)} to ${isoDay(end)}; ringed dots lie beyond an edge. Hover a dot for its certificate.</p>
</section>`;
}

function labelSvg(label: PlacedLabel): string {
  return `<text class="label ${label.id}" id="${label.id}" x="${label.x}" y="${label.row * LABEL_ROW + 12}">${escapeHtml(label.text)}</text>`;
}

function timeLeft(daysLeft: number | undefined): string {
  if (daysLeft === undefined) return '';
  return daysLeft === 0 ? 'less than a day left, ' : `${days(daysLeft)} left, `;
}

/** The next certificates to expire, by name: what a printed timeline cannot show by hovering. */
function soonestList(dated: readonly { readonly row: AggregateRow; readonly time: number }[], now: number): string {
  const upcoming = dated.filter((entry) => entry.time > now).sort((a, b) => a.time - b.time).slice(0, SOONEST);
  if (upcoming.length === 0) return '';
  const items = upcoming.map(
    ({ row }) => `<li><span class="name">${escapeHtml(row.name)}</span> (${escapeHtml(row.accountId)}): ${escapeHtml(row.expiration?.slice(0, 10) ?? '')}, ${timeLeft(row.daysLeft)}${row.state}</li>`,
  );
  return `<p class="soonest-title">Next to expire:</p><ol class="soonest" id="soonest">${items.join('')}</ol>`;
}
