import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { CloudFrontClient, GetDistributionCommand, GetDistributionConfigCommand, UpdateDistributionCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront';
import { ElasticLoadBalancingClient, SetLoadBalancerListenerSSLCertificateCommand } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client, ModifyListenerCommand, RemoveListenerCertificatesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteServerCertificateCommand, IAMClient, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { daysFrom, makeCertificate, type TestCertificate } from './certificates';
import type { StandIn } from './stand-in/stand-in';
import { useStandInThroughSdk } from './stand-in-through-sdk';

/**
 * The stand-in's rotation behaviours through the real SDK clients: the
 * writes rotate makes, CloudFront's checks of a viewer certificate, IAM's
 * eventual consistency when asked for, and ACM's list filters and shapes.
 */
describe('the stand-in for rotate: writes, CloudFront checks, IAM propagation, ACM', () => {
  let certificate: TestCertificate;
  const sdk = useStandInThroughSdk(async () => {
    const now = new Date();
    certificate = await makeCertificate('api', { notBefore: daysFrom(now, -1), notAfter: daysFrom(now, 300) });
  });
  const { client } = sdk;
  let standIn: StandIn;
  beforeEach(() => {
    standIn = sdk.standIn();
  });

  const iam = (): IAMClient => client(() => new IAMClient({ region: 'us-east-1', maxAttempts: 1 }));
  async function upload(name: string, path = '/'): Promise<{ arn: string; id: string }> {
    const answer = await iam().send(new UploadServerCertificateCommand({ ServerCertificateName: name, Path: path, CertificateBody: certificate.certificatePem, PrivateKey: certificate.privateKeyPem }));
    return { arn: answer.ServerCertificateMetadata?.Arn ?? '', id: answer.ServerCertificateMetadata?.ServerCertificateId ?? '' };
  }

  async function updateViewer(id: string, viewer: DistributionConfig['ViewerCertificate']): Promise<unknown> {
    const cloudfront = client(() => new CloudFrontClient({ region: 'us-east-1', maxAttempts: 1 }));
    const { DistributionConfig: config, ETag } = await cloudfront.send(new GetDistributionConfigCommand({ Id: id }));
    if (config === undefined) throw new Error('no config');
    return cloudfront.send(new UpdateDistributionCommand({ Id: id, IfMatch: ETag, DistributionConfig: { ...config, ViewerCertificate: viewer } }));
  }

  it.each([
    ['a space', 'my cert'],
    ['a slash (the path goes in Path)', 'web/api'],
    ['a character outside [\\w+=,.@-]', 'api#1'],
    ['129 characters', 'a'.repeat(129)],
  ])('UploadServerCertificate refuses a ServerCertificateName with %s (ValidationError), storing nothing', async (_what, name) => {
    await expect(upload(name)).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining("at 'serverCertificateName' failed to satisfy constraint") });
    expect(standIn.certificate(name)).toBeUndefined();
  });

  it('UploadServerCertificate takes a ServerCertificateName of 128 characters of [\\w+=,.@-]', async () => {
    const name = `a_B9+=,.@-${'x'.repeat(118)}`;
    await expect(upload(name)).resolves.toMatchObject({ arn: expect.stringContaining(name) });
  });

  it('UpdateDistribution takes an IAM certificate under /cloudfront/ with SSLSupportMethod and MinimumProtocolVersion, and refuses any other', async () => {
    const good = await upload('cdn', '/cloudfront/');
    const elsewhere = await upload('web', '/web/');
    standIn.addDistribution({ id: 'E1VIEWEREXAMPL', aliases: ['api.example.test'] });
    const complete = { CloudFrontDefaultCertificate: false, SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' } as const;

    await expect(updateViewer('E1VIEWEREXAMPL', { ...complete, IAMCertificateId: 'ASCANOSUCHCERTIFICATE' })).rejects.toMatchObject({ name: 'InvalidViewerCertificate' });
    await expect(updateViewer('E1VIEWEREXAMPL', { ...complete, IAMCertificateId: elsewhere.id })).rejects.toMatchObject({
      name: 'InvalidViewerCertificate',
      message: expect.stringContaining('CloudFront needs one under /cloudfront/'),
    });
    await expect(updateViewer('E1VIEWEREXAMPL', { CloudFrontDefaultCertificate: false, MinimumProtocolVersion: 'TLSv1.2_2021', IAMCertificateId: good.id })).rejects.toMatchObject({
      name: 'InvalidViewerCertificate',
      message: expect.stringContaining('SSLSupportMethod'),
    });
    await expect(updateViewer('E1VIEWEREXAMPL', { CloudFrontDefaultCertificate: false, SSLSupportMethod: 'sni-only', IAMCertificateId: good.id })).rejects.toMatchObject({
      message: expect.stringContaining('MinimumProtocolVersion'),
    });
    await expect(updateViewer('E1VIEWEREXAMPL', { ...complete, IAMCertificateId: good.id })).resolves.toMatchObject({ Distribution: { Id: 'E1VIEWEREXAMPL' } });
    expect(standIn.account('123456789012').consumers.distribution('E1VIEWEREXAMPL')?.iamCertificateId).toBe(good.id);
  });

  it('GetDistribution answers the distribution with its own domain name and its ETag', async () => {
    const distribution = standIn.addDistribution({ id: 'E1DOMAINEXAMPL', aliases: ['*.example.test'] });
    const answer = await client(() => new CloudFrontClient({ region: 'us-east-1', maxAttempts: 1 })).send(new GetDistributionCommand({ Id: 'E1DOMAINEXAMPL' }));
    expect(answer.Distribution).toMatchObject({ Id: 'E1DOMAINEXAMPL', DomainName: distribution.domainName });
    expect(answer.ETag).toBe(distribution.etag);
  });

  it('RemoveListenerCertificates refuses the listener\'s default certificate with OperationNotPermitted', async () => {
    const { arn } = await upload('default');
    const alb = standIn.addLoadBalancerV2({ name: 'shop', listeners: [{ port: 443, certificateArn: arn }] });
    const elbv2 = client(() => new ElasticLoadBalancingV2Client({ region: 'us-east-1', maxAttempts: 1 }));
    await expect(elbv2.send(new RemoveListenerCertificatesCommand({ ListenerArn: alb.listeners[0]?.arn, Certificates: [{ CertificateArn: arn }] }))).rejects.toMatchObject({
      name: 'OperationNotPermittedException',
    });
    expect(standIn.account('123456789012').consumers.listenerV2(alb.listeners[0]?.arn ?? '')?.certificateArn).toBe(arn);
  });

  it('with IAM propagation on, a fresh upload is "not found" by ELB, ELBv2 and CloudFront for its first uses only', async () => {
    standIn.setIamPropagation({ notFoundCalls: 1 });
    const fresh = await upload('fresh', '/cloudfront/');
    const other = await upload('other');
    standIn.addClassicLoadBalancer({ name: 'legacy', listeners: [{ port: 443, certificateArn: other.arn }] });
    const alb = standIn.addLoadBalancerV2({ name: 'shop', listeners: [{ port: 443, certificateArn: other.arn }] });
    standIn.addDistribution({ id: 'E1PROPAGATEEXA', aliases: ['api.example.test'] });
    const elb = client(() => new ElasticLoadBalancingClient({ region: 'us-east-1', maxAttempts: 1 }));
    const elbv2 = client(() => new ElasticLoadBalancingV2Client({ region: 'us-east-1', maxAttempts: 1 }));
    const set = () => elb.send(new SetLoadBalancerListenerSSLCertificateCommand({ LoadBalancerName: 'legacy', LoadBalancerPort: 443, SSLCertificateId: fresh.arn }));

    await expect(set()).rejects.toMatchObject({ name: 'CertificateNotFoundException' });
    await expect(set()).resolves.toBeDefined();
    // The ARN's one miss is spent: ELBv2 sees it now; CloudFront (by id) misses once on its own.
    await expect(elbv2.send(new ModifyListenerCommand({ ListenerArn: alb.listeners[0]?.arn, Certificates: [{ CertificateArn: fresh.arn }] }))).resolves.toBeDefined();
    const viewer = { CloudFrontDefaultCertificate: false, SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021', IAMCertificateId: fresh.id } as const;
    await expect(updateViewer('E1PROPAGATEEXA', viewer)).rejects.toMatchObject({ name: 'InvalidViewerCertificate' });
    await expect(updateViewer('E1PROPAGATEEXA', viewer)).resolves.toBeDefined();
    // A certificate uploaded before the lag was set is seen at once.
    standIn.setIamPropagation({});
    const later = await upload('later');
    await expect(elb.send(new SetLoadBalancerListenerSSLCertificateCommand({ LoadBalancerName: 'legacy', LoadBalancerPort: 443, SSLCertificateId: later.arn }))).resolves.toBeDefined();
  });

  it('with IAM propagation on, a certificate just taken off a load balancer is "in use" for its next delete attempts', async () => {
    standIn.setIamPropagation({ deleteConflictCalls: 1 });
    const old = await upload('old');
    const next = await upload('next');
    const legacy = standIn.addClassicLoadBalancer({ name: 'legacy', listeners: [{ port: 443, certificateArn: old.arn }] });
    const elb = client(() => new ElasticLoadBalancingClient({ region: 'us-east-1', maxAttempts: 1 }));
    await elb.send(new SetLoadBalancerListenerSSLCertificateCommand({ LoadBalancerName: 'legacy', LoadBalancerPort: 443, SSLCertificateId: next.arn }));

    await expect(iam().send(new DeleteServerCertificateCommand({ ServerCertificateName: 'old' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: expect.stringContaining(`is currently in use by ${legacy.arn}`),
    });
    await expect(iam().send(new DeleteServerCertificateCommand({ ServerCertificateName: 'old' }))).resolves.toBeDefined();
    expect(standIn.certificate('old')).toBeUndefined();
  });

  it('ACM ListCertificates lists only RSA 1024 and 2048 certificates with a domain unless Includes.keyTypes asks for more, with key algorithms hyphenated', async () => {
    const notAfter = new Date('2027-12-31T00:00:00Z');
    const rsa = standIn.addAcmCertificate({ region: 'us-east-1', names: ['a.example.test'], type: 'IMPORTED', notAfter });
    const ec = standIn.addAcmCertificate({ region: 'us-east-1', names: ['b.example.test'], keyAlgorithm: 'EC_prime256v1' });
    const big = standIn.addAcmCertificate({ region: 'us-east-1', names: ['c.example.test'], keyAlgorithm: 'RSA_4096' });
    standIn.addAcmCertificate({ region: 'us-east-1', names: [], keyAlgorithm: 'RSA_1024' });
    const acm = client(() => new ACMClient({ region: 'us-east-1', maxAttempts: 1 }));

    const byDefault = await acm.send(new ListCertificatesCommand({}));
    expect(byDefault.CertificateSummaryList?.map((summary) => summary.CertificateArn)).toEqual([rsa]);
    expect(byDefault.CertificateSummaryList?.[0]).toMatchObject({ KeyAlgorithm: 'RSA-2048', Type: 'IMPORTED', NotAfter: notAfter });

    const every = await acm.send(new ListCertificatesCommand({ Includes: { keyTypes: ['RSA_2048', 'RSA_4096', 'EC_prime256v1'] } }));
    expect(every.CertificateSummaryList?.map((summary) => [summary.CertificateArn, summary.KeyAlgorithm])).toEqual([
      [rsa, 'RSA-2048'],
      [ec, 'EC-prime256v1'],
      [big, 'RSA-4096'],
    ]);
  });

  it('ACM ListCertificates pages with MaxItems and an opaque NextToken, and refuses a token it did not give', async () => {
    const arns = ['a', 'b', 'c'].map((name) => standIn.addAcmCertificate({ region: 'eu-west-1', names: [`${name}.example.test`] }));
    const acm = client(() => new ACMClient({ region: 'eu-west-1', maxAttempts: 1 }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await acm.send(new ListCertificatesCommand({ MaxItems: 2, ...(token === undefined ? {} : { NextToken: token }) }));
      seen.push(...(page.CertificateSummaryList ?? []).map((summary) => summary.CertificateArn ?? ''));
      token = page.NextToken;
      pages += 1;
    } while (token !== undefined);
    expect(seen).toEqual(arns);
    expect(pages).toBe(2);
    await expect(acm.send(new ListCertificatesCommand({ NextToken: Buffer.from('2').toString('base64') }))).rejects.toMatchObject({ name: 'InvalidArgsException' });
  });

  it('ACM answers a request body that is not JSON with a SerializationException, not a crash', async () => {
    const acm = client(() => new ACMClient({ region: 'us-east-1', maxAttempts: 1 }));
    acm.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: unknown; headers: Record<string, string> };
        request.body = '{"MaxItems": ';
        request.headers['content-length'] = String(Buffer.byteLength(request.body as string));
        return next(args);
      },
      { step: 'build', name: 'truncateBody' },
    );
    await expect(acm.send(new ListCertificatesCommand({}))).rejects.toMatchObject({ name: 'SerializationException' });
  });
});
