import { runCli } from '../../../src/cli/run-cli';
import type { UsageInventory } from '../../../src/usage/certificate-usage';
import { cert, EMPTY_INVENTORY, fakeEnvironment, inUse, NOW } from '../fake-environment';

const expired = cert('old-api', -10);
const expiring = cert('api-2026', 5.5);
const valid = cert('www', 200);

describe('report command', () => {
  it('prints a table with name, id, expiry, days left, status and usage, soonest expiry first', async () => {
    const fake = fakeEnvironment({ certificates: [valid, expiring, expired], scans: [inUse(expired)] });
    await runCli(['report'], fake.environment);
    const lines = fake.stdout().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ID\s+EXPIRES\s+DAYS\s+STATUS\s+USAGE$/);
    expect(lines[1]).toMatch(/^old-api\s+ASCAOLDAPI\s+2026-11-13T12:00:00Z\s+-10\s+expired\s+in use by elb my-app-elb:443$/);
    expect(lines[2]).toMatch(/^api-2026\s+ASCAAPI2026\s+2026-11-29T00:00:00Z\s+5\s+expiring\s+not referenced: safe to delete$/);
    expect(lines[3]).toMatch(/^www\s+\S+\s+\S+\s+200\s+valid\s+not referenced: safe to delete$/);
    expect(lines).toHaveLength(4);
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
    expect(fake.stdout()).toBe('No server certificates in IAM.\n');
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
      days: 30,
      usageChecked: true,
      certificates: [
        {
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
    const cdn: UsageInventory = {
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
    expect(fake.stdout()).toMatch(/^old-api +ASCAOLDAPI .* expired +in use by elb my-app-elb:443$/m);
    expect(fake.stderr()).toContain('ACM not checked: iam:GetServerCertificate of old-api failed: AccessDenied: User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized');
  });

  it('keeps the report and its exit code when ACM refuses, and says ACM was not checked on stderr, in JSON and in CSV', async () => {
    const denied = Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized to perform: acm:ListCertificates'), { name: 'AccessDeniedException' });
    const fake = fakeEnvironment({ certificates: [expired, cert('fine', 200)], scans: [inUse(expired)], names: { 'old-api': ['api.example.com'] }, acmError: denied });
    await expect(runCli(['report'], fake.environment)).resolves.toBe(2);
    expect(fake.stdout()).toMatch(/^old-api +ASCAOLDAPI .* expired +in use by elb my-app-elb:443$/m);
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

  it('writes RFC 4180 CSV, quoting commas and defusing formula-like names', async () => {
    const formula = cert('=cmd', 100);
    const failed: UsageInventory = {
      references: [],
      failures: [{ service: 'elb', region: 'eu-west-1', action: 'elasticloadbalancing:DescribeLoadBalancers', reason: 'AccessDenied: no' }],
    };
    const fake = fakeEnvironment({ certificates: [formula, expired], scans: [{ ...failed, references: inUse(expired).references }] });
    await expect(runCli(['report', '--csv'], fake.environment)).resolves.toBe(2);
    const lines = fake.stdout().split('\r\n');
    expect(lines[0]).toBe('name,id,arn,path,expiration,days_left,status,acm_advice,usage_state,usage,tags');
    expect(lines[1]).toBe(`old-api,ASCAOLDAPI,${expired.arn},/,2026-11-13T12:00:00Z,-10,expired,,in-use,in use by elb my-app-elb:443,`);
    expect(lines[2]).toBe(
      `'=cmd,ASCACMD,${formula.arn},/,2027-03-03T12:00:00Z,100,valid,,unknown,usage unknown: AccessDenied in eu-west-1 for elasticloadbalancing:DescribeLoadBalancers,`,
    );
    expect(lines[3]).toBe('');
  });

  it('quotes CSV fields that hold a comma', async () => {
    const twoUses: UsageInventory = {
      references: [...inUse(expired, 'a').references, ...inUse(expired, 'b').references],
      failures: [],
    };
    const fake = fakeEnvironment({ certificates: [expired], scans: [twoUses] });
    await runCli(['report', '--csv'], fake.environment);
    expect(fake.stdout()).toContain(',"in use by elb a:443, elb b:443",\r\n');
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
  });

  it('scans the regions given with --regions, and the default region otherwise', async () => {
    const given = fakeEnvironment({ certificates: [valid] });
    await runCli(['report', '--regions', 'eu-west-1,us-east-1,eu-west-1'], given.environment);
    expect(given.scanRequests.map((r) => r.regions)).toEqual([['eu-west-1', 'us-east-1']]);

    const defaulted = fakeEnvironment({ certificates: [valid], defaultRegion: 'ap-southeast-2' });
    await runCli(['report'], defaulted.environment);
    expect(defaulted.regionsAsked).toEqual([undefined]);
    expect(defaulted.scanRequests.map((r) => r.regions)).toEqual([['ap-southeast-2']]);

    const overridden = fakeEnvironment({ certificates: [valid] });
    await runCli(['report', '--region', 'eu-central-1'], overridden.environment);
    expect(overridden.regionsAsked).toEqual(['eu-central-1']);
  });

  it('skips the usage scan with --no-usage and says usage was not checked', async () => {
    const fake = fakeEnvironment({ certificates: [valid], scans: [EMPTY_INVENTORY] });
    await runCli(['report', '--no-usage', '--json'], fake.environment);
    expect(fake.scanRequests).toEqual([]);
    const report = JSON.parse(fake.stdout()) as { usageChecked: boolean; certificates: { usage: unknown; usageText: string }[] };
    expect(report.usageChecked).toBe(false);
    expect(report.certificates[0]).toMatchObject({ usage: null, usageText: 'not checked' });
  });

  it('sends progress to stderr and keeps stdout to the results', async () => {
    const fake = fakeEnvironment({ certificates: [valid] });
    await runCli(['report', '--json'], fake.environment);
    expect(fake.stderr()).toContain('scanning elb in us-east-1');
    expect(() => JSON.parse(fake.stdout()) as unknown).not.toThrow();
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
