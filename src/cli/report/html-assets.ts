/**
 * The HTML report's inline stylesheet and script: small, no external
 * resources. Kept apart from the markup so the formatter stays readable.
 */

/**
 * Screen and print styles. Long names and annotations wrap anywhere, so a
 * 200-character name cannot widen the table. On screen the columns are fixed;
 * in print the table lays itself out to its content (narrow columns for ids,
 * dates and states, the rest for the annotation) in a small font, so rows are
 * no taller than their text needs, and the heading repeats on every page.
 * Lists that can be long (accounts, missing accounts) scroll on screen and
 * print in full.
 */
export const REPORT_STYLE = `
:root{--expired:#b3261e;--expiring:#b86e00;--valid:#1e7b34;--unknown:#5f6368;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f1f1f}
body{margin:0 auto;padding:16px 24px;max-width:1400px;background:#fff}
h1{font-size:1.5rem;margin:0 0 8px}h2{font-size:1.1rem;margin:20px 0 8px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;font-size:.9rem}
.meta dt{font-weight:600}.meta dd{margin:0}
.accounts{margin:2px 0 0;max-height:4.5em;overflow:auto;font-size:.8rem;color:#444;overflow-wrap:anywhere}
.rule-list,.coverage-notes{margin:0;padding-left:18px}
.coverage-notes{margin-top:2px;font-size:.8rem;color:#444}
.parameters-source{margin:2px 0 0;font-size:.8rem;color:#444}
.missing{border:2px solid var(--expired);padding:8px 12px;margin-top:12px;background:#fdecea}
.missing h2{margin-top:0;color:var(--expired)}
.missing p{margin:4px 0}
.missing-list{margin:4px 0 0;padding-left:20px;max-height:9em;overflow:auto;font-size:.85rem;overflow-wrap:anywhere}
.counts{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
.count{border-left:6px solid var(--unknown);padding:6px 14px;background:#f6f6f6;min-width:110px}
.count .number{display:block;font-size:1.6rem;font-weight:700}
.count.state-expired{border-color:var(--expired)}.count.state-expiring{border-color:var(--expiring)}.count.state-valid{border-color:var(--valid)}.count.missing-count{border-color:#000}
svg{width:100%;height:auto;display:block;font-size:11px}
.window{fill:#fff3d6;stroke:var(--expiring);stroke-dasharray:3 2}
.today{stroke:#000;stroke-width:2}.label{font-weight:600}
.axis,.tick{stroke:#777}.tick-label{text-anchor:middle}.tick-label.first{text-anchor:start}.tick-label.last{text-anchor:end}
.dot{fill:var(--unknown);fill-opacity:.8}.dot.state-expired{fill:var(--expired)}.dot.state-expiring{fill:var(--expiring)}.dot.state-valid{fill:var(--valid)}
.dot.clamped{stroke:#000;stroke-width:1}
.bands{font-size:.9rem;margin:6px 0}.band{font-weight:600}.band.state-expired{color:var(--expired)}.band.state-expiring{color:var(--expiring)}.band.state-valid{color:var(--valid)}
.soonest-title{font-size:.85rem;margin:4px 0 0;font-weight:600}.soonest{font-size:.85rem;margin:2px 0;padding-left:24px;overflow-wrap:anywhere}
.note{font-size:.8rem;color:#555}
.controls{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:8px}
table{width:100%;border-collapse:collapse;table-layout:fixed;font-size:.85rem}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word}
td.name,td.annotation{overflow-wrap:anywhere}
th{position:sticky;top:0;background:#eee}
th button{all:unset;cursor:pointer;font-weight:600;width:100%}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
td.number{text-align:right;font-variant-numeric:tabular-nums}
tr.state-expired td.state{color:var(--expired);font-weight:700}tr.state-expiring td.state{color:var(--expiring);font-weight:700}tr.state-valid td.state{color:var(--valid)}
col.c-account{width:9.5em}col.c-region{width:7.5em}col.c-name{width:20%}col.c-expiry{width:7em}col.c-days{width:4.5em}col.c-state{width:6.5em}col.c-compliance{width:10.5em}col.c-evaluated{width:10.5em}
@media print{
@page{size:A4 landscape;margin:8mm}
body{padding:0;max-width:none;font-size:8pt}
h1{font-size:13pt}h2{font-size:10pt;margin:8pt 0 4pt}
.meta{font-size:8pt}
.accounts,.coverage-notes,.parameters-source,.note,.missing-list,.soonest,.soonest-title,.bands{font-size:7pt}
.controls{display:none}
.accounts,.missing-list{max-height:none;overflow:visible}
.count{padding:2pt 8pt;min-width:0}.count .number{font-size:12pt}
table{table-layout:auto;font-size:7pt;line-height:1.2}
col.c-account,col.c-region,col.c-name,col.c-expiry,col.c-days,col.c-state,col.c-compliance,col.c-evaluated{width:auto}
th,td{padding:1pt 2.5pt}
td{white-space:nowrap}
td.name{white-space:normal;min-width:12ch;max-width:22ch}
td.annotation{white-space:normal;width:55%}
td.evaluated{white-space:normal;min-width:10ch}
th{position:static;white-space:normal}
thead{display:table-header-group}
tr{break-inside:avoid}
tr[hidden]{display:table-row}
.count,.missing,.window,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

/**
 * Sorting (click a column heading; again to reverse; empty cells last) and
 * filtering (text anywhere in the row, and state). Exposed as
 * `window.certificateReport` for scripted use and tests.
 */
export const REPORT_SCRIPT = `
(function () {
  var table = document.getElementById('certificates');
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var rows = Array.prototype.slice.call(body.rows);
  var input = document.getElementById('filter');
  var stateSelect = document.getElementById('state-filter');
  var shown = document.getElementById('shown');
  function sortBy(column) {
    var head = heads[column];
    var direction = head.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute('aria-sort');
    head.setAttribute('aria-sort', direction);
    var numeric = head.getAttribute('data-type') === 'number';
    var sign = direction === 'ascending' ? 1 : -1;
    var keyed = rows.map(function (row, index) { return { row: row, index: index, value: row.cells[column].getAttribute('data-value') }; });
    keyed.sort(function (a, b) {
      if (a.value === '' || b.value === '') return (a.value === '') - (b.value === '') || a.index - b.index;
      var order = numeric ? Number(a.value) - Number(b.value) : a.value.localeCompare(b.value);
      return sign * order || a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (entry) { fragment.appendChild(entry.row); });
    body.appendChild(fragment);
  }
  function applyFilter() {
    var query = input.value.trim().toLowerCase();
    var state = stateSelect.value;
    var count = 0;
    rows.forEach(function (row) {
      var visible = (state === '' || row.getAttribute('data-state') === state) && (query === '' || row.textContent.toLowerCase().indexOf(query) >= 0);
      row.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = count + ' of ' + rows.length + ' shown';
  }
  for (var i = 0; i < heads.length; i++) {
    (function (column) { heads[column].querySelector('button').addEventListener('click', function () { sortBy(column); }); })(i);
  }
  input.addEventListener('input', applyFilter);
  stateSelect.addEventListener('change', applyFilter);
  window.certificateReport = { sortBy: sortBy, filter: function (query, state) { input.value = query; stateSelect.value = state || ''; applyFilter(); } };
})();
`;
