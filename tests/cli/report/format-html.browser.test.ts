import { chromium, type Browser, type Page } from 'playwright-core';
import { AggregateState, type AggregateRow } from '../../../src/cli/report/aggregate-rows';
import { formatHtml } from '../../../src/cli/report/format-html';
import type { HtmlReport } from '../../../src/cli/report/html-report-model';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
/** Debian's Chromium, installed by .ci/run where missing. */
const CHROMIUM = '/usr/bin/chromium';
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
  return { source: 'Config aggregator org', generatedAt: NOW, days: 30, rules: ['iam-server-certificate-expired', 'iam-server-certificate-expiring'], ruleWindows: [30], accounts, missing: [], rows };
}

/** 1,000 certificates over 400 accounts, from 60 days expired to ~3 years ahead. */
const THOUSAND = Array.from({ length: 1000 }, (_, index) => row(index, ((index * 37) % 1160) - 60));

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
  });
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
  });

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
  });

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
  });

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
});
