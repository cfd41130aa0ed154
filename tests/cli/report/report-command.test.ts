import { runCli } from '../../../src/cli/run-cli';
import { expiryEvent } from '../../../src/core/expiry-event';
import { DEFAULT_RULE_PARAMETERS } from '../../../src/core/rule-parameters';
import { cert, COMPLETE_USAGE_SCOPE, EMPTY_INVENTORY, fakeEnvironment, inUse, NOW, type FakeScan } from '../fake-environment';

type UsageInventory = FakeScan;
const ACCOUNT = '123456789012';

const expired = cert('old-api', -10);
const expiring = cert('api-2026', 5.5);
const valid = cert('www', 200);

describe('report command', () => {
  it('prints a table with account, name, id, expiry, days left, status and usage, soonest expiry first, then the regions checked', async () => {
    const fake = fakeEnvironment({ certificates: [valid, expiring, expired], scans: [inUse(expired)] });
    await runCli(['report'], fake.environment);
    const lines = fake.stdout().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT\s+NAME\s+ID\s+EXPIRES\s+DAYS\s+STATUS\s+USAGE$/);
    expect(lines[1]).toMatch(/^123456789012\s+old-api\s+ASCAOLDAPI\s+2026-11-13T12:00:00Z\s+-10\s+expired\s+in use by elb my-app-elb:443$/);
    // Not expired: never "safe to delete", however unreferenced.
    expect(lines[2]).toMatch(/^123456789012\s+api-2026\s+ASCAAPI2026\s+2026-11-29T00:00:00Z\s+5\s+expiring\s+not referenced$/);
    expect(lines[3]).toMatch(/^123456789012\s+www\s+\S+\s+\S+\s+200\s+valid\s+not referenced$/);
    expect(lines[4]).toBe('');
    expect(lines[5]).toBe('Usage checked in every region enabled for the account (2): eu-west-1, us-east-1; and CloudFront.');
    expect(lines).toHaveLength(6);
  });

  it('says "safe to delete" for an expired certificate nothing uses in any enabled region, and for nothing else', async () => {
    const fake = fakeEnvironment({ certificates: [expired, valid] });
    await runCli(['report'], fake.environment);
    expect(fake.stdout()).toMatch(/^123456789012 +old-api .* expired +not referenced: safe to delete$/m);
    expect(fake.stdout().match(/safe to delete/g)).toHaveLength(1);
  });

  it('names the account once, from STS GetCallerIdentity, in the table, JSON and CSV', async () => {
    const json = fakeEnvironment({ certificates: [expired] });
    await runCli(['report', '--json'], json.environment);
    expect(JSON.parse(json.stdout())).toMatchObject({ account: ACCOUNT, certificates: [{ account: ACCOUNT, name: 'old-api' }] });
    expect(json.events.filter((event) => event === 'identity')).toEqual(['identity']);

    const csv = fakeEnvironment({ certificates: [expired] });
    await runCli(['report', '--csv'], csv.environment);
    expect(csv.stdout().split('\r\n')[1]).toMatch(/^123456789012,old-api,/);
  });

  it('stops before reading anything when it cannot tell whose account the credentials are', async () => {
    const fake = fakeEnvironment({ certificates: [expired], identityError: new Error('ExpiredToken: the token has expired') });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(1);
    expect(fake.stderr()).toContain('cannot tell who is acting (sts:GetCallerIdentity failed: Error: ExpiredToken: the token has expired)');
    expect(fake.events).toEqual(['identity']);
  });

  it('exits 2 when any certificate has expired', async () => {
    const fake = fakeEnvironment({ certificates: [valid, expired] });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(2);
  });

  it('exits 0 when certificates expire soon but none has expired', async () => {
    const fake = fakeEnvironment({ certificates: [valid, expiring] });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(0);
  });

  it('exits 0 and says so when IAM holds no certificate', async () => {
    const fake = fakeEnvironment({ certificates: [] });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(0);
    expect(fake.stdout()).toBe('No server certificates in IAM.\n\nUsage checked in every region enabled for the account (2): eu-west-1, us-east-1; and CloudFront.\n');
  });

  it('uses --days for the expiring window', async () => {
    const fake = fakeEnvironment({ certificates: [valid] });
    await runCli(['report', '--days', '365', '--json'], fake.environment);
    const report = JSON.parse(fake.stdout()) as { days: number; certificates: { status: string }[] };
    expect(report.days).toBe(365);
    expect(report.certificates[0]?.status).toBe('expiring');
  });

  it('writes a JSON document with the usage detail and generation time', async () => {
    const fake = fakeEnvironment({ certificates: [expired], scans: [inUse(expired)] });
    await expect(runCli(['report', '--json'], fake.environment)).resolves.toBe(2);
    expect(JSON.parse(fake.stdout())).toEqual({
      generatedAt: '2026-11-23T12:00:00Z',
      account: ACCOUNT,
      days: 30,
      usageChecked: true,
      usageScope: COMPLETE_USAGE_SCOPE,
      certificates: [
        {
          account: ACCOUNT,
          name: 'old-api',
          id: 'ASCAOLDAPI',
          arn: expired.arn,
          path: '/',
          expiration: '2026-11-13T12:00:00Z',
          daysLeft: -10,
          status: 'expired',
          usage: { state: 'in-use', usages: [{ service: 'elb', resource: 'my-app-elb', detail: '443', region: 'us-east-1' }], failures: [] },
          usageText: 'in use by elb my-app-elb:443',
          acm: null,
          acmNotChecked: null,
        },
      ],
    });
  });

  it('says "repoint to ACM" when an issued ACM certificate in the consumers\' regions covers every name', async () => {
    const cdn: FakeScan = {
      references: [
        ...inUse(expired).references,
        { certificate: { by: 'id', value: expired.id }, usage: { service: 'cloudfront', resource: 'E1CDN', detail: 'www.example.com', region: 'global' } },
      ],
      failures: [],
    };
    const acm = {
      'us-east-1': [
        { arn: 'arn:aws:acm:us-east-1:123456789012:certificate/narrow', names: ['www.example.com'] },
        { arn: 'arn:aws:acm:us-east-1:123456789012:certificate/wild', names: ['example.com', '*.example.com'] },
      ],
    };
    const fake = fakeEnvironment({ certificates: [expired], scans: [cdn], names: { 'old-api': ['api.example.com', 'www.example.com'] }, acm });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(2);
    expect(fake.stdout()).toContain('old-api: repoint to ACM arn:aws:acm:us-east-1:123456789012:certificate/wild (us-east-1: cloudfront, elb; ACM renews it)');

    const json = fakeEnvironment({ certificates: [expired], scans: [cdn], names: { 'old-api': ['api.example.com', 'www.example.com'] }, acm });
    await runCli(['report', '--json'], json.environment);
    expect((JSON.parse(json.stdout()) as { certificates: Array<{ acm: unknown; acmNotChecked: unknown }> }).certificates[0]).toMatchObject({
      acm: [
        {
          region: 'us-east-1',
          arn: 'arn:aws:acm:us-east-1:123456789012:certificate/wild',
          services: ['cloudfront', 'elb'],
          type: 'AMAZON_ISSUED',
          keyAlgorithm: 'RSA_2048',
          notAfter: '2027-09-19T12:00:00Z',
          renewal: 'acm-renews',
        },
      ],
      acmNotChecked: null,
    });

    const csv = fakeEnvironment({ certificates: [expired], scans: [cdn], names: { 'old-api': ['api.example.com', 'www.example.com'] }, acm });
    await runCli(['report', '--csv'], csv.environment);
    expect(csv.stdout().split('\r\n')[1]).toContain(',expired,"repoint to ACM arn:aws:acm:us-east-1:123456789012:certificate/wild (us-east-1: cloudfront, elb; ACM renews it)",in-use,');
  });

  it('keeps the report and its exit code when the certificate body cannot be read for the ACM advice', async () => {
    const denied = Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized to perform: iam:GetServerCertificate'), { name: 'AccessDenied' });
    // ACM has a certificate the load balancer could take, so the names are needed.
    const acm = { 'us-east-1': [{ arn: 'arn:aws:acm:us-east-1:123456789012:certificate/lb', names: ['api.example.com'] }] };
    const fake = fakeEnvironment({ certificates: [expired], scans: [inUse(expired)], namesError: denied, acm });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(2);
    expect(fake.stdout()).toMatch(/^123456789012 +old-api +ASCAOLDAPI .* expired +in use by elb my-app-elb:443$/m);
    expect(fake.stderr()).toContain('ACM not checked: iam:GetServerCertificate of old-api failed: AccessDenied: User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized');
  });

  it('keeps the report and its exit code when ACM refuses, and says ACM was not checked on stderr, in JSON and in CSV', async () => {
    const denied = Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized to perform: acm:ListCertificates'), { name: 'AccessDeniedException' });
    const fake = fakeEnvironment({ certificates: [expired, cert('fine', 200)], scans: [inUse(expired)], names: { 'old-api': ['api.example.com'] }, acmError: denied });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(2);
    expect(fake.stdout()).toMatch(/^123456789012 +old-api +ASCAOLDAPI .* expired +in use by elb my-app-elb:443$/m);
    expect(fake.stderr()).toContain('ACM not checked: acm:ListCertificates in us-east-1 failed: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized');

    const json = fakeEnvironment({ certificates: [expired], scans: [inUse(expired)], names: { 'old-api': ['api.example.com'] }, acmError: denied });
    await expect(runCli(['report', '--json'], json.environment)).resolves.toBe(2);
    expect((JSON.parse(json.stdout()) as { certificates: Array<{ acm: unknown; acmNotChecked: unknown }> }).certificates[0]).toMatchObject({
      acm: null,
      acmNotChecked: expect.stringContaining('acm:ListCertificates in us-east-1 failed: AccessDeniedException'),
    });

    const csv = fakeEnvironment({ certificates: [expired], scans: [inUse(expired)], names: { 'old-api': ['api.example.com'] }, acmError: denied });
    await expect(runCli(['report', '--csv'], csv.environment)).resolves.toBe(2);
    expect(csv.stdout().split('\r\n')[1]).toContain(',expired,not checked: acm:ListCertificates in us-east-1 failed: AccessDeniedException');
  });

  it('gives no ACM advice when a needed region has no covering certificate, or for a valid certificate', async () => {
    // us-east-1, where the load balancer is, has a certificate it could take, but for other names.
    const acm = {
      'eu-west-1': [{ arn: 'arn:aws:acm:eu-west-1:1:certificate/x', names: ['api.example.com'] }],
      'us-east-1': [{ arn: 'arn:aws:acm:us-east-1:1:certificate/y', names: ['other.example.com'] }],
    };
    const fake = fakeEnvironment({ certificates: [expired, cert('fine', 200)], scans: [inUse(expired)], names: { 'old-api': ['api.example.com'] }, acm });
    await runCli(['report'], fake.environment);
    expect(fake.stdout()).not.toContain('repoint to ACM');
    expect(fake.events.filter((event) => event.startsWith('names '))).toEqual(['names old-api']);
  });

  it('reads no certificate body (GetServerCertificate) when ACM has no certificate for the consumers', async () => {
    const fake = fakeEnvironment({ certificates: [expired, expiring], scans: [{ references: [...inUse(expired).references, ...inUse(expiring).references], failures: [] }], names: { 'old-api': ['api.example.com'] } });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(2);
    expect(fake.events.filter((event) => event.startsWith('acm '))).toEqual(['acm us-east-1', 'acm us-east-1']);
    expect(fake.events.filter((event) => event.startsWith('names '))).toEqual([]);
    expect(fake.stdout()).not.toContain('repoint to ACM');
    expect(fake.stderr()).not.toContain('ACM not checked');

    // Only ECDSA P-384 in us-east-1, which a Classic Load Balancer does not take: no body read either.
    const ec = fakeEnvironment({
      certificates: [expired],
      scans: [inUse(expired)],
      names: { 'old-api': ['api.example.com'] },
      acm: { 'us-east-1': [{ arn: 'arn:aws:acm:us-east-1:1:certificate/ec', names: ['api.example.com'], keyAlgorithm: 'EC_secp384r1' }] },
    });
    await runCli(['report'], ec.environment);
    expect(ec.events.filter((event) => event.startsWith('names '))).toEqual([]);
  });

  it('writes RFC 4180 CSV, quoting commas and defusing formula-like names, with the regions checked on every row', async () => {
    const formula = cert('=cmd', 100);
    const failed: UsageInventory = {
      references: [],
      failures: [{ service: 'elb', region: 'eu-west-1', action: 'elasticloadbalancing:DescribeLoadBalancers', reason: 'AccessDenied: no' }],
    };
    const fake = fakeEnvironment({ certificates: [formula, expired], scans: [{ ...failed, references: inUse(expired).references }] });
    await expect(runCli(['report', '--csv'], fake.environment)).resolves.toBe(2);
    const lines = fake.stdout().split('\r\n');
    expect(lines[0]).toBe('account,name,id,arn,path,expiration,days_left,status,acm_advice,usage_state,usage,usage_regions_checked,usage_regions_not_checked,tags');
    const notChecked = 'eu-west-1 (scan failed: AccessDenied for elasticloadbalancing:DescribeLoadBalancers)';
    expect(lines[1]).toBe(`${ACCOUNT},old-api,ASCAOLDAPI,${expired.arn},/,2026-11-13T12:00:00Z,-10,expired,,in-use,in use by elb my-app-elb:443,us-east-1,${notChecked},`);
    expect(lines[2]).toBe(
      `${ACCOUNT},'=cmd,ASCACMD,${formula.arn},/,2027-03-03T12:00:00Z,100,valid,,unknown,usage unknown: AccessDenied in eu-west-1 for elasticloadbalancing:DescribeLoadBalancers,us-east-1,${notChecked},`,
    );
    expect(lines[3]).toBe('');
  });

  it('escapes control characters in CSV cells and defuses every formula start (= + - @, tab, CR) after escaping (OWASP CSV injection)', async () => {
    const names = ['x\u001b[31my\u0007', '@SUM(A1)', '+1', '-2+3', '\t=cmd', '\r=cmd', 'a\u202eb', '::error::x'];
    const fake = fakeEnvironment({ certificates: names.map((name) => cert(name, 100)) });
    await runCli(['report', '--csv', '--no-usage'], fake.environment);
    const cells = fake.stdout().split('\r\n').slice(1, -1).map((line) => line.split(',')[1]);
    expect(cells.sort()).toEqual(["x\\x1b[31my\\x07", "'@SUM(A1)", "'+1", "'-2+3", '\\t=cmd', '\\r=cmd', 'a\\u202eb', '\\::error::x'].sort());
    expect(fake.stdout()).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/);
  });

  it('quotes CSV fields that hold a comma', async () => {
    const twoUses: UsageInventory = {
      references: [...inUse(expired, 'a').references, ...inUse(expired, 'b').references],
      failures: [],
    };
    const fake = fakeEnvironment({ certificates: [expired], scans: [twoUses] });
    await runCli(['report', '--csv'], fake.environment);
    expect(fake.stdout()).toContain(',"in use by elb a:443, elb b:443",eu-west-1 us-east-1,,\r\n');
  });

  it('shows usage unknown, never "safe to delete", when a look-up failed', async () => {
    const failed: UsageInventory = {
      references: [],
      failures: [{ service: 'elbv2', region: 'eu-west-1', action: 'elasticloadbalancing:DescribeListeners', reason: 'AccessDenied: no' }],
    };
    const fake = fakeEnvironment({ certificates: [expired], scans: [failed] });
    await runCli(['report'], fake.environment);
    expect(fake.stdout()).toContain('usage unknown: AccessDenied in eu-west-1 for elasticloadbalancing:DescribeListeners');
    expect(fake.stdout()).not.toContain('safe to delete');
    expect(fake.stdout()).toContain(
      'Usage NOT checked in every enabled region (a certificate found nowhere shows as usage unknown): checked in us-east-1 (1 of 2 enabled regions); not checked: eu-west-1 (scan failed: AccessDenied for elasticloadbalancing:DescribeListeners); CloudFront: checked.',
    );
  });

  it('scans every region enabled for the account by default, not the default region only, and the --regions given', async () => {
    const given = fakeEnvironment({ certificates: [valid] });
    await runCli(['report', '--regions', 'us-east-1,us-east-1'], given.environment);
    expect(given.scanRequests.map((r) => r.scope?.scanned)).toEqual([['us-east-1']]);

    const defaulted = fakeEnvironment({ certificates: [valid], defaultRegion: 'ap-southeast-2' });
    await runCli(['report'], defaulted.environment);
    expect(defaulted.regionsAsked).toEqual([undefined]);
    expect(defaulted.scanRequests.map((r) => r.scope?.scanned)).toEqual([['eu-west-1', 'us-east-1']]);

    const overridden = fakeEnvironment({ certificates: [valid] });
    await runCli(['report', '--region', 'eu-central-1'], overridden.environment);
    expect(overridden.regionsAsked).toEqual(['eu-central-1']);
  });

  it('keeps an expired certificate a narrower --regions found nowhere from being "safe to delete", and names the regions left out', async () => {
    const fake = fakeEnvironment({ certificates: [expired] });
    await runCli(['report', '--regions', 'us-east-1'], fake.environment);
    expect(fake.stdout()).toMatch(/old-api .* expired +usage unknown: eu-west-1 not scanned$/m);
    expect(fake.stdout()).toContain('Usage NOT checked in every enabled region (a certificate found nowhere shows as usage unknown): checked in us-east-1 (1 of 2 enabled regions); not checked: eu-west-1 (not in --regions); CloudFront: checked.');

    const json = fakeEnvironment({ certificates: [expired] });
    await runCli(['report', '--regions', 'us-east-1', '--json'], json.environment);
    expect((JSON.parse(json.stdout()) as { usageScope: unknown }).usageScope).toEqual({
      complete: false,
      enabledRegions: ['eu-west-1', 'us-east-1'],
      regionListFailure: null,
      regionsChecked: ['us-east-1'],
      regionsNotChecked: [{ region: 'eu-west-1', reason: 'not in --regions' }],
      cloudFrontChecked: true,
    });
  });

  it('says in the HTML report which account was read and which regions its usage was checked in', async () => {
    const fake = fakeEnvironment({ certificates: [expired] });
    await runCli(['report', '--regions', 'us-east-1', '--html', 'report.html'], fake.environment);
    const html = fake.written.get('report.html') ?? '';
    expect(html).toContain('IAM in account 123456789012');
    expect(html).toContain('<li>Usage NOT checked in every enabled region (a certificate found nowhere shows as usage unknown): checked in us-east-1 (1 of 2 enabled regions); not checked: eu-west-1 (not in --regions); CloudFront: checked.</li>');
    expect(html).not.toContain('safe to delete');
  });

  it('refuses a --regions name that is not a region enabled for the account, up front, listing the enabled ones', async () => {
    const fake = fakeEnvironment({ certificates: [expired] });
    await expect(runCli(['report', '--regions', 'eu-wst-1,us-east-1'], fake.environment)).resolves.toBe(252);
    expect(fake.stderr()).toContain('iam-cert-expiry report: --regions names eu-wst-1, not a region enabled for this account; the enabled regions are: eu-west-1, us-east-1');
    expect(fake.events).toEqual(['identity', 'regions']);
    expect(fake.stdout()).toBe('');
  });

  it('fails closed when the account\'s regions cannot be listed: no region is scanned silently in their place, nothing is safe to delete', async () => {
    const fake = fakeEnvironment({ certificates: [expired], regions: { failure: 'AccessDeniedException: not authorized to perform account:ListRegions' } });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(2);
    expect(fake.scanRequests.map((r) => r.scope?.scanned)).toEqual([[]]);
    expect(fake.stdout()).toMatch(/old-api .* expired +usage unknown: regions unknown \(AccessDeniedException for account:ListRegions\)$/m);
    expect(fake.stdout()).not.toContain('safe to delete');
    expect(fake.stdout()).toContain("the account's enabled regions are unknown (account:ListRegions failed: AccessDeniedException: not authorized to perform account:ListRegions)");
    expect(fake.stderr()).toContain("the account's regions could not be listed (account:ListRegions failed: AccessDeniedException: not authorized to perform account:ListRegions): no region will be scanned");
  });

  it('escapes names, consumers and usage in the table: nothing can rewrite the terminal or forge a CI log line', async () => {
    const hostile = cert('a\u001b[2Jb\rc\n::error::forged', -3);
    const scan: FakeScan = {
      references: [{ certificate: { by: 'arn', value: hostile.arn }, usage: { service: 'elb', resource: 'lb\u001b]0;x\u0007\r\n::warning::y', detail: '443', region: 'us-east-1' } }],
      failures: [],
    };
    const fake = fakeEnvironment({ certificates: [hostile], scans: [scan] });
    await runCli(['report'], fake.environment);
    expect(fake.stdout()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(fake.stdout().split('\n').some((line) => line.startsWith('::'))).toBe(false);
    expect(fake.stdout()).toContain('a\\x1b[2Jb\\rc\\n::error::forged');
    expect(fake.stdout()).toContain('in use by elb lb\\x1b]0;x\\x07\\r\\n::warning::y:443');
  });

  it('skips the usage scan with --no-usage and says usage was not checked', async () => {
    const fake = fakeEnvironment({ certificates: [valid], scans: [EMPTY_INVENTORY] });
    await runCli(['report', '--no-usage', '--json'], fake.environment);
    expect(fake.scanRequests).toEqual([]);
    expect(fake.events).not.toContain('regions');
    const report = JSON.parse(fake.stdout()) as { usageChecked: boolean; usageScope: unknown; certificates: { usage: unknown; usageText: string }[] };
    expect(report.usageChecked).toBe(false);
    expect(report.usageScope).toBeNull();
    expect(report.certificates[0]).toMatchObject({ usage: null, usageText: 'not checked' });
  });

  it('sends progress to stderr and keeps stdout to the results', async () => {
    const fake = fakeEnvironment({ certificates: [valid] });
    await runCli(['report', '--json'], fake.environment);
    expect(fake.stderr()).toContain('scanning elb in us-east-1');
    expect(() => JSON.parse(fake.stdout()) as unknown).not.toThrow();
  });

  // Review N4: a certificate expired 6 hours ago showed DAYS 0 (JSON daysLeft 0) while its expiry event said DaysToExpiry -1,
  // so a consumer filtering daysLeft < 0 missed it. Every format gives the event's number (core daysToExpiry).
  it.each([[[]], [['--no-tags']]])('gives a certificate expired less than a day ago -1 days, as its expiry event does, in text, CSV, JSON and HTML (flags %j)', async (flags) => {
    const justGone = cert('just-gone', -0.25);
    const event = expiryEvent(justGone, NOW, { ...DEFAULT_RULE_PARAMETERS, ruleName: 'r', accountId: ACCOUNT, region: 'us-east-1' });
    expect((JSON.parse(event?.Detail ?? '{}') as { DaysToExpiry?: number }).DaysToExpiry).toBe(-1);
    const run = async (format: string[]) => {
      const fake = fakeEnvironment({ certificates: [justGone] });
      await expect(runCli(['report', ...flags, ...format], fake.environment)).resolves.toBe(2);
      return fake;
    };
    expect((await run([])).stdout()).toMatch(/^123456789012\s+just-gone\s+\S+\s+\S+\s+-1\s+expired\s/m);
    expect((await run(['--csv'])).stdout().split('\r\n')[1]).toMatch(/^123456789012,just-gone,[^,]*,[^,]*,\/,[^,]*,-1,expired,/);
    expect((JSON.parse((await run(['--json'])).stdout()) as { certificates: { daysLeft: number }[] }).certificates[0]?.daysLeft).toBe(-1);
    const html = await run(['--html', 'report.html']);
    expect(html.written.get('report.html')).toContain('<td class="number" data-value="-1">-1</td>');
  });

  it('judges every certificate against the instant passed in, not the wall clock', async () => {
    // Expires one second after NOW: expiring at NOW, whatever the real date is.
    const edge = { ...valid, expiration: new Date(NOW.getTime() + 1000) };
    const fake = fakeEnvironment({ certificates: [edge] });
    await expect(runCli(['report', '--json'], fake.environment)).resolves.toBe(0);
    expect((JSON.parse(fake.stdout()) as { certificates: { status: string; daysLeft: number }[] }).certificates[0]).toMatchObject({
      status: 'expiring',
      daysLeft: 0,
    });
  });
});
