import { chromium, type Browser, type Page } from 'playwright-core';
import { aggregateExceptionList } from '../../../src/cli/report/aggregate-exceptions';
import { AggregateState, type AggregateRow } from '../../../src/cli/report/aggregate-rows';
import { appendToAnnotation } from '../../../src/core/annotation';
import { evaluateCertificate } from '../../../src/core/evaluate-certificate';
import { UsageService, UsageState } from '../../../src/usage/certificate-usage';
import { formatUsage } from '../../../src/usage/format-usage';
import { formatHtml } from '../../../src/cli/report/format-html';
import type { HtmlReport } from '../../../src/cli/report/html-report-model';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
/** Debian's Chromium, installed by .ci/run where missing. */
const CHROMIUM = '/usr/bin/chromium';
/**
 * Jest's 5 s default is too short for the heavy cases below (Chromium's
 * start, and laying out, sorting, filtering and printing 1,000 rows) on CI's
 * 2 cores shared with the other test files: measured alone, 1.2 to 2.2 s
 * each; under a full parallel run several times that. 30 s still fails a
 * real hang (a click that never lands, a page that never loads) long before
 * CI's 10 minutes, and stays well above any honest run.
 */
const HEAVY_BROWSER_TEST_MS = 30_000;
// Playwright adds --headless and its own fresh --user-data-dir (a new temp directory per launch).
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function row(index: number, daysLeft: number, overrides: Partial<AggregateRow> = {}): AggregateRow {
  const state = daysLeft <= 0 ? AggregateState.Expired : daysLeft <= 30 ? AggregateState.Expiring : AggregateState.Valid;
  return {
    accountId: String(100000000000 + (index % 400)),
    region: 'us-east-1',
    name: `cert-${index}`,
    resourceId: `ASCA${index}`,
    expiration: new Date(NOW.getTime() + daysLeft * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    daysLeft,
    state,
    compliance: state === AggregateState.Valid ? 'COMPLIANT' : 'NON_COMPLIANT',
    rule: 'iam-server-certificate-expiring',
    annotation: `annotation ${index}`,
    lastEvaluated: '2026-11-23T11:00:00Z',
    ...overrides,
  };
}

function report(rows: readonly AggregateRow[]): HtmlReport {
  const accounts = [...new Set(rows.map((r) => r.accountId))].sort();
  return {
    source: 'Config aggregator org',
    generatedAt: NOW,
    days: 30,
    rules: ['iam-server-certificate-expired', 'iam-server-certificate-expiring'],
    ruleWindows: [30],
    ruleParameters: [
      { rule: 'iam-server-certificate-expired', statedWindows: [] },
      { rule: 'iam-server-certificate-expiring', statedWindows: [30] },
    ],
    parametersSource: 'A Config aggregator returns no rule parameters.',
    accounts,
    missing: [],
    coverage: { verified: true, basis: 'the accounts the aggregator lists' },
    coverageNotes: [],
    rows,
  };
}

/** 1,000 certificates over 400 accounts, from 60 days expired to ~3 years ahead. */
const THOUSAND = Array.from({ length: 1000 }, (_, index) => row(index, ((index * 37) % 1160) - 60));

/**
 * The same 1,000 with annotations as the rule writes them (its verdict, then
 * where the certificate is used): about 200 characters each.
 */
const THOUSAND_ANNOTATED = THOUSAND.map((entry, index) => {
  const verdict = evaluateCertificate({ name: entry.name, expiration: new Date(entry.expiration ?? '') }, NOW, { daysToExpiration: 30 });
  const usage = formatUsage({
    state: UsageState.InUse,
    usages: [
      { service: UsageService.Elbv2, resource: `shop-prod-${index}-alb`, detail: '443', region: 'us-east-1' },
      { service: UsageService.Elb, resource: `legacy-api-${index}`, detail: '443', region: 'eu-west-1' },
      { service: UsageService.CloudFront, resource: `E2QWRUHAPOMQZ${index}`, detail: `www${index}.example.com`, region: 'global' },
    ],
    failures: [],
    coverage: { enabled: ['eu-west-1', 'us-east-1'], listFailure: undefined, scanned: ['eu-west-1', 'us-east-1'], gaps: [] },
  }, { expired: verdict.state === 'Expired' });
  return { ...entry, annotation: appendToAnnotation(verdict.annotation, usage) };
});

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree nodes). */
function pdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/** True when two boxes share any area. */
function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The HTML report in Debian's Chromium (one browser for the suite): what a
 * user sees, the table's sorting and filtering by clicking and typing, and
 * the timeline, for 0, 1 and 1,000 certificates.
 */
describe('HTML report in a headless browser', () => {
  let browser: Browser;
  let page: Page;
  let requests: string[];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, HEAVY_BROWSER_TEST_MS);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    requests = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('data:') && request.url() !== 'about:blank') requests.push(request.url());
    });
  });
  afterEach(async () => {
    await page?.close();
  });

  async function open(rows: readonly AggregateRow[], extra: Partial<HtmlReport> = {}): Promise<void> {
    await page.setContent(formatHtml({ ...report(rows), ...extra }), { waitUntil: 'load' });
  }

  const cellTexts = (column: number): Promise<string[]> =>
    page.$$eval(`#certificates tbody tr:not([hidden]) td:nth-child(${column + 1})`, (cells) => cells.map((cell) => cell.textContent ?? ''));

  /** Standard deviation of the screenshot's pixel luminance, measured by decoding the PNG in a blank page's canvas. */
  async function screenshotSpread(png: Buffer): Promise<number> {
    const blank = await browser.newPage();
    try {
      // A string, evaluated in the page: the test program is compiled without DOM types.
      const measured: unknown = await blank.evaluate(`(async () => {
        const image = new Image();
        image.src = ${JSON.stringify(`data:image/png;base64,${png.toString('base64')}`)};
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let sum = 0;
        let squares = 0;
        for (let i = 0; i < data.length; i += 4) {
          const luminance = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
          sum += luminance;
          squares += luminance * luminance;
        }
        const mean = sum / (data.length / 4);
        return Math.sqrt(squares / (data.length / 4) - mean * mean);
      })()`);
      return Number(measured);
    } finally {
      await blank.close();
    }
  }

  it('renders a screenshot that is not blank, while a plain white page is', async () => {
    await page.setContent('<html><body style="background:#fff"></body></html>');
    const white = await screenshotSpread(await page.screenshot());
    await open(THOUSAND.slice(0, 40));
    const rendered = await screenshotSpread(await page.screenshot({ fullPage: false }));

    expect(white).toBeLessThan(1);
    expect(rendered).toBeGreaterThan(10);
  }, HEAVY_BROWSER_TEST_MS);

  it('with 0 certificates: says so, counts zero, draws today and the window but no certificate', async () => {
    await open([]);

    expect(await page.textContent('#empty')).toBe('No IAM server certificates found.');
    expect(await page.$$eval('#counts .count .number', (numbers) => numbers.map((n) => n.textContent))).toEqual(['0', '0', '0', '0', '0']);
    expect(await page.locator('#timeline circle').count()).toBe(0);
    expect(await page.locator('#timeline line.today').count()).toBe(1);
    expect(await page.locator('#certificates tbody tr').count()).toBe(0);
    expect(await page.textContent('#shown')).toBe('0 of 0 shown');
  });

  it('with 1 certificate: one row with every column, one dot inside the warning window', async () => {
    await open([row(1, 12)]);

    expect(await page.$$eval('#certificates tbody tr td', (cells) => cells.map((cell) => cell.textContent))).toEqual([
      '100000000001', 'us-east-1', 'cert-1', '2026-12-05', '12', 'expiring', 'NON_COMPLIANT', 'annotation 1', '2026-11-23 11:00:00Z',
    ]);
    const dot = await page.locator('#timeline circle').boundingBox();
    const window = await page.locator('#timeline rect.window').boundingBox();
    const today = await page.locator('#timeline line.today').boundingBox();
    expect(dot && window && today).toBeTruthy();
    if (!dot || !window || !today) return;
    expect(dot.x + dot.width / 2).toBeGreaterThan(window.x);
    expect(dot.x + dot.width / 2).toBeLessThan(window.x + window.width);
    expect(Math.abs(today.x + today.width / 2 - window.x)).toBeLessThan(2);
    expect(await page.textContent('#timeline title')).toBe('cert-1 (100000000001): 2026-12-05T12:00:00Z, expiring');
  });

  it('with 1,000 certificates: every row and dot, counts by state, sorting by clicking headings', async () => {
    await open(THOUSAND);

    expect(await page.locator('#certificates tbody tr').count()).toBe(1000);
    expect(await page.locator('#timeline circle').count()).toBe(1000);
    const expected = (state: string): string => String(THOUSAND.filter((r) => r.state === state).length);
    expect(await page.textContent('#counts .state-expired .number')).toBe(expected('expired'));
    expect(await page.textContent('#counts .state-valid .number')).toBe(expected('valid'));
    expect(await page.textContent('#account-count')).toBe('400 of 400');

    await page.click('#certificates th:nth-child(5) button');
    const ascending = (await cellTexts(4)).map(Number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(ascending[0]).toBe(-60);
    expect(await page.getAttribute('#certificates th:nth-child(5)', 'aria-sort')).toBe('ascending');

    await page.click('#certificates th:nth-child(5) button');
    const descending = (await cellTexts(4)).map(Number);
    expect(descending).toEqual([...ascending].reverse());

    await page.click('#certificates th:nth-child(3) button');
    const names = await cellTexts(2);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  }, HEAVY_BROWSER_TEST_MS);

  it('filters by typed text and by state, and prints every row whatever the filter', async () => {
    await open(THOUSAND);

    await page.fill('#filter', 'cert-99');
    // cert-99 and cert-990 … cert-999.
    expect((await cellTexts(2)).sort()).toEqual(['cert-99', ...Array.from({ length: 10 }, (_, i) => `cert-99${i}`)].sort());
    expect(await page.textContent('#shown')).toBe('11 of 1000 shown');

    await page.fill('#filter', '');
    await page.selectOption('#state-filter', 'expired');
    const states = await cellTexts(5);
    expect(states.length).toBe(THOUSAND.filter((r) => r.state === 'expired').length);
    expect(new Set(states)).toEqual(new Set(['expired']));

    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(`[...document.querySelectorAll('#certificates tbody tr')].filter((r) => getComputedStyle(r).display !== 'none').length`)).toBe(1000);
    expect(await page.evaluate(`getComputedStyle(document.querySelector('.controls')).display`)).toBe('none');
  }, HEAVY_BROWSER_TEST_MS);

  it('keeps long names and many accounts inside the page width', async () => {
    const long = `${'very-long-certificate-name-'.repeat(12)}end`;
    await open([row(1, 5, { name: long, annotation: 'x'.repeat(256) }), ...THOUSAND.slice(0, 100)]);

    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(await page.textContent('#certificates tbody tr:first-child td:nth-child(3)')).toBe(long);
    const accounts = await page.locator('#accounts').boundingBox();
    expect(accounts?.height ?? Infinity).toBeLessThan(120);
  });

  it('shows untrusted names and annotations as text, runs none of them, and fetches nothing', async () => {
    const hostile = '<img src="https://example.invalid/x.png" onerror="window.pwned=1"><script>window.pwned=2</script>';
    await open([row(1, -3, { name: hostile, annotation: `"'><b>bold</b>` })], { missing: [{ accountId: '<i>1</i>', reason: '<script>window.pwned=3</script>' }], accounts: ['<i>1</i>', '100000000001'] });

    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.textContent('#certificates tbody td:nth-child(3)')).toBe(hostile);
    expect(await page.textContent('#certificates tbody td:nth-child(8)')).toBe(`"'><b>bold</b>`);
    expect(await page.locator('#certificates b, #certificates img, #missing script').count()).toBe(0);
    expect(await page.textContent('#missing li')).toBe('<i>1</i>: <script>window.pwned=3</script>');
    expect(requests).toEqual([]);
  });

  it('prints 1,000 certificates with real-length annotations compactly on A4 landscape, the heading on every page', async () => {
    const annotationLengths = THOUSAND_ANNOTATED.map((entry) => entry.annotation.length);
    expect(Math.min(...annotationLengths)).toBeGreaterThan(160);
    expect(annotationLengths.reduce((sum, length) => sum + length, 0) / annotationLengths.length).toBeGreaterThan(190);
    await open(THOUSAND_ANNOTATED);

    const pdf = await page.pdf({ format: 'A4', landscape: true });

    // Measured: 41 pages (two lines a row, about 28 rows a page after the front matter); the
    // fixed em columns of the first layout took 1,003 pages of this fixture.
    expect(pdfPages(pdf)).toBeGreaterThan(20);
    expect(pdfPages(pdf)).toBeLessThanOrEqual(50);
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(`getComputedStyle(document.querySelector('#certificates thead')).display`)).toBe('table-header-group');
  }, HEAVY_BROWSER_TEST_MS);

  it('keeps the counts on the first screen with 200 missing accounts, the list scrolling (and printing in full)', async () => {
    await page.setViewportSize({ width: 1400, height: 1000 });
    const missing = Array.from({ length: 200 }, (_, index) => ({ accountId: String(200000000000 + index), reason: `aggregation FAILED in us-east-1 (last update 2026-11-22T08:00:00Z): AuthorizationNotFoundException: not authorized ${index}` }));
    await open(THOUSAND.slice(0, 20), { missing, accounts: [...new Set([...THOUSAND.slice(0, 20).map((r) => r.accountId), ...missing.map((m) => m.accountId)])].sort() });

    const counts = await page.locator('#counts').boundingBox();
    expect(counts?.y ?? Infinity).toBeLessThan(900);
    expect(await page.locator('#missing li').count()).toBe(200);
    expect(await page.textContent('#missing h2')).toBe('Missing accounts (200)');
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(`(() => { const list = document.querySelector('#missing ul'); return list.scrollHeight <= list.clientHeight + 1; })()`)).toBe(true);
  });

  const spread = (): AggregateRow[] => [row(1, -700), row(2, 0.5), row(3, 20), row(4, 200), row(5, 2000), ...THOUSAND.slice(0, 50)];
  const withinAYear = (): AggregateRow[] => [row(1, -5), row(2, 12), row(3, 200), row(4, 300)];
  it.each([
    [1, 'certificates from long expired to years ahead', spread()],
    [30, 'certificates from long expired to years ahead', spread()],
    [365, 'certificates from long expired to years ahead', spread()],
    [365, 'every certificate within a year, so the window ends at the right edge', withinAYear()],
    [1, 'no certificate', []],
  ])('with --days %i and %s, lays out the timeline labels so that none meets another or leaves the drawing', async (days, _fixture, rows) => {
    await open(rows, { days });

    const svg = await page.locator('#timeline').boundingBox();
    const labels = await page.$$eval('#timeline text', (texts) =>
      texts.map((text) => {
        const box = text.getBoundingClientRect();
        return { text: text.textContent ?? '', x: box.x, y: box.y, width: box.width, height: box.height };
      }),
    );
    expect(svg).toBeTruthy();
    if (!svg) return;
    expect(labels.map((label) => label.text)).toEqual(expect.arrayContaining(['today', `warning window: ${days} ${days === 1 ? 'day' : 'days'}`]));
    for (const label of labels) {
      expect([label.text, label.x >= svg.x && label.x + label.width <= svg.x + svg.width && label.y >= svg.y && label.y + label.height <= svg.y + svg.height]).toEqual([label.text, true]);
    }
    for (const [index, label] of labels.entries()) {
      for (const other of labels.slice(index + 1)) expect([label.text, other.text, intersects(label, other)]).toEqual([label.text, other.text, false]);
    }
  });

  it('keeps the warning window readable when one certificate expired long ago: it sits on the left edge, counted', async () => {
    await open([row(1, -700), row(2, 10), row(3, 25), row(4, 100)]);

    const window = await page.locator('#timeline rect.window').boundingBox();
    expect(window?.width ?? 0).toBeGreaterThan(40);
    expect(await page.textContent('#earlier-label')).toBe('\u2190 1 expired before 2026-08-25');
    const old = page.locator('#timeline circle.clamped');
    expect(await old.count()).toBe(1);
    expect(await page.textContent('#bands')).toBe('Expired: 1 (1 before 2026-08-25, on the left edge) · Expiring within 30 days: 2 · Later: 1');
    expect(await page.$$eval('#soonest li', (items) => items.map((item) => item.textContent))).toEqual([
      'cert-2 (100000000002): 2026-12-03, 10 days left, expiring',
      'cert-3 (100000000003): 2026-12-18, 25 days left, expiring',
      'cert-4 (100000000004): 2027-03-03, 100 days left, valid',
    ]);
  });

  it("shows each rule's daysToExpiration as its annotations state it, and says the aggregator gives no parameters", async () => {
    await open([row(1, 12)], { days: 1 });

    expect(await page.$$eval('#rules li', (items) => items.map((item) => item.textContent))).toEqual([
      'iam-server-certificate-expired: daysToExpiration: not stated in its annotations',
      'iam-server-certificate-expiring: daysToExpiration 30, as its annotations state',
    ]);
    expect(await page.textContent('#parameters-source')).toBe('A Config aggregator returns no rule parameters.');
    expect(await page.textContent('#window')).toBe('1 day (--days): the states below are judged with it');
  });

  it('shows an aggregator\'s exceptions, read from the annotations, as the single-account report does: each with its last day, standing and reason, as text', async () => {
    const honoured = { standing: 'honoured', status: 'active', lastDay: '2026-12-31', reason: 'CHG-1 <img src=x onerror=alert(1)>', why: undefined, rule: 'iam-server-certificate-expiring' } as const;
    const rows = [
      row(1, -5, { exception: { ...honoured, standingText: 'honoured by the warning rule only: still expired (the strict rule, IAM.26, is not waived)' } }),
      row(2, 10, { exception: { ...honoured, lastDay: '2027-01-15', reason: 'INC-9', standingText: 'honoured by the warning rule' } }),
      row(3, 12, { taggedWindowDays: 60 }),
    ];
    await open(rows, { exceptions: aggregateExceptionList(rows) });

    expect(await page.isVisible('#exceptions')).toBe(true);
    expect(await page.textContent('#exceptions h2')).toBe('Exceptions (2)');
    expect(await page.textContent('.exceptions-coverage')).toMatch(/^Read from the rules' annotations; accounts whose rules run without tagOverrides show no exceptions\./);
    expect(await page.$$eval('#exception-list tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent)))).toEqual([
      ['100000000001', 'cert-1', '2026-12-31', 'honoured by the warning rule only: still expired (the strict rule, IAM.26, is not waived)', 'CHG-1 <img src=x onerror=alert(1)>'],
      ['100000000002', 'cert-2', '2027-01-15', 'honoured by the warning rule', 'INC-9'],
    ]);
    expect(await page.$$('#exception-list img')).toHaveLength(0);
    expect(await page.textContent('#window')).toBe('30 days (--days): the states below are judged with it, except 1 certificate judged with its own tagged window');
  });
});
