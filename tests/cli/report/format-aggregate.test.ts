import type { AggregateRow } from '../../../src/cli/report/aggregate-rows';
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
