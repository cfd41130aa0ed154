/**
 * `npm run demo` (tests/tools/demo.ts, tests/tools/demo/*): what a new user sees first.
 *
 * D1 The whole demo, run once against the bundle jest's global setup built: every result is what the
 *    product must give, and no line is wider than 120 columns.
 * D2 Every command it prints is real: each `iam-cert-expiry` line parses as written, each `--param` is a
 *    deploy parameter of serverless.yml, each `npm run` a script, each page and heading it names exists.
 * D3 It ends with what to do next, after one line of self-check.
 * D4 Its formatting keeps any text (long words, control characters, wide tables) within 120 columns and
 *    printable, without losing any of it.
 * D5 The rules are deployed with the InputParameters serverless.yml gives them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alignedTable } from '../../src/cli/report/format-table';
import { runCli } from '../../src/cli/run-cli';
import { ROOT } from '../../scripts/handler-bundle';
import { BUILD_ERROR_PATH } from '../support/bundle/build-error';
import { headingAnchors } from '../support/markdown-anchors';
import { fakeEnvironment } from '../cli/fake-environment';
import { DEMO_DEPLOY_PARAMS, DEMO_SCHEDULER_ROLE } from '../tools/demo/demo-account';
import { commandLines, DEMO_COLUMNS, eventLines, fold, jsonLines, verdictTable, wrap } from '../tools/demo/demo-text';
import { deployedRules } from '../tools/demo/deployed-rules';
import { runDemo } from '../tools/demo/run-demo';

jest.setTimeout(60_000);

const ESC = '\u001b';
const wide = (lines: readonly string[]): string[] => lines.filter((line) => line.length > DEMO_COLUMNS);
/** The words of wrapped lines, prefixes and all, for checking that nothing was lost. */
const words = (lines: readonly string[]): string => lines.join(' ').split(/\s+/).filter(Boolean).join(' ');

describe('npm run demo', () => {
  const output: string[] = [];
  let failures: string[] = [];
  let directory = '';

  beforeAll(async () => {
    if (existsSync(BUILD_ERROR_PATH)) throw new Error(`Building dist/handler.js failed in jest's global setup:\n${readFileSync(BUILD_ERROR_PATH, 'utf8')}`);
    directory = mkdtempSync(join(tmpdir(), 'demo-'));
    failures = await runDemo({ print: (line) => void output.push(line), htmlReport: join(directory, 'report.html') });
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('D1: gives every result the product must, in lines of at most 120 columns', () => {
    expect(failures).toEqual([]);
    expect(output.length).toBeGreaterThan(50);
    expect(wide(output)).toEqual([]);
    const text = output.join('\n');
    // What an owner must see: both rules, the exception, one event, the schedule and its flip, the commands.
    for (const shown of ['NON_COMPLIANT', 'NOT_APPLICABLE', 'CHG-1234 vendor renewal', 'DetailType  IAM Server Certificate Approaching Expiration', ' UTC', '$ iam-cert-expiry report', '$ iam-cert-expiry retire']) {
      expect(text).toContain(shown);
    }
    expect(text).toMatch(/iam-server-certificate-expired-[0-9a-f]{12} {2}at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\) UTC/);
    expect(text).toMatch(/sso-login: expired rule COMPLIANT → NON_COMPLIANT/);
    expect(existsSync(join(directory, 'report.html'))).toBe(true);
  });

  it('D2: prints only iam-cert-expiry command lines that parse as written', async () => {
    const commands = output.map((line) => /^\s*(?:\$ )?iam-cert-expiry\s+(.*)$/.exec(line)?.[1]).filter((rest): rest is string => rest !== undefined);
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) {
      const fake = fakeEnvironment();
      const code = await runCli([...command.split(/\s+/).map((word) => word.replace(/^'(.*)'$/, '$1')), '--help'], fake.environment);
      expect({ command, code, stderr: fake.stderr() }).toEqual({ command, code: 0, stderr: '' });
      expect(fake.stdout()).toMatch(/^Usage: iam-cert-expiry /);
    }
  });

  it('D2: deploys with parameters serverless.yml has, runs scripts package.json has, and names pages and headings that exist', () => {
    const text = output.join('\n').replace(/\\\n\s*/g, ' ');
    const deploy = /npx serverless deploy (.*)$/m.exec(text)?.[1] ?? '';
    const params = [...deploy.matchAll(/--param="(\w+)=/g)].map((match) => match[1]);
    expect(params).toEqual(['alertEmail', ...Object.keys(DEMO_DEPLOY_PARAMS)]);
    const serverless = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
    for (const param of params) expect(serverless).toMatch(new RegExp(`^    ${param}: `, 'm'));

    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const [, script] of text.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(scripts)).toContain(script);
    // The README's install line (docs/cli.md#install gives the same steps one a line).
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(/(npm pack && npm install -g \S+)/.exec(text)?.[1] ?? 'no install line');

    const pages = [...text.matchAll(/\b(docs\/[\w-]+\.md)(?:#([\w-]+))?/g)];
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const [reference, page = '', anchor] of pages) {
      expect({ reference, exists: existsSync(join(ROOT, page)) }).toEqual({ reference, exists: true });
      if (anchor !== undefined) expect({ reference, heading: headingAnchors(readFileSync(join(ROOT, page), 'utf8')).has(anchor) }).toEqual({ reference, heading: true });
    }
  });

  it('D3: ends with what to do next, after one line of self-check', () => {
    const next = output.lastIndexOf('Next:');
    expect(next).toBeGreaterThan(0);
    expect(output.slice(next - 3, next)).toEqual(['', 'Every verdict, event, schedule and command result above is what the product must give (checked by the demo).', '']);
    expect(output.at(-1)).toBe('    iam-cert-expiry doctor --region us-east-1');
  });
});

describe('the demo\'s formatting', () => {
  it('D4: wraps text between words within 120 columns, cuts only a word longer than a line, and escapes control characters', () => {
    const long = 'x'.repeat(300);
    const text = `Expires soon ${long} then ${ESC}[2Jcleared and\u202ereversed`;
    const lines = wrap(text, '    label: ', '           ');
    expect(wide(lines)).toEqual([]);
    expect(lines.join('')).not.toMatch(/[\u001b\u202e]/);
    expect(lines.join('')).toContain('\\x1b[2Jcleared');
    // Every word there, in order; only the word longer than a line was cut (into whole-line pieces).
    expect(lines.map((line) => line.slice(11)).join('|')).toBe(`Expires soon|${long.slice(0, 109)}|${long.slice(109, 218)}|${long.slice(218)} then \\x1b[2Jcleared|and\\u202ereversed`);
    expect(wrap('a b c', '', '', 3)).toEqual(['a b', 'c']);
  });

  it('D4: folds a wide line of prose between words, continued indented', () => {
    const line = Array.from({ length: 40 }, (_, index) => `word-${index}`).join(' ');
    const lines = fold(line);
    expect(lines.length).toBeGreaterThan(1);
    expect(wide(lines)).toEqual([]);
    expect(lines.slice(1).every((continued) => continued.startsWith('    '))).toBe(true);
    expect(words(lines)).toBe(line);
  });

  it('D4: folds a wide table between two columns, the rest of each row aligned on the next line', () => {
    const exception = 'exception through 2027-01-06: CHG-1234 vendor renewal; warning waived';
    const table = alignedTable(
      ['ACCOUNT', 'NAME', 'ID', 'EXPIRES', 'STATUS', 'TAGS', 'USAGE'],
      [
        ['123456789012', 'shop-2025', 'ASCAFH5WO0C76CY80VL4O', '2026-11-27T10:34:08Z', 'expired', '', 'not referenced: safe to delete'],
        ['123456789012', 'vendor', 'ASCA9UCWFFBV2ESNXY9OP', '2026-12-04T10:34:08Z', 'expired', exception, `in use by elb ${ESC}[31mvendor-elb:443`],
      ],
    );
    const scope = `Usage checked in: ${Array.from({ length: 30 }, (_, index) => `region-${index}`).join(', ')}`;
    const lines = commandLines(['iam-cert-expiry', 'report'], `${table}\n${scope}\n`);
    expect(wide(lines)).toEqual([]);
    expect(lines[0]).toBe('$ iam-cert-expiry report');
    const rows = table.trimEnd().split('\n').map((row) => row.replace(ESC, '\\x1b'));
    const tags = rows[0]?.indexOf('TAGS') ?? -1;
    expect(lines.slice(1, 7)).toEqual(rows.flatMap((row) => [row.slice(0, tags).trimEnd(), `    ${row.slice(tags)}`]));
    expect(lines[2]).toMatch(/^ {4}TAGS +USAGE$/);
    expect(lines[4]?.indexOf('not referenced')).toBe(lines[2]?.indexOf('USAGE'));
    expect(lines[7]).toBe('');
    expect(words(lines.slice(8))).toBe(scope);
  });

  it('D4: keeps a table that fits as the command printed it, and quotes words a shell would split', () => {
    expect(commandLines(['iam-cert-expiry', 'report', '--html', 'my report.html'], 'NAME  STATUS\nwww   valid\n')).toEqual(["$ iam-cert-expiry report --html 'my report.html'", 'NAME  STATUS', 'www   valid']);
  });

  it('D4: prints each rule\'s verdict in short columns and every annotation whole, wrapped under its row', () => {
    const annotation = `Expired 2026-11-27T10:35:15Z (10 days ago) and still stored in IAM. ${'Rotate, repoint consumers, then delete. '.repeat(5)}${ESC}]0;title`;
    const lines = verdictTable(['expired rule', 'expiring rule'], [
      { certificate: `shop${ESC}[2J`, expires: '2026-11-27T10:35:15Z', days: '-10', results: [{ compliance: 'NON_COMPLIANT', annotation }, { compliance: 'NON_COMPLIANT', annotation }] },
      { certificate: 'www', expires: '2028-01-11T10:35:15Z', days: '399', results: [{ compliance: 'COMPLIANT', annotation: 'Valid until 2028.' }, undefined] },
    ]);
    expect(wide(lines)).toEqual([]);
    expect(lines[0]).toMatch(/^ {2}certificate +expires +days +expired rule +expiring rule$/);
    expect(lines[2]).toMatch(/^ {2}shop\\x1b\[2J +2026-11-27T10:35:15Z +-10 +NON_COMPLIANT +NON_COMPLIANT$/);
    expect(lines[3]).toMatch(/^ {4}both: +Expired /);
    expect(words(lines.filter((line) => /^ {4}\S|^ {19}/.test(line))).replace(/^both: /, '').replace(' expired rule: Valid until 2028.', '')).toBe(words([annotation.replace(ESC, '\\x1b')]));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}www +2028-01-11T10:35:15Z +399 +COMPLIANT +\(nothing\)$/));
    expect(lines.join('\n')).not.toContain(ESC);
  });

  it('D4: prints an event\'s detail as compact JSON broken after commas, every character of it there', () => {
    const detail = { ServerCertificateName: 'api\u202eevil', Arn: `arn:aws:iam::123456789012:server-certificate/${'p'.repeat(150)}`, DaysToExpiry: 4, Consumers: [] };
    const lines = eventLines({ detailType: 'IAM Server Certificate Approaching Expiration', source: 'iam-server-certificate-expiry', detail });
    expect(wide(lines)).toEqual([]);
    expect(lines[0]).toBe('  DetailType  IAM Server Certificate Approaching Expiration');
    expect(lines[1]).toBe('  Source      iam-server-certificate-expiry');
    expect(lines.slice(2).map((line) => line.slice(14)).join('')).toBe(JSON.stringify(detail).replace('\u202e', '\\u202e'));
    expect(jsonLines({ a: '1', b: '2' }, '> ', '  ', 12)).toEqual(['> {"a":"1",', '  "b":"2"}']);
  });
});

describe('the rules the demo deploys', () => {
  it('D5: get the InputParameters serverless.yml gives them with the demo\'s deploy parameters', () => {
    const rules = Object.fromEntries(deployedRules(DEMO_DEPLOY_PARAMS, DEMO_SCHEDULER_ROLE).map((rule) => [rule.name, JSON.parse(rule.inputParameters) as Record<string, string>]));
    const both = { checkUsage: 'true', usageRegions: 'all', tagOverrides: 'true', maxExceptionDays: '90', evaluateAtExpiry: 'true', schedulerRole: DEMO_SCHEDULER_ROLE };
    expect(rules).toEqual({
      'iam-server-certificate-expired': { daysToExpiration: '0', ...both },
      // Expiry events from the expiring rule only (serverless.yml): owners would get every reminder twice.
      // With expiry events, the owner tag and the runbook too, for the events' Owner and RunbookUrl.
      'iam-server-certificate-expiring': { daysToExpiration: '30', ...both, expiryEvents: 'true', ownerTagKey: 'owner', runbookUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html' },
    });
    const defaults = deployedRules({}, DEMO_SCHEDULER_ROLE).map((rule) => rule.inputParameters);
    expect(defaults).toEqual(['{"daysToExpiration":"0","checkUsage":"false","usageRegions":"all"}', '{"daysToExpiration":"30","checkUsage":"false","usageRegions":"all"}']);
    expect(() => deployedRules({ evaluateAtExpiryy: 'true' }, DEMO_SCHEDULER_ROLE)).toThrow('evaluateAtExpiryy is not a deploy parameter of serverless.yml');
  });
});
