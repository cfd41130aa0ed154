import { checkFiles } from '../../../src/cli/check-iac/check-files';
import { directoryWith, NOW, pemEnding, planJson, resourceChange } from './fixtures';
import { join } from 'node:path';

const gate = { now: NOW, days: 30, denyIamCertificates: false, allowUnknown: false };

async function findingsOf(plan: string, options = gate) {
  const directory = directoryWith({ 'plan.json': plan });
  const file = join(directory, 'plan.json');
  return (await checkFiles([file], options, new Set([file]))).findings;
}

describe('check-iac on Terraform plans', () => {
  it('T1: flags an expired and an expiring inline certificate body, and passes a valid one', async () => {
    const plan = planJson([
      resourceChange('aws_iam_server_certificate', 'old', { name: 'old', certificate_body: await pemEnding(-3) }),
      resourceChange('aws_iam_server_certificate', 'soon', { name: 'soon', certificate_body: await pemEnding(12) }, { actions: ['no-op'] }),
      resourceChange('aws_iam_server_certificate', 'fine', { name: 'fine', certificate_body: await pemEnding(200) }, { actions: ['update'] }),
    ]);
    const findings = await findingsOf(plan);
    expect(findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['aws_iam_server_certificate.old', 'IAMCERT001', 'error'],
      ['aws_iam_server_certificate.soon', 'IAMCERT002', 'error'],
    ]);
    expect(findings[0]?.message).toMatch(/expired 2026-11-21T12:00:00Z \(3 days ago\)/);
    expect(findings[1]?.message).toMatch(/12 days left\), within 30 days/);
    // The position is the certificate_body line of that resource in the pretty-printed plan.
    const lines = plan.split('\n');
    expect(lines[(findings[0]?.position.line ?? 0) - 1]).toContain('"certificate_body"');
  });

  it('T2: checks a replacement, and skips a certificate the plan only deletes', async () => {
    const findings = await findingsOf(
      planJson([
        resourceChange('aws_iam_server_certificate', 'replaced', { certificate_body: await pemEnding(-1) }, { actions: ['delete', 'create'] }),
        resourceChange('aws_iam_server_certificate', 'gone', { certificate_body: await pemEnding(-100) }, { actions: ['delete'] }),
      ]),
    );
    expect(findings.map((f) => f.resource)).toEqual(['aws_iam_server_certificate.replaced']);
  });

  it('T3: reports a body known only after apply as unknown, never as passed: an error unless --allow-unknown', async () => {
    const plan = planJson([resourceChange('aws_iam_server_certificate', 'computed', { name: 'computed' }, { afterUnknown: { certificate_body: true } })]);
    expect((await findingsOf(plan)).map((f) => [f.rule.id, f.level])).toEqual([['IAMCERT003', 'error']]);
    expect((await findingsOf(plan, { ...gate, allowUnknown: true })).map((f) => [f.rule.id, f.level])).toEqual([['IAMCERT003', 'warning']]);
  });

  it('T4: flags listeners and distributions that point at an IAM certificate, not at ACM', async () => {
    const iamArn = 'arn:aws:iam::123456789012:server-certificate/www';
    const findings = await findingsOf(
      planJson([
        resourceChange('aws_lb_listener', 'https', { port: 443, certificate_arn: iamArn }),
        resourceChange('aws_lb_listener', 'acm', { port: 443, certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }),
        resourceChange('aws_lb_listener_certificate', 'extra', { certificate_arn: iamArn }),
        resourceChange('aws_elb', 'classic', { listener: [{ lb_port: 443, ssl_certificate_id: iamArn }, { lb_port: 80, ssl_certificate_id: '' }] }),
        resourceChange('aws_cloudfront_distribution', 'cdn', { viewer_certificate: [{ iam_certificate_id: 'ASCAEXAMPLE', acm_certificate_arn: '' }] }),
        resourceChange('aws_cloudfront_distribution', 'acm_cdn', { viewer_certificate: [{ iam_certificate_id: '', acm_certificate_arn: 'arn:aws:acm:us-east-1:1:certificate/x' }] }),
      ]),
    );
    expect(findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['aws_lb_listener.https', 'IAMCERT005', 'warning'],
      ['aws_lb_listener_certificate.extra', 'IAMCERT005', 'warning'],
      ['aws_elb.classic', 'IAMCERT005', 'warning'],
      ['aws_cloudfront_distribution.cdn', 'IAMCERT005', 'warning'],
    ]);
    expect(findings[0]?.message).toContain('AWS Certificate Manager certificates are accepted here');
  });

  it('T5: --deny-iam-certificates makes any IAM server certificate an error, valid or not', async () => {
    const findings = await findingsOf(planJson([resourceChange('aws_iam_server_certificate', 'fine', { certificate_body: await pemEnding(300) })]), {
      ...gate,
      denyIamCertificates: true,
    });
    expect(findings.map((f) => [f.rule.id, f.level])).toEqual([['IAMCERT006', 'error']]);
  });

  it('T6: says a body that is not a certificate is invalid', async () => {
    const findings = await findingsOf(planJson([resourceChange('aws_iam_server_certificate', 'bad', { certificate_body: '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----' })]));
    expect(findings.map((f) => f.rule.id)).toEqual(['IAMCERT004']);
  });

  it('T7: flags a listener whose certificate is created in the same plan, through the configuration\'s references', async () => {
    const plan = JSON.parse(
      planJson([
        resourceChange('aws_iam_server_certificate', 'new', { certificate_body: await pemEnding(300) }),
        resourceChange('aws_lb_listener', 'https', { port: 443 }, { afterUnknown: { certificate_arn: true } }),
      ]),
    ) as Record<string, unknown>;
    plan['configuration'] = {
      root_module: { resources: [{ address: 'aws_lb_listener.https', expressions: { certificate_arn: { references: ['aws_iam_server_certificate.new.arn', 'aws_iam_server_certificate.new'] } } }] },
    };
    const findings = await findingsOf(JSON.stringify(plan, null, 2));
    expect(findings.map((f) => [f.resource, f.rule.id])).toEqual([['aws_lb_listener.https', 'IAMCERT005']]);
  });
});
