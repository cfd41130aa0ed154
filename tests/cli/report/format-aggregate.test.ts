import type { AggregateRow } from '../../../src/cli/report/aggregate-rows';
import { aggregateExceptionList } from '../../../src/cli/report/aggregate-exceptions';
import { formatAggregateJson, formatAggregateTable } from '../../../src/cli/report/format-aggregate';
import { formatHtml } from '../../../src/cli/report/format-html';
import type { HtmlReport } from '../../../src/cli/report/html-report-model';

const NOW = new Date('2026-11-23T12:00:00Z');
// A member account names its certificate, and its own rule writes annotations: both can carry terminal controls.
const NAME = 'shop\u001b[2J\u001b[31mFAKE\r\nNOTE all good\u202e';
const ANNOTATION = 'Valid until 2099-12-31T00:00:00Z\r\n111111111111  ok\u001b]0;title\u0007';

function report(overrides: Partial<HtmlReport> = {}): HtmlReport {
  const row: AggregateRow = {
    accountId: '111111111111',
    region: 'us-east-1',
    name: NAME,
    resourceId: 'ASCA1',
    expiration: '2026-11-20T12:00:00Z',
    daysLeft: -3,
    state: 'expired',
    compliance: 'NON_COMPLIANT',
    rule: 'iam-server-certificate-expired',
    annotation: ANNOTATION,
    lastEvaluated: '2026-11-23T11:00:00Z',
    conflict: `the rules' results disagree: expiry 2026-11-20T12:00:00Z (a in us-east-1) vs 2099-12-31T00:00:00Z (evil\u001b[0m\nrule in us-east-1); the worse verdict is shown`,
  };
  return {
    source: 'Config aggregator org',
    generatedAt: NOW,
    days: 30,
    rules: ['iam-server-certificate-expired'],
    ruleWindows: [],
    ruleParameters: [],
    parametersSource: 'none',
    accounts: ['111111111111', '222222222222'],
    missing: [{ accountId: '222222222222', reason: 'AccessDeniedException: no\u001b[1m\r\n2 of 2 accounts read' }],
    coverage: { verified: true, basis: 'the 2 accounts the aggregator lists' },
    coverageNotes: ['Ignored 1 rule deployment …: iam-server-certificate-expired\u001b[8m\ninjected in 111111111111 us-east-1.'],
    rows: [row],
    ...overrides,
  };
}

describe('formatAggregateTable', () => {
  it('escapes control characters in names, annotations, conflicts, reasons and notes: one line each, no escape sequence reaches the terminal', () => {
    const text = formatAggregateTable(report());

    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    const lines = text.split('\n');
    // Header, one row, the conflict, the missing account, one note, the count, and the final newline.
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain('shop\\x1b[2J\\x1b[31mFAKE\\r\\nNOTE all good\\u202e');
    expect(lines[1]).toContain('Valid until 2099-12-31T00:00:00Z\\r\\n111111111111  ok\\x1b]0;title\\x07');
    expect(lines[2]).toBe(
      "CONFLICT 111111111111 shop\\x1b[2J\\x1b[31mFAKE\\r\\nNOTE all good\\u202e: the rules' results disagree: expiry 2026-11-20T12:00:00Z (a in us-east-1) vs 2099-12-31T00:00:00Z (evil\\x1b[0m\\nrule in us-east-1); the worse verdict is shown",
    );
    expect(lines[3]).toBe('MISSING 222222222222: AccessDeniedException: no\\x1b[1m\\r\\n2 of 2 accounts read');
    expect(lines[4]).toBe('NOTE Ignored 1 rule deployment …: iam-server-certificate-expired\\x1b[8m\\ninjected in 111111111111 us-east-1.');
    expect(lines[5]).toBe('1 of 2 accounts read');
  });

  it('gives no count when the coverage is unverified', () => {
    const text = formatAggregateTable(report({ missing: [], coverage: { verified: false, reason: 'AWS Organizations could not be read (AccessDenied\u001b[0m)' } }));

    expect(text).not.toMatch(/\d+ of \d+ accounts/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('COVERAGE UNVERIFIED: AWS Organizations could not be read (AccessDenied\\x1b[0m). Results from 2 accounts read; how many accounts sent nothing is unknown.');
  });
});

describe('formatAggregateJson and formatHtml', () => {
  it('keep the text as it is in JSON, and escaped for HTML', () => {
    const json = JSON.parse(formatAggregateJson(report())) as { certificates: { name: string; conflict: string }[]; coverage: unknown };
    expect(json.certificates[0]?.name).toBe(NAME);
    expect(json.coverage).toEqual({ verified: true, basis: 'the 2 accounts the aggregator lists' });

    const html = formatHtml(report());
    expect(html).toContain('<section class="missing" id="conflicts"><h2>Conflicting results (1)</h2>');
    expect(html).toContain('data-conflict="the rules&#39; results disagree');
    expect(html).toContain('<span id="account-count">1 of 2</span>');
  });
});

describe('exceptions in every output of report --aggregator (issue 21)', () => {
  // A member account's own rule may write any annotation: the reason read from it is untrusted text.
  const REASON = 'CHG-1\u001b[31m\r\nMISSING none <script>x</script>';
  const base = report().rows[0] as AggregateRow;
  const rows: AggregateRow[] = [
    { ...base, name: 'old-api', conflict: undefined, exception: { standing: 'honoured', status: 'active', lastDay: '2026-12-31', reason: REASON, why: undefined, standingText: 'honoured by the warning rule only: still expired (the strict rule, IAM.26, is not waived)', rule: 'iam-server-certificate-expiring' } },
    { ...base, name: 'api', state: 'expiring', daysLeft: 5, conflict: undefined, exception: { standing: 'cut', status: 'unknown', lastDay: undefined, reason: undefined, why: undefined, standingText: 'exception (details cut from the annotation)', rule: 'iam-server-certificate-expiring' } },
    { ...base, name: 'wide', state: 'expiring', daysLeft: 45, conflict: undefined, taggedWindowDays: 60 },
  ];
  const withExceptions = (): HtmlReport => report({ rows, missing: [], exceptions: aggregateExceptionList(rows) });

  it('text: an EXCEPTIONS block after the table, one escaped line each, cut ones first', () => {
    const text = formatAggregateTable(withExceptions());

    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const lines = text.split('\n');
    const start = lines.findIndex((line) => line.startsWith('EXCEPTIONS'));
    expect(lines.slice(start, start + 3)).toEqual([
      "EXCEPTIONS (2; read from the rules' annotations; accounts whose rules run without tagOverrides show no exceptions)",
      '  111111111111 api: exception (details cut from the annotation)',
      '  111111111111 old-api: through 2026-12-31, honoured by the warning rule only: still expired (the strict rule, IAM.26, is not waived): CHG-1\\x1b[31m\\r\\nMISSING none <script>x</script>',
    ]);
    expect(start).toBe(4);
    expect(formatAggregateTable(report())).not.toContain('EXCEPTIONS');
  });

  it('JSON: an exceptions array, the source of the list, and each certificate\'s exception and tagged window', () => {
    const json = JSON.parse(formatAggregateJson(withExceptions())) as {
      exceptions: Record<string, unknown>[];
      exceptionsCoverage: string;
      certificates: { name: string; exception?: { standing: string }; taggedWindowDays?: number }[];
    };

    expect(json.exceptions).toEqual([
      expect.objectContaining({ accountId: '111111111111', name: 'api', lastDay: null, reason: null, standing: 'cut', standingText: 'exception (details cut from the annotation)' }),
      expect.objectContaining({ name: 'old-api', lastDay: '2026-12-31', reason: REASON, standing: 'honoured', rule: 'iam-server-certificate-expiring', state: 'expired', expiration: '2026-11-20T12:00:00Z' }),
    ]);
    expect(json.exceptionsCoverage).toMatch(/^Read from the rules' annotations; accounts whose rules run without tagOverrides show no exceptions\./);
    expect(json.certificates.map((row) => [row.name, row.exception?.standing, row.taggedWindowDays])).toEqual([
      ['old-api', 'honoured', undefined],
      ['api', 'cut', undefined],
      ['wide', undefined, 60],
    ]);
    expect(JSON.parse(formatAggregateJson(report())).exceptions).toEqual([]);
  });

  it('HTML: the single-account report\'s Exceptions section, with the coverage line, escaped; and the certificates judged with their own window', () => {
    const html = formatHtml(withExceptions());

    expect(html).toContain('<section class="exceptions" id="exceptions"><h2>Exceptions (2)</h2>');
    expect(html).toContain("<p class=\"exceptions-coverage\">Read from the rules&#39; annotations; accounts whose rules run without tagOverrides show no exceptions.");
    expect(html).toContain(
      '<tr data-status="active"><td>111111111111</td><td class="name">old-api</td><td>2026-12-31</td><td>honoured by the warning rule only: still expired (the strict rule, IAM.26, is not waived)</td><td class="reason">CHG-1\u001b[31m\r\nMISSING none &#60;script&#62;x&#60;/script&#62;</td>',
    );
    expect(html).toContain('<tr data-status="unknown"><td>111111111111</td><td class="name">api</td><td></td><td>exception (details cut from the annotation)</td>');
    expect(html).toContain('the states below are judged with it, except 1 certificate judged with its own tagged window</dd>');
    expect(formatHtml(report({ exceptions: aggregateExceptionList([]) }))).toContain('<h2>Exceptions (0)</h2>');
    expect(formatHtml(report({ exceptions: aggregateExceptionList([]) }))).toContain("<p class=\"empty\">No exception in the rules&#39; annotations.</p>");
  });
});
