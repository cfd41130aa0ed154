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
  const saved = { ...process.env };
  const now = new Date();

  beforeAll(async () => {
    standIn = await StandIn.start();
    Object.assign(process.env, standIn.environment(), { AWS_MAX_ATTEMPTS: '1' });
    directory = mkdtempSync(join(tmpdir(), 'rotate-'));
    oldCert = await makeCertificate('api', { notBefore: daysFrom(now, -355), notAfter: daysFrom(now, 10) });
    newCert = await makeCertificate('api', { notBefore: daysFrom(now, -1), notAfter: daysFrom(now, 397) });
    otherCert = await makeCertificate('other', { notBefore: daysFrom(now, -1), notAfter: daysFrom(now, 300) });
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
    const [old, other] = standIn.seedCertificates([
      { name: 'api', expiration: oldCert.notAfter, body: oldCert.certificatePem, path: '/web/', tags: [{ key: 'team', value: 'payments' }, { key: 'env', value: 'prod' }] },
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
    endpoints = new TlsEndpoints(newCert.privateKeyPem);
    const consumers = standIn.account(ACCOUNT).consumers;
    const bodyOfArn = (arn: string | undefined): string | undefined => standIn.account(ACCOUNT).certificates.list().find((c) => c.arn === arn)?.body;
    const bodyOfId = (id: string | undefined): string | undefined => standIn.account(ACCOUNT).certificates.list().find((c) => c.id === id)?.body;
    await endpoints.add(classic.dnsName, 443, () => bodyOfArn(consumers.classicLoadBalancer('us-east-1', 'legacy-elb')?.listeners.find((l) => l.port === 443)?.certificateArn));
    await endpoints.add(alb.dnsName, 443, () => bodyOfArn(consumers.listenerV2(seeded.defaultListener)?.certificateArn));
    // SNI for api.example.test picks the extra certificate that names it, as an ALB does.
    await endpoints.add(alb.dnsName, 8443, () => bodyOfArn(consumers.listenerV2(seeded.sniListener)?.extraCertificateArns.find((arn) => bodyOfArn(arn)?.includes('BEGIN'))));
    await endpoints.add('api.example.test', 443, () => bodyOfId(consumers.distribution('E1CDNEXAMPLE01')?.iamCertificateId));
  });

  afterEach(async () => {
    await endpoints.closeAll();
  });

  function run(args: readonly string[], options: { auditFile?: string } = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const rotation: RotationFactory = (region) => ({
      iam: new IamRotation(new IAMClient({ ...(region === undefined ? {} : { region }) })),
      repointer: new AwsConsumerRepointer(createUsageClients(region)),
      verifier: new TlsEndpointVerifier({ timeoutMs: 2_000, connectTarget: endpoints.connectTarget }),
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
    const audit = options.auditFile === undefined ? [] : ['--audit-log', options.auditFile];
    return {
      code: runCli(['rotate', '--from', 'api', '--certificate-body', join(directory, 'new.pem'), '--private-key', join(directory, 'new.key'), ...audit, ...args], environment),
      stdout: () => out.join(''),
      stderr: () => err.join(''),
    };
  }

  const WRITES = ['UploadServerCertificate', 'elb:SetLoadBalancerListenerSSLCertificate', 'elbv2:ModifyListener', 'elbv2:AddListenerCertificates', 'elbv2:RemoveListenerCertificates', 'cloudfront:UpdateDistribution'];

  it('advises repointing to ACM when an issued ACM certificate already covers every name, in every region the consumers need', async () => {
    // The old certificate's consumers are all in us-east-1 (CloudFront's ACM region too).
    standIn.addAcmCertificate({ region: 'us-east-1', names: ['other.example.test'] });
    const acmArn = standIn.addAcmCertificate({ region: 'us-east-1', names: ['example.test', '*.example.test'], keyAlgorithm: 'EC_prime256v1' });
    standIn.addAcmCertificate({ region: 'us-east-1', names: ['*.example.test'], status: 'PENDING_VALIDATION' });
    const plan = run(['--name', 'api-2027']);
    await expect(plan.code).resolves.toBe(0);
    expect(plan.stdout()).toContain(`advice: ACM already has issued certificates covering every name of api: repoint to ACM ${acmArn} (us-east-1)`);
    expect(standIn.callCounts()['ListCertificates']).toBe(1);
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
    expect(text).toContain("upload api-2027 at path /web/ with api's 2 tags (UploadServerCertificate)");
    expect(text).toContain('repoint elb legacy-elb:443 in us-east-1 (SetLoadBalancerListenerSSLCertificate)');
    expect(text).toContain('repoint elbv2 shop-alb:443 in us-east-1 (ModifyListener)');
    expect(text).toContain('repoint elbv2 shop-alb:8443 additional in us-east-1 (AddListenerCertificates, then RemoveListenerCertificates)');
    expect(text).toContain('repoint cloudfront E1CDNEXAMPLE01:api.example.test (GetDistributionConfig, then UpdateDistribution with If-Match: ETag)');
    const counts = standIn.callCounts();
    for (const write of WRITES) expect(counts[write]).toBeUndefined();
  });

  it('with --yes uploads under the old path and tags, repoints every consumer, and verifies each endpoint serves the new certificate', async () => {
    const auditFile = join(directory, 'rotate-yes.jsonl');
    const act = run(['--name', 'api-2027', '--yes', '--regions', 'us-east-1'], { auditFile });
    await expect(act.code).resolves.toBe(0);

    const uploaded = standIn.certificate('api-2027');
    // IAM lists tags sorted by key (API reference, ListServerCertificateTags): the copy's order is IAM's, not the upload's.
    expect(uploaded?.path).toBe('/web/');
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
    const first = run(['--name', 'api-2027', '--yes', '--regions', 'us-east-1']);
    await expect(first.code).resolves.toBe(1);
    expect(first.stdout()).toMatch(/^failed elbv2 shop-alb:443 in us-east-1: .*rerun to carry on$/m);
    expect(first.stdout()).toMatch(/^repointed elb legacy-elb:443/m);

    standIn.faults.clear();
    const second = run(['--name', 'api-2027', '--yes', '--regions', 'us-east-1']);
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
    const act = run(['--name', 'api-2027', '--yes', '--retire-old', '--regions', 'us-east-1']);
    await expect(act.code).resolves.toBe(3);
    expect(act.stdout()).toMatch(new RegExp(`^unverified elb legacy-elb:443 in us-east-1: ${seeded.classicDns.replace(/\./g, '\\.')}:443 \\(SNI api\\.example\\.test\\): .*not done`, 'm'));
    expect(act.stdout()).toContain('kept api: not retired, 1 consumer not verified');
    expect(standIn.certificate('api')).toBeDefined();
  });

  it('with --retire-old deletes the old certificate once every consumer is verified', async () => {
    const act = run(['--name', 'api-2027', '--yes', '--retire-old', '--regions', 'us-east-1']);
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
    await expect(
      runCli(['rotate', '--from', 'api', '--certificate-body', join(directory, 'new.pem'), '--private-key', join(directory, 'stranger.key'), '--yes', '--regions', 'us-east-1'], environment),
    ).resolves.toBe(1);
    expect(out.join('')).toContain('check FAILED key matches: the private key does not belong to the certificate');
    expect(out.join('')).not.toContain(stranger.split('\n')[1] ?? 'unreachable');
    for (const write of WRITES) expect(standIn.callCounts()[write]).toBeUndefined();
  });

  it('never lets the private key reach stdout, stderr or the audit log, even when the upload fails', async () => {
    const auditFile = join(directory, 'rotate-key.jsonl');
    standIn.faults.add({ operation: 'UploadServerCertificate', onCalls: 'all', kind: 'server-error' });
    const act = run(['--name', 'api-2027', '--yes', '--regions', 'us-east-1'], { auditFile });
    await expect(act.code).resolves.toBe(1);
    expect(act.stdout()).toMatch(/^failed upload api-2027: /m);
    const keyLines = newCert.privateKeyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
    expect(keyLines.length).toBeGreaterThan(0);
    const everything = [act.stdout(), act.stderr(), readFileSync(auditFile, 'utf8')].join('\n');
    for (const line of keyLines) expect(everything).not.toContain(line);
    expect(everything).not.toContain('PRIVATE KEY');
  });
});
