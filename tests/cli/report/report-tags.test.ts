import { runCli } from '../../../src/cli/run-cli';
import { ExitCode } from '../../../src/cli/exit-codes';
import { cert, fakeEnvironment } from '../fake-environment';

const EXCEPTION = 'iam-cert-expiry:exception';
const WINDOW = 'iam-cert-expiry:window-days';
// NOW is 2026-11-23T12:00:00Z (fake-environment.ts).
const certificates = [cert('old-api', -10), cert('api-2026', 5), cert('wide', 45), cert('www', 200), cert('far', 500)];
const tags = {
  'old-api': { [EXCEPTION]: '2027-01-31 CHG-1234 vendor renewal' },
  'api-2026': { [EXCEPTION]: '2026-11-01 CHG-1 ended' },
  wide: { [WINDOW]: '60' },
  www: { [EXCEPTION]: `2027-06-30 <script>alert(1)</script> \u202eevil` },
  far: { [EXCEPTION]: '2027-01-31 never read' },
};

/** The table line of the certificate `name`: after the account column, as `report` prints it. */
const lineOf = (output: string, name: string): string | undefined => output.split('\n').find((line) => line.startsWith(`123456789012  ${name} `));

describe('report with window and exception tags (issue 21)', () => {
  it('RT1: reads tags only where they can matter, judges with each certificate\'s own window, and shows what the tags did', async () => {
    const fake = fakeEnvironment({ certificates, tags });
    const code = await runCli(['report', '--no-usage'], fake.environment);
    // An exception never hides an expired certificate from the exit code.
    expect(code).toBe(2);
    expect(fake.tagReads.sort()).toEqual(['api-2026', 'old-api', 'wide', 'www']);
    const lines = fake.stdout().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT\s+NAME\s+ID\s+EXPIRES\s+DAYS\s+STATUS\s+TAGS\s+USAGE$/);
    expect(lineOf(fake.stdout(), 'old-api')).toMatch(/expired\s+exception through 2027-01-31: CHG-1234 vendor renewal; still expired: IAM.26 not waived\s+not checked$/);
    expect(lineOf(fake.stdout(), 'api-2026')).toMatch(/expiring\s+exception ignored: ended 2026-11-01\s+not checked$/);
    expect(lineOf(fake.stdout(), 'wide')).toMatch(/\s45\s+expiring\s+window 60 days \(tag\)\s+not checked$/);
    expect(lineOf(fake.stdout(), 'www')).toMatch(/valid\s+exception ignored: 2027-06-30 is over 90 days ahead \(maxExceptionDays\)\s+not checked$/);
    expect(fake.stdout()).not.toContain('\u202e');
    // The usage scope line stays under the table, tags or not.
    expect(lines.at(-1)).toBe('Usage not checked (--no-usage).');
  });

  it('RT2: --max-exception-days judges exceptions as the rule\'s maxExceptionDays does; --no-tags reads none and prints the table as before', async () => {
    const longer = fakeEnvironment({ certificates, tags });
    await runCli(['report', '--no-usage', '--max-exception-days', '365'], longer.environment);
    // The annotation's note quotes the reason with `(`, `)` and `;` replaced (src/core/exception-annotation.ts); the HTML list has it whole.
    expect(lineOf(longer.stdout(), 'www')).toMatch(/exception through 2027-06-30: <script>alert\[1\]<\/script> evil\s+not checked$/);

    const none = fakeEnvironment({ certificates, tags });
    await runCli(['report', '--no-usage', '--no-tags'], none.environment);
    expect(none.tagReads).toEqual([]);
    expect(none.stdout().split('\n')[0]).toMatch(/^ACCOUNT\s+NAME\s+ID\s+EXPIRES\s+DAYS\s+STATUS\s+USAGE$/);
    expect(lineOf(none.stdout(), 'wide')).toMatch(/\s45\s+valid\s+not checked$/);
  });

  it.each([
    [['--max-exception-days', '0'], /--max-exception-days must be a whole number from 1 to 365, got "0"/],
    [['--max-exception-days', '400'], /--max-exception-days must be a whole number from 1 to 365/],
    [['--no-tags', '--max-exception-days', '30'], /--max-exception-days has no effect with --no-tags/],
    [['--aggregator', 'org', '--no-tags'], /--no-tags and --max-exception-days apply to the single-account report/],
  ])('RT3: refuses %p', async (flags, message) => {
    const fake = fakeEnvironment({ certificates });
    expect(await runCli(['report', ...flags], fake.environment)).toBe(ExitCode.Usage);
    expect(fake.stderr()).toMatch(message);
  });

  it('RT4: without iam:ListServerCertificateTags, says so once and per certificate, judges without the tags, and keeps the exit code', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: iam:ListServerCertificateTags'), { name: 'AccessDenied' });
    const fake = fakeEnvironment({ certificates, tags, tagsError: denied });
    expect(await runCli(['report', '--no-usage'], fake.environment)).toBe(2);
    expect(fake.stderr()).toContain('tags not read for 4 certificates (AccessDenied): their window and exception tags are unknown and not applied; grant iam:ListServerCertificateTags, or pass --no-tags');
    expect(lineOf(fake.stdout(), 'wide')).toMatch(/\s45\s+valid\s+tags unread \(AccessDenied\): judged without exception or window tags\s+not checked$/);
    expect(lineOf(fake.stdout(), 'far')).toMatch(/valid\s+not checked$/);
  });

  it('RT5: JSON and CSV carry the exception whole, with its last day', async () => {
    const json = fakeEnvironment({ certificates, tags });
    await runCli(['report', '--no-usage', '--json'], json.environment);
    const report = JSON.parse(json.stdout()) as { certificates: Array<{ name: string; tags?: { exception: Record<string, unknown>; waived: boolean; windowDays: number } }> };
    expect(report.certificates.find((row) => row.name === 'old-api')?.tags).toMatchObject({
      // Expired: the exception is named whole, but waives nothing.
      waived: false,
      windowDays: 30,
      exception: { status: 'active', lastDay: '2027-01-31', ends: '2027-02-01T00:00:00.000Z', reason: 'CHG-1234 vendor renewal' },
    });
    expect(report.certificates.find((row) => row.name === 'far')).not.toHaveProperty('tags');

    const csv = fakeEnvironment({ certificates, tags });
    await runCli(['report', '--no-usage', '--csv'], csv.environment);
    // tags is the last column, after the usage ones (no regions checked with --no-usage).
    expect(csv.stdout().split('\r\n').find((line) => line.startsWith('123456789012,wide,'))).toMatch(
      /,expiring,,not-checked,not checked,,usage not checked \(--no-usage\),window 60 days \(tag\)$/,
    );
  });

  it('RT6: the HTML report lists every exception with its last day and standing, escaped, and what the list covers', async () => {
    const fake = fakeEnvironment({ certificates, tags });
    await runCli(['report', '--no-usage', '--html', 'r.html'], fake.environment);
    const html = fake.written.get('r.html') ?? '';
    expect(html).toContain('<h2>Exceptions (3)</h2>');
    expect(html).toContain('the states below are judged with it, except 1 certificate judged with its own tagged window</dd>');
    const section = html.slice(html.indexOf('id="exceptions"'), html.indexOf('</section>', html.indexOf('id="exceptions"')));
    const rows = [...section.matchAll(/<tr data-status="([^"]+)">(.*?)<\/tr>/g)].map((match) => [match[1], match[2]?.replace(/<[^>]+>/g, '|')]);
    expect(rows).toEqual([
      ['ended', '|123456789012||api-2026||2026-11-01||ended: ignored||CHG-1 ended||2026-11-28T12:00:00Z||expiring|'],
      ['active', '|123456789012||old-api||2027-01-31||honoured by the warning rule only: still expired (the strict rule, IAM.26, is not waived)||CHG-1234 vendor renewal||2026-11-13T12:00:00Z||expired|'],
      ['too-far', '|123456789012||www||2027-06-30||ignored: ends more than 90 days ahead||&#60;script&#62;alert(1)&#60;/script&#62; evil||2027-06-11T12:00:00Z||valid|'],
    ]);
    expect(section).toContain('of every certificate expired or within 365 days of expiry');
    expect(section).toContain('never waives the expired rule (Security Hub IAM.26)');
    expect(html).not.toContain('<script>alert');
    // Beside the exceptions list, the account and the usage scope stay in the header.
    expect(html).toContain('<p class="accounts" id="accounts">123456789012</p>');
    expect(html).toContain('<ul class="coverage-notes" id="coverage-notes"><li>Usage not checked (--no-usage).</li></ul>');
    // The certificates table agrees: expired, so NON_COMPLIANT whatever the exception, which the annotation names.
    expect(html).toMatch(/<tr class="state-expired"[^>]*>.*old-api.*<td data-value="NON_COMPLIANT">NON_COMPLIANT<\/td><td class="annotation"[^>]*>not checked; exception through 2027-01-31/);

    const unread = fakeEnvironment({ certificates, tags: {}, tagsError: new Error('throttled') });
    await runCli(['report', '--no-usage', '--html', 'u.html'], unread.environment);
    expect(unread.written.get('u.html')).toContain('The tags of 4 certificates could not be read: their exceptions are unknown.');
    const skipped = fakeEnvironment({ certificates, tags });
    await runCli(['report', '--no-usage', '--no-tags', '--html', 's.html'], skipped.environment);
    expect(skipped.written.get('s.html')).toContain('were not read (--no-tags): any waiver is unknown.');
    const untagged = fakeEnvironment({ certificates });
    await runCli(['report', '--no-usage', '--html', 'n.html'], untagged.environment);
    expect(untagged.written.get('n.html')).toContain('<h2>Exceptions (0)</h2>');
    expect(untagged.written.get('n.html')).toContain('No exception tags.');
  });

  describe('RT7: an exception never shows an expired certificate as passing, in any output (only an expiring one is waived)', () => {
    // expired-excepted: expired 10 days ago, exception active; expiring-excepted: 10 days left, the same exception.
    const excepted = [cert('expired-excepted', -10), cert('expiring-excepted', 10)];
    const exceptionTags = {
      'expired-excepted': { [EXCEPTION]: '2027-01-31 CHG-9 vendor renewal' },
      'expiring-excepted': { [EXCEPTION]: '2027-01-31 CHG-9 vendor renewal' },
    };
    const run = async (flags: string[]): Promise<{ code: number; out: string; html: string }> => {
      const fake = fakeEnvironment({ certificates: excepted, tags: exceptionTags });
      const code = await runCli(['report', '--no-usage', ...flags], fake.environment);
      return { code, out: fake.stdout(), html: fake.written.get('r.html') ?? '' };
    };

    it('text: the expired one says it is still expired and IAM.26 is not waived; the expiring one that its warning is waived; exit 2', async () => {
      const { code, out } = await run([]);
      expect(code).toBe(ExitCode.Expired);
      expect(lineOf(out, 'expired-excepted')).toMatch(/\sexpired\s+exception through 2027-01-31: CHG-9 vendor renewal; still expired: IAM.26 not waived\s+not checked$/);
      expect(lineOf(out, 'expired-excepted')).not.toContain('waived;');
      expect(lineOf(out, 'expiring-excepted')).toMatch(/\sexpiring\s+exception through 2027-01-31: CHG-9 vendor renewal; warning waived\s+not checked$/);
    });

    it('CSV: the same words in the tags column, the status expired', async () => {
      const { code, out } = await run(['--csv']);
      expect(code).toBe(ExitCode.Expired);
      const line = out.split('\r\n').find((row) => row.startsWith('123456789012,expired-excepted,')) ?? '';
      expect(line).toMatch(/,expired,.*,exception through 2027-01-31: CHG-9 vendor renewal; still expired: IAM.26 not waived$/);
    });

    it('JSON: waived is false for the expired one, true for the expiring one; the exception whole for both', async () => {
      const { code, out } = await run(['--json']);
      expect(code).toBe(ExitCode.Expired);
      const rows = (JSON.parse(out) as { certificates: Array<{ name: string; status: string; tags?: { waived: boolean; exception: { status: string } } }> }).certificates;
      expect(rows.map((row) => [row.name, row.status, row.tags?.waived, row.tags?.exception.status])).toEqual([
        ['expired-excepted', 'expired', false, 'active'],
        ['expiring-excepted', 'expiring', true, 'active'],
      ]);
    });

    it('HTML: the expired one is NON_COMPLIANT and its exception listed as not waiving IAM.26; the expiring one COMPLIANT', async () => {
      const { code, html } = await run(['--html', 'r.html']);
      expect(code).toBe(ExitCode.Expired);
      const compliance = (name: string): string | undefined => new RegExp(`data-value="${name}">.*?<td data-value="(COMPLIANT|NON_COMPLIANT)">`).exec(html)?.[1];
      expect([compliance('expired-excepted'), compliance('expiring-excepted')]).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
      expect(html).toContain('honoured by the warning rule only: still expired (the strict rule, IAM.26, is not waived)');
      expect(html).toContain('in effect: the warning rule passes it');
    });
  });
});
