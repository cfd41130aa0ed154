import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { awsServices, type CliEnvironment } from '../../../src/cli/cli-dependencies';
import { appendLineToFile } from '../../../src/cli/audit-log';
import { AwsConsumerRepointer } from '../../../src/cli/rotate/repoint-consumer';
import { IamRotation } from '../../../src/cli/rotate/rotation-iam';
import type { RotationFactory } from '../../../src/cli/rotate/rotation-services';
import { TlsEndpointVerifier } from '../../../src/cli/rotate/tls-verifier';
import type { RetryClock } from '../../../src/cli/rotate/propagation-retry';
import { runCli } from '../../../src/cli/run-cli';
import { createUsageClients } from '../../../src/usage/usage-clients';
import { makeCertificate, daysFrom, type TestCertificate } from '../../support/certificates';
import { StandIn } from '../../support/stand-in/stand-in';
import { TlsEndpoints } from '../../support/tls-endpoints';

const ACCOUNT = '123456789012';

/**
 * `rotate` in-process with its real AWS wiring (SDK clients against the
 * stand-in's IAM, ELB, ELBv2 and CloudFront) and its real TLS verifier,
 * whose only test hook is where it connects: each load balancer's DNS name
 * and the distribution's alias map to a local TLS server that serves
 * whatever certificate the stand-in says that listener serves right now.
 */
describe('rotate against the stand-in and local TLS endpoints', () => {
  let standIn: StandIn;
  let endpoints: TlsEndpoints;
  let directory: string;
  let oldCert: TestCertificate;
  let newCert: TestCertificate;
  let otherCert: TestCertificate;
  let fallbackCert: TestCertificate;
  const saved = { ...process.env };
  let runs = 0;
  const now = new Date();

  beforeAll(async () => {
    standIn = await StandIn.start();
    Object.assign(process.env, standIn.environment(), { AWS_MAX_ATTEMPTS: '1' });
    directory = mkdtempSync(join(tmpdir(), 'rotate-'));
    oldCert = await makeCertificate('api', { notBefore: daysFrom(now, -355), notAfter: daysFrom(now, 10) });
    newCert = await makeCertificate('api', { notBefore: daysFrom(now, -1), notAfter: daysFrom(now, 397) });
    otherCert = await makeCertificate('other', { notBefore: daysFrom(now, -1), notAfter: daysFrom(now, 300) });
    // What an endpoint serves to a name it was not configured with (a load balancer's default, CloudFront's *.cloudfront.net).
    fallbackCert = await makeCertificate('fallback', { notBefore: daysFrom(now, -1), notAfter: daysFrom(now, 300) });
    writeFileSync(join(directory, 'new.pem'), newCert.certificatePem);
    writeFileSync(join(directory, 'new.key'), newCert.privateKeyPem, { mode: 0o600 });
  });

  afterAll(async () => {
    await standIn.stop();
    rmSync(directory, { recursive: true, force: true });
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  interface Seeded {
    readonly classicDns: string;
    readonly albDns: string;
    readonly defaultListener: string;
    readonly sniListener: string;
    readonly otherArn: string;
  }
  let seeded: Seeded;

  beforeEach(async () => {
    standIn.reset();
    // Under /cloudfront/: the distribution serves it (IAM API reference, UploadServerCertificate `Path`).
    const [old, other] = standIn.seedCertificates([
      { name: 'api', expiration: oldCert.notAfter, body: oldCert.certificatePem, path: '/cloudfront/web/', tags: [{ key: 'team', value: 'payments' }, { key: 'env', value: 'prod' }] },
      { name: 'other', expiration: otherCert.notAfter, body: otherCert.certificatePem },
    ]);
    const classic = standIn.addClassicLoadBalancer({ name: 'legacy-elb', listeners: [{ port: 80 }, { port: 443, certificateArn: old?.arn ?? '' }] });
    const alb = standIn.addLoadBalancerV2({
      name: 'shop-alb',
      listeners: [
        { port: 443, certificateArn: old?.arn ?? '' },
        { port: 8443, certificateArn: other?.arn ?? '', extraCertificateArns: [old?.arn ?? ''] },
      ],
    });
    standIn.addDistribution({ id: 'E1CDNEXAMPLE01', aliases: ['api.example.test'], iamCertificateId: old?.id ?? '' });
    seeded = {
      classicDns: classic.dnsName,
      albDns: alb.dnsName,
      defaultListener: alb.listeners[0]?.arn ?? '',
      sniListener: alb.listeners[1]?.arn ?? '',
      otherArn: other?.arn ?? '',
    };
    endpoints = new TlsEndpoints(newCert.privateKeyPem, fallbackCert.certificatePem);
    const consumers = standIn.account(ACCOUNT).consumers;
    // Each endpoint serves its current certificate only to the SNI name api.example.test, the fallback to any other.
    const names = ['api.example.test'];
    await endpoints.add(classic.dnsName, 443, { names, serving: () => bodyOfArn(consumers.classicLoadBalancer('us-east-1', 'legacy-elb')?.listeners.find((l) => l.port === 443)?.certificateArn) });
    await endpoints.add(alb.dnsName, 443, { names, serving: () => bodyOfArn(consumers.listenerV2(seeded.defaultListener)?.certificateArn) });
    // SNI for api.example.test picks the extra certificate that names it, as an ALB does.
    await endpoints.add(alb.dnsName, 8443, { names, serving: () => bodyOfArn(consumers.listenerV2(seeded.sniListener)?.extraCertificateArns.find((arn) => bodyOfArn(arn)?.includes('BEGIN'))) });
    await endpoints.add('api.example.test', 443, { names, serving: () => bodyOfId(consumers.distribution('E1CDNEXAMPLE01')?.iamCertificateId) });
  });

  const bodyOfArn = (arn: string | undefined): string | undefined => standIn.account(ACCOUNT).certificates.list().find((c) => c.arn === arn)?.body;
  const bodyOfId = (id: string | undefined): string | undefined => standIn.account(ACCOUNT).certificates.list().find((c) => c.id === id)?.body;

  afterEach(async () => {
    await endpoints.closeAll();
    sleeps = [];
  });

  /** Waits asked for by retries: recorded, not waited (the clock moves on by as much). */
  let sleeps: number[] = [];

  function run(args: readonly string[], options: { auditFile?: string | null; verifyTimeoutMs?: number; command?: readonly string[] } = {}) {
    const out: string[] = [];
    const err: string[] = [];
    let skew = 0;
    const clock: RetryClock = {
      now: () => new Date(Date.now() + skew),
      sleep: async (ms) => {
        sleeps.push(ms);
        skew += ms;
      },
    };
    const rotation: RotationFactory = ({ region }) => ({
      iam: new IamRotation(new IAMClient({ ...(region === undefined ? {} : { region }) })),
      repointer: new AwsConsumerRepointer(createUsageClients(region), { clock }),
      verifier: new TlsEndpointVerifier({ timeoutMs: options.verifyTimeoutMs ?? 2_000, connectTarget: endpoints.connectTarget }),
    });
    const environment: CliEnvironment = {
      services: awsServices,
      writeFile: async () => undefined,
      io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) },
      now,
      clock: () => new Date(),
      appendLine: appendLineToFile,
      rotation,
    };
    runs += 1;
    const auditFile = options.auditFile === undefined ? join(directory, `rotate-${runs}.jsonl`) : options.auditFile;
    const audit = auditFile === null ? [] : ['--audit-log', auditFile];
    const command = options.command ?? ['rotate', '--from', 'api', '--certificate-body', join(directory, 'new.pem'), '--private-key', join(directory, 'new.key')];
    return {
      code: runCli([...command, ...audit, ...args], environment),
      auditFile,
      stdout: () => out.join(''),
      stderr: () => err.join(''),
    };
  }

  const WRITES = ['UploadServerCertificate', 'elb:SetLoadBalancerListenerSSLCertificate', 'elbv2:ModifyListener', 'elbv2:AddListenerCertificates', 'elbv2:RemoveListenerCertificates', 'cloudfront:UpdateDistribution'];

  it('advises repointing to ACM when an issued ACM certificate already covers every name, in every region the consumers need', async () => {
    // The old certificate's consumers are all in us-east-1 (CloudFront's ACM region too).
    standIn.addAcmCertificate({ region: 'us-east-1', names: ['other.example.test'] });
    const ecArn = standIn.addAcmCertificate({ region: 'us-east-1', names: ['example.test', '*.example.test'], keyAlgorithm: 'EC_prime256v1' });
    standIn.addAcmCertificate({ region: 'us-east-1', names: ['*.example.test'], status: 'PENDING_VALIDATION' });
    // The Classic Load Balancer takes RSA keys only: an imported RSA 2048 one is what suits it.
    const rsaArn = standIn.addAcmCertificate({ region: 'us-east-1', names: ['api.example.test'], type: 'IMPORTED', notAfter: daysFrom(now, 200) });
    const plan = run(['--name', 'api-2027']);
    await expect(plan.code).resolves.toBe(0);
    expect(plan.stdout()).toContain(
      `advice: ACM already has issued certificates covering every name of api: repoint to ACM ${ecArn} (us-east-1: cloudfront, elbv2; ACM renews it), ` +
        `${rsaArn} (us-east-1: elb; imported: ACM does not renew it, re-import it before `,
    );
    expect(standIn.callCounts()['ListCertificates']).toBe(1);
  });

  it('advises no ACM certificate whose key a consumer does not take, that ends within the window, or that is imported when an ACM-issued one fits', async () => {
    // ECDSA P-384: ALBs take it, CloudFront and Classic Load Balancers do not.
    standIn.addAcmCertificate({ region: 'us-east-1', names: ['*.example.test'], keyAlgorithm: 'EC_secp384r1' });
    // RSA 2048, Amazon-issued, but it ends in 20 days: no replacement.
    standIn.addAcmCertificate({ region: 'us-east-1', names: ['*.example.test'], notAfter: daysFrom(now, 20) });
    const plan = run(['--name', 'api-2027']);
    await expect(plan.code).resolves.toBe(0);
    expect(plan.stdout()).not.toContain('advice:');

    const later = standIn.addAcmCertificate({ region: 'us-east-1', names: ['*.example.test'], keyAlgorithm: 'RSA_4096', notAfter: daysFrom(now, 300) });
    standIn.addAcmCertificate({ region: 'us-east-1', names: ['*.example.test'], type: 'IMPORTED', notAfter: daysFrom(now, 900) });
    const again = run(['--name', 'api-2027']);
    await expect(again.code).resolves.toBe(0);
    expect(again.stdout()).toContain(`repoint to ACM ${later} (us-east-1: cloudfront, elb, elbv2; ACM renews it) instead of a new IAM certificate`);
  });

  it('keeps the plan and its exit code when ACM denies the look-up, and says ACM was not checked', async () => {
    standIn.denyAction(ACCOUNT, 'acm:ListCertificates');
    const plan = run(['--name', 'api-2027']);
    await expect(plan.code).resolves.toBe(0);
    expect(plan.stdout()).toContain('repoint cloudfront E1CDNEXAMPLE01:api.example.test');
    expect(plan.stdout()).toMatch(/^advice: ACM not checked: acm:ListCertificates in us-east-1 failed: AccessDeniedException: .*acm:ListCertificates/m);
    expect(plan.stderr()).toMatch(/^ACM not checked: acm:ListCertificates in us-east-1 failed: AccessDeniedException/m);
  });

  it('report keeps its table, JSON and exit code when ACM denies the look-up, and says ACM was not checked', async () => {
    standIn.denyAction(ACCOUNT, 'acm:ListCertificates');
    const table = run(['--regions', 'us-east-1'], { command: ['report'], auditFile: null });
    await expect(table.code).resolves.toBe(0);
    expect(table.stdout()).toMatch(/^123456789012 +api +ASCA\w+ .* expiring +in use by /m);
    expect(table.stderr()).toMatch(/^ACM not checked: acm:ListCertificates in us-east-1 failed: AccessDeniedException/m);

    const json = run(['--json'], { command: ['report'], auditFile: null });
    await expect(json.code).resolves.toBe(0);
    const report = JSON.parse(json.stdout()) as { certificates: { name: string; acm: unknown; acmNotChecked: string | null }[] };
    expect(report.certificates.find((certificate) => certificate.name === 'api')).toMatchObject({
      acm: null,
      acmNotChecked: expect.stringMatching(/^acm:ListCertificates in us-east-1 failed: AccessDeniedException/),
    });
    expect(report.certificates.find((certificate) => certificate.name === 'other')).toMatchObject({ acmNotChecked: null });
  });

  it('report lists ACM once per region for every expiring certificate there, and reads no body while ACM has nothing for them', async () => {
    // A second expiring certificate in use in us-east-1.
    const [web] = standIn.seedCertificates([{ name: 'web', expiration: oldCert.notAfter, body: oldCert.certificatePem }]);
    standIn.addClassicLoadBalancer({ name: 'web-elb', listeners: [{ port: 443, certificateArn: web?.arn ?? '' }] });
    const none = run(['--regions', 'us-east-1'], { command: ['report'], auditFile: null });
    await expect(none.code).resolves.toBe(0);
    expect(none.stdout()).toMatch(/^123456789012 +web +ASCA\w+ .* expiring +in use by /m);
    expect(none.stdout()).not.toContain('repoint to ACM');
    expect(standIn.callCounts()['ListCertificates']).toBe(1);
    expect(standIn.callCounts()['GetServerCertificate']).toBeUndefined();

    standIn.calls.clear();
    const arn = standIn.addAcmCertificate({ region: 'us-east-1', names: ['*.example.test'] });
    const advised = run(['--regions', 'us-east-1'], { command: ['report'], auditFile: null });
    await expect(advised.code).resolves.toBe(0);
    expect(advised.stdout()).toContain(`api: repoint to ACM ${arn} (us-east-1: cloudfront, elb, elbv2; ACM renews it)`);
    expect(advised.stdout()).toContain(`web: repoint to ACM ${arn} (us-east-1: elb; ACM renews it)`);
    expect(standIn.callCounts()['ListCertificates']).toBe(1);
    // Now ACM has one the consumers take: each certificate's names are read from its body.
    expect(standIn.callCounts()['GetServerCertificate']).toBe(2);
  });

  it('report advises an ACM certificate whose 101st name is the one needed, read with DescribeCertificate', async () => {
    const names = [...Array.from({ length: 100 }, (_, i) => `host${i}.example.test`), 'api.example.test'];
    const arn = standIn.addAcmCertificate({ region: 'us-east-1', names });
    const report = run(['--regions', 'us-east-1'], { command: ['report'], auditFile: null });
    await expect(report.code).resolves.toBe(0);
    expect(report.stdout()).toContain(`api: repoint to ACM ${arn} (us-east-1: cloudfront, elb, elbv2; ACM renews it)`);
    expect(standIn.callCounts()['DescribeCertificate']).toBe(1);
  });

  it('report says which ACM call failed when DescribeCertificate is denied', async () => {
    standIn.addAcmCertificate({ region: 'us-east-1', names: [...Array.from({ length: 100 }, (_, i) => `host${i}.example.test`), 'api.example.test'] });
    standIn.denyAction(ACCOUNT, 'acm:DescribeCertificate');
    const report = run(['--regions', 'us-east-1'], { command: ['report'], auditFile: null });
    await expect(report.code).resolves.toBe(0);
    expect(report.stderr()).toMatch(/^ACM not checked: acm:DescribeCertificate in us-east-1 failed: AccessDeniedException: .*acm:DescribeCertificate/m);
    expect(report.stderr()).not.toContain('acm:ListCertificates');
  });

  it('gives no ACM advice when no issued ACM certificate covers every name', async () => {
    standIn.addAcmCertificate({ region: 'us-east-1', names: ['*.other.test'] });
    standIn.addAcmCertificate({ region: 'eu-west-1', names: ['*.example.test'] });
    const plan = run(['--name', 'api-2027']);
    await expect(plan.code).resolves.toBe(0);
    expect(plan.stdout()).not.toContain('advice:');
  });

  it('plans by default: every check, every consumer with the call that moves it, and changes nothing', async () => {
    const plan = run(['--name', 'api-2027']);
    await expect(plan.code).resolves.toBe(0);
    const text = plan.stdout();
    for (const check of ['parses', 'valid now', 'expires later', 'key matches', 'chain in order', 'names cover']) expect(text).toMatch(new RegExp(`^check ok +${check}: `, 'm'));
    expect(text).toContain("upload api-2027 at path /cloudfront/web/ with api's 2 tags (UploadServerCertificate)");
    expect(text).toContain('repoint elb legacy-elb:443 in us-east-1 (SetLoadBalancerListenerSSLCertificate)');
    expect(text).toContain('repoint elbv2 shop-alb:443 in us-east-1 (ModifyListener)');
    expect(text).toContain('repoint elbv2 shop-alb:8443 additional in us-east-1 (AddListenerCertificates, then RemoveListenerCertificates)');
    expect(text).toContain('repoint cloudfront E1CDNEXAMPLE01:api.example.test (GetDistributionConfig, then UpdateDistribution with If-Match: ETag)');
    const counts = standIn.callCounts();
    for (const write of WRITES) expect(counts[write]).toBeUndefined();
  });

  it('with --yes uploads under the old path and tags, repoints every consumer, and verifies each endpoint serves the new certificate', async () => {
    const auditFile = join(directory, 'rotate-yes.jsonl');
    const act = run(['--name', 'api-2027', '--yes'], { auditFile });
    await expect(act.code).resolves.toBe(0);

    const uploaded = standIn.certificate('api-2027');
    // IAM lists tags sorted by key (API reference, ListServerCertificateTags): the copy's order is IAM's, not the upload's.
    expect(uploaded?.path).toBe('/cloudfront/web/');
    expect([...(uploaded?.tags ?? [])].sort((a, b) => a.key.localeCompare(b.key))).toEqual([{ key: 'env', value: 'prod' }, { key: 'team', value: 'payments' }]);
    const consumers = standIn.account(ACCOUNT).consumers;
    expect(consumers.classicLoadBalancer('us-east-1', 'legacy-elb')?.listeners.find((l) => l.port === 443)?.certificateArn).toBe(uploaded?.arn);
    expect(consumers.listenerV2(seeded.defaultListener)?.certificateArn).toBe(uploaded?.arn);
    expect(consumers.listenerV2(seeded.sniListener)).toMatchObject({ certificateArn: seeded.otherArn, extraCertificateArns: [uploaded?.arn] });
    expect(consumers.distribution('E1CDNEXAMPLE01')?.iamCertificateId).toBe(uploaded?.id);
    expect(act.stdout().match(/^verified /gm)).toHaveLength(4);
    expect(act.stdout()).toContain(`verified cloudfront E1CDNEXAMPLE01:api.example.test: api.example.test:443 (SNI api.example.test) serves the new certificate`);
    // The old certificate stays for retire.
    expect(standIn.certificate('api')).toBeDefined();
    expect(standIn.callCounts()['elbv2:AddListenerCertificates']).toBe(1);
    expect(standIn.callCounts()['elbv2:RemoveListenerCertificates']).toBe(1);
    // Each endpoint was asked for the name it serves the certificate to (others get the fallback).
    for (const key of [`${seeded.classicDns}:443`, `${seeded.albDns}:443`, `${seeded.albDns}:8443`, 'api.example.test:443']) {
      expect(endpoints.serverNames.get(key)).toEqual(['api.example.test']);
    }

    const records = readFileSync(auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { event: string; step?: string; result?: string });
    expect(records.map((record) => `${record.event}${record.step === undefined ? '' : ` ${record.step}`}`)).toEqual([
      'run-start',
      'plan',
      'intent upload',
      'outcome upload',
      ...Array.from({ length: 4 }, () => ['intent repoint', 'outcome repoint']).flat(),
      'verify',
      'verify',
      'verify',
      'verify',
      'run-end',
    ]);
  });

  it('carries on where a failed run stopped: nothing uploaded twice, done consumers left alone', async () => {
    standIn.faults.add({ operation: 'elbv2:ModifyListener', onCalls: 'all', kind: 'server-error' });
    const first = run(['--name', 'api-2027', '--yes']);
    await expect(first.code).resolves.toBe(1);
    expect(first.stdout()).toMatch(/^failed elbv2 shop-alb:443 in us-east-1: .*rerun to carry on$/m);
    expect(first.stdout()).toMatch(/^repointed elb legacy-elb:443/m);

    standIn.faults.clear();
    const second = run(['--name', 'api-2027', '--yes']);
    await expect(second.code).resolves.toBe(0);
    expect(second.stdout()).toContain('upload api-2027: already in IAM');
    expect(second.stdout()).toMatch(/^already elb legacy-elb:443 in us-east-1 serves api-2027$/m);
    expect(second.stdout()).toMatch(/^already cloudfront E1CDNEXAMPLE01:api\.example\.test serves api-2027$/m);
    expect(second.stdout()).toMatch(/^repointed elbv2 shop-alb:443 in us-east-1 \(ModifyListener\)$/m);
    expect(second.stdout().match(/^verified /gm)).toHaveLength(4);
    const counts = standIn.callCounts();
    expect(counts['UploadServerCertificate']).toBe(1);
    expect(counts['elb:SetLoadBalancerListenerSSLCertificate']).toBe(1);
    expect(counts['cloudfront:UpdateDistribution']).toBe(1);
  });

  it('reports an endpoint it cannot reach as unverified, never done, and then does not retire the old certificate', async () => {
    await endpoints.remove(seeded.classicDns, 443);
    const act = run(['--name', 'api-2027', '--yes', '--retire-old']);
    await expect(act.code).resolves.toBe(3);
    expect(act.stdout()).toMatch(new RegExp(`^unverified elb legacy-elb:443 in us-east-1: ${seeded.classicDns.replace(/\./g, '\\.')}:443 \\(SNI api\\.example\\.test\\): .*not done`, 'm'));
    expect(act.stdout()).toContain('kept api: not retired, 1 consumer not verified');
    expect(standIn.certificate('api')).toBeDefined();
  });

  it('with --retire-old deletes the old certificate once every consumer is verified', async () => {
    const act = run(['--name', 'api-2027', '--yes', '--retire-old']);
    await expect(act.code).resolves.toBe(0);
    expect(act.stdout()).toMatch(/^deleted api: replaced, every consumer verified on the new certificate, and not referenced$/m);
    expect(standIn.certificate('api')).toBeUndefined();
  });

  it('changes nothing when a check fails: a key that does not belong to the certificate', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(join(directory, 'stranger.key'), stranger);
    const out: string[] = [];
    const environment: CliEnvironment = {
      services: awsServices,
      writeFile: async () => undefined,
      io: { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t) },
      now,
      clock: () => new Date(),
      appendLine: appendLineToFile,
      rotation: () => ({ iam: new IamRotation(new IAMClient({})), repointer: new AwsConsumerRepointer(createUsageClients()), verifier: new TlsEndpointVerifier() }),
    };
    const auditLog = ['--audit-log', join(directory, 'stranger.jsonl')];
    await expect(
      runCli(['rotate', '--from', 'api', '--certificate-body', join(directory, 'new.pem'), '--private-key', join(directory, 'stranger.key'), '--yes', ...auditLog], environment),
    ).resolves.toBe(1);
    expect(out.join('')).toContain('check FAILED key matches: the private key does not belong to the certificate');
    expect(out.join('')).not.toContain(stranger.split('\n')[1] ?? 'unreachable');
    for (const write of WRITES) expect(standIn.callCounts()[write]).toBeUndefined();
  });

  it('never lets the private key reach stdout, stderr or the audit log, even when the upload fails', async () => {
    const auditFile = join(directory, 'rotate-key.jsonl');
    standIn.faults.add({ operation: 'UploadServerCertificate', onCalls: 'all', kind: 'server-error' });
    const act = run(['--name', 'api-2027', '--yes'], { auditFile });
    await expect(act.code).resolves.toBe(1);
    expect(act.stdout()).toMatch(/^failed upload api-2027: /m);
    const keyLines = newCert.privateKeyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
    expect(keyLines.length).toBeGreaterThan(0);
    const everything = [act.stdout(), act.stderr(), readFileSync(auditFile, 'utf8')].join('\n');
    for (const line of keyLines) expect(everything).not.toContain(line);
    expect(everything).not.toContain('PRIVATE KEY');
  });

  it('refuses a body file that also holds the private key: "parses" fails, nothing is sent, and the key appears nowhere', async () => {
    const combined = join(directory, 'combined.pem');
    writeFileSync(combined, `${newCert.certificatePem}\n${newCert.privateKeyPem}`, { mode: 0o600 });
    const act = run(['--name', 'api-2027', '--yes'], {
      command: ['rotate', '--from', 'api', '--certificate-body', combined, '--private-key', join(directory, 'new.key')],
    });
    await expect(act.code).resolves.toBe(1);
    expect(act.stdout()).toMatch(/^check FAILED parses: --certificate-body holds a "PRIVATE KEY" PEM block at line \d+, not only certificates: give the private key with --private-key only; nothing is sent$/m);
    expect(act.stdout()).toMatch(/^blocked: check "parses" failed/m);
    for (const write of WRITES) expect(standIn.callCounts()[write]).toBeUndefined();
    const keyLines = newCert.privateKeyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
    const everything = [act.stdout(), act.stderr(), readFileSync(act.auditFile ?? '', 'utf8')].join('\n');
    for (const line of keyLines) expect(everything).not.toContain(line);
  });

  it('retries a repoint that IAM has not made the new certificate visible for yet, auditing each retry', async () => {
    // Each certificate uploaded from now on is "not found" by ELB and by CloudFront once.
    standIn.setIamPropagation({ notFoundCalls: 1 });
    const act = run(['--name', 'api-2027', '--yes']);
    await expect(act.code).resolves.toBe(0);
    const counts = standIn.callCounts();
    expect(counts['elb:SetLoadBalancerListenerSSLCertificate']).toBe(2);
    // ELBv2 sees it by then (the ARN's one miss went to the Classic ELB); CloudFront, by id, misses once too.
    expect(counts['elbv2:ModifyListener']).toBe(1);
    expect(counts['cloudfront:UpdateDistribution']).toBe(2);
    expect(sleeps).toEqual([2_000, 2_000]);
    expect(act.stdout()).toMatch(/^retrying elb legacy-elb:443 in us-east-1: SetLoadBalancerListenerSSLCertificate answered CertificateNotFound.*; try 2 in 2 s$/m);
    expect(act.stdout().match(/^verified /gm)).toHaveLength(4);
    const retries = readFileSync(act.auditFile ?? '', 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record['event'] === 'retry');
    expect(retries).toEqual([
      expect.objectContaining({ step: 'repoint', call: 'SetLoadBalancerListenerSSLCertificate', attempt: 1, delayMs: 2_000, reason: expect.stringContaining('CertificateNotFound') }),
      expect.objectContaining({ step: 'repoint', call: 'UpdateDistribution', attempt: 1, delayMs: 2_000, reason: expect.stringContaining('InvalidViewerCertificate') }),
    ]);
  });

  it('retries AddListenerCertificates for an ALB extra certificate that IAM has not made visible yet', async () => {
    standIn.reset();
    const [old, other] = standIn.seedCertificates([
      { name: 'api', expiration: oldCert.notAfter, body: oldCert.certificatePem },
      { name: 'other', expiration: otherCert.notAfter, body: otherCert.certificatePem },
    ]);
    const alb = standIn.addLoadBalancerV2({ name: 'sni-alb', listeners: [{ port: 443, certificateArn: other?.arn ?? '', extraCertificateArns: [old?.arn ?? ''] }] });
    const listener = alb.listeners[0]?.arn ?? '';
    const consumers = standIn.account(ACCOUNT).consumers;
    await endpoints.add(alb.dnsName, 443, { names: ['api.example.test'], serving: () => bodyOfArn(consumers.listenerV2(listener)?.extraCertificateArns.find((arn) => bodyOfArn(arn) !== undefined)) });
    // The new certificate's first two uses by ELBv2 answer CertificateNotFound.
    standIn.setIamPropagation({ notFoundCalls: 2 });
    const act = run(['--name', 'api-2027', '--yes']);
    await expect(act.code).resolves.toBe(0);
    expect(standIn.callCounts()['elbv2:AddListenerCertificates']).toBe(3);
    expect(standIn.callCounts()['elbv2:RemoveListenerCertificates']).toBe(1);
    expect(consumers.listenerV2(listener)?.extraCertificateArns).toEqual([standIn.certificate('api-2027')?.arn]);
    expect(sleeps).toEqual([2_000, 4_000]);
    expect(act.stdout()).toMatch(/^retrying elbv2 sni-alb:443 additional in us-east-1: AddListenerCertificates answered CertificateNotFound.*; try 3 in 4 s$/m);
    const retries = readFileSync(act.auditFile ?? '', 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record['event'] === 'retry');
    expect(retries.map((record) => [record['call'], record['attempt']])).toEqual([
      ['AddListenerCertificates', 1],
      ['AddListenerCertificates', 2],
    ]);
    expect(act.stdout()).toMatch(/^verified elbv2 sni-alb:443 additional in us-east-1: /m);
  });

  it('gives up on "not found" once the propagation window after the upload has passed, and reports the call failed', async () => {
    standIn.setIamPropagation({ notFoundCalls: 1000 });
    const act = run(['--name', 'api-2027', '--yes']);
    await expect(act.code).resolves.toBe(1);
    expect(act.stdout()).toMatch(/^failed elb legacy-elb:443 in us-east-1: CertificateNotFound.*rerun to carry on$/m);
    // Backoff 2, 4, 8, 16, 30, 30… s within the five minutes after the upload.
    expect(sleeps.slice(0, 6)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    // The window is counted from the upload, so the later consumers fail at once instead of waiting again.
    const waited = sleeps.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeGreaterThan(4 * 60_000);
    expect(waited).toBeLessThanOrEqual(5 * 60_000);
    expect(act.stdout().match(/^failed /gm)).toHaveLength(4);
  });

  it('keeps the old certificate, and still succeeds, when IAM answers DeleteConflict right after the repoint', async () => {
    // IAM still sees the load balancers on the old certificate for one delete attempt.
    standIn.setIamPropagation({ deleteConflictCalls: 1 });
    const act = run(['--name', 'api-2027', '--yes', '--retire-old']);
    await expect(act.code).resolves.toBe(0);
    expect(act.stdout()).toMatch(/^kept api: IAM refused with DeleteConflict/m);
    expect(act.stdout()).toMatch(/^old certificate kept: still referenced \(DeleteConflict\); retire it later/m);
    expect(act.stderr()).toContain('rotate done-old-kept');
    expect(standIn.certificate('api')).toBeDefined();
    const records = readFileSync(act.auditFile ?? '', 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.at(-1)).toMatchObject({ event: 'run-end', result: 'done-old-kept' });

    // Later, a rerun with --retire-old retires it.
    const later = run(['--name', 'api-2027', '--yes', '--retire-old']);
    await expect(later.code).resolves.toBe(0);
    expect(standIn.certificate('api')).toBeUndefined();
  });

  it('reports "usage unknown, not deleted" and exits 1 when IAM\'s DeleteConflict names no resource', async () => {
    standIn.setIamPropagation({ deleteConflictCalls: 1, conflictNamesUser: false });
    const act = run(['--name', 'api-2027', '--yes', '--retire-old']);
    await expect(act.code).resolves.toBe(1);
    expect(act.stdout()).toMatch(/^old certificate not deleted: usage unknown: IAM's DeleteConflict names no resource/m);
    expect(act.stdout()).not.toContain('retire it later');
    expect(act.stderr()).toContain('rotate old-usage-unknown');
    expect(standIn.certificate('api')).toBeDefined();
    const records = readFileSync(act.auditFile ?? '', 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.at(-1)).toMatchObject({ event: 'run-end', result: 'old-usage-unknown' });
  });

  it('reports a consumer IAM names but the rotation never moved as missed, with its ARN, and exits 1', async () => {
    // A load balancer in a region that is not enabled (so never scanned) still serves the old certificate; IAM sees it.
    standIn.setRegionOptStatus('me-south-1', 'ENABLED');
    const hidden = standIn.addClassicLoadBalancer({ name: 'bahrain-elb', region: 'me-south-1', listeners: [{ port: 443, certificateArn: standIn.certificate('api')?.arn ?? '' }] });
    standIn.setRegionOptStatus('me-south-1', 'DISABLED');
    const act = run(['--name', 'api-2027', '--yes', '--retire-old']);
    await expect(act.code).resolves.toBe(1);
    expect(act.stdout()).toContain(`missed consumer: ${hidden.arn} still serves api (IAM's DeleteConflict names it) and this rotation did not move it`);
    expect(act.stderr()).toContain('rotate missed-consumer');
    expect(standIn.certificate('api')).toBeDefined();
    const records = readFileSync(act.auditFile ?? '', 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.find((record) => record['event'] === 'missed-consumer')).toMatchObject({ resources: [hidden.arn] });
    expect(records.at(-1)).toMatchObject({ event: 'run-end', result: 'missed-consumer' });
  });

  it('gives the CloudFront hint only for a CloudFront endpoint it cannot verify', async () => {
    await endpoints.remove(seeded.classicDns, 443);
    await endpoints.remove('api.example.test', 443);
    const act = run(['--name', 'api-2027', '--yes']);
    await expect(act.code).resolves.toBe(3);
    expect(act.stdout()).toMatch(/^unverified elb legacy-elb:443 in us-east-1: .*; not done \(rerun to check again\)$/m);
    expect(act.stdout()).toMatch(/^unverified cloudfront E1CDNEXAMPLE01:api\.example\.test: .*; not done \(CloudFront takes minutes to deploy: rerun to check again\)$/m);
    expect(act.stdout().match(/CloudFront takes minutes/g)).toHaveLength(1);
  });

  it('acts on a narrower --regions with a warning, but refuses --retire-old before changing anything', async () => {
    const narrowed = run(['--name', 'api-2027', '--regions', 'us-east-1']);
    await expect(narrowed.code).resolves.toBe(0);
    expect(narrowed.stdout()).toMatch(/^warning: 16 enabled regions are not scanned \(not in --regions: ap-northeast-1, .*\): a consumer there would stay on api$/m);

    const retiring = run(['--name', 'api-2027', '--yes', '--retire-old', '--regions', 'us-east-1']);
    await expect(retiring.code).resolves.toBe(1);
    expect(retiring.stdout()).toMatch(/^blocked: --retire-old needs every region enabled for the account scanned, and --regions leaves out ap-northeast-1, /m);
    for (const write of WRITES) expect(standIn.callCounts()[write]).toBeUndefined();
  });

  it('refuses a --regions name that is not an enabled region, up front', async () => {
    const act = run(['--name', 'api-2027', '--yes', '--regions', 'eu-wst-1']);
    await expect(act.code).resolves.toBe(252);
    expect(act.stderr()).toContain('rotate: --regions names eu-wst-1, not a region enabled for this account; the enabled regions are: ap-northeast-1,');
    expect(Object.keys(standIn.callCounts())).toEqual(['account:ListRegions']);
  });

  it('checks a distribution whose aliases are all wildcards at its own domain name, with SNI of a name the alias covers', async () => {
    const wild = standIn.addDistribution({ id: 'E2WILDEXAMPLE1', aliases: ['*.example.test'], iamCertificateId: standIn.certificate('api')?.id ?? '' });
    await endpoints.add(wild.domainName, 443, { names: ['*.example.test'], serving: () => bodyOfId(standIn.account(ACCOUNT).consumers.distribution('E2WILDEXAMPLE1')?.iamCertificateId) });
    const act = run(['--name', 'api-2027', '--yes']);
    await expect(act.code).resolves.toBe(0);
    expect(act.stdout()).toContain(`verified cloudfront E2WILDEXAMPLE1:*.example.test: ${wild.domainName}:443 (SNI api.example.test) serves the new certificate`);
    expect(endpoints.serverNames.get(`${wild.domainName}:443`)).toEqual(['api.example.test']);
  });

  it('reports an endpoint that accepts TCP but never completes the handshake as unverified within the timeout', async () => {
    await endpoints.remove(seeded.classicDns, 443);
    await endpoints.addSilent(seeded.classicDns, 443);
    const act = run(['--name', 'api-2027', '--yes'], { verifyTimeoutMs: 300 });
    await expect(act.code).resolves.toBe(3);
    expect(act.stdout()).toMatch(/^unverified elb legacy-elb:443 in us-east-1: .*:443 \(SNI api\.example\.test\): no TLS answer within 300 ms; not done/m);
    expect(act.stdout().match(/^verified /gm)).toHaveLength(3);
  });

  it('blocks a rotation whose certificate serves CloudFront but would not be under /cloudfront/', async () => {
    standIn.reset();
    const [old] = standIn.seedCertificates([{ name: 'api', expiration: oldCert.notAfter, body: oldCert.certificatePem, path: '/web/' }]);
    standIn.addDistribution({ id: 'E3PATHEXAMPLE1', aliases: ['api.example.test'], iamCertificateId: old?.id ?? '' });
    const act = run(['--name', 'api-2027', '--yes']);
    await expect(act.code).resolves.toBe(1);
    expect(act.stdout()).toMatch(/^blocked: CloudFront \(E3PATHEXAMPLE1\) takes IAM certificates only under a path beginning with \/cloudfront\/, and api-2027 would be at \/web\//m);
    for (const write of WRITES) expect(standIn.callCounts()[write]).toBeUndefined();
  });

  it('refuses --yes without --audit-log: no record, no change', async () => {
    const act = run(['--name', 'api-2027', '--yes'], { auditFile: null });
    await expect(act.code).resolves.toBe(252);
    expect(act.stderr()).toContain('rotate: --yes needs --audit-log FILE');
    expect(Object.keys(standIn.callCounts())).toEqual([]);
  });
});
