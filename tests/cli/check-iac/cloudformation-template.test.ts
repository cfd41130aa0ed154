import { join } from 'node:path';
import { checkFiles } from '../../../src/cli/check-iac/check-files';
import { directoryWith, NOW, pemEnding, yamlBlock } from './fixtures';

const gate = { now: NOW, days: 30, denyIamCertificates: false, allowUnknown: false };

async function check(name: string, text: string) {
  const file = join(directoryWith({ [name]: text }), name);
  return checkFiles([file], gate, new Set([file]));
}

describe('check-iac on CloudFormation templates', () => {
  it('C1: reads YAML with short-form tags, checks an inline body, and points at its line', async () => {
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  BodyParam: { Type: String }',
      'Resources:',
      '  OldCert:',
      '    Type: AWS::IAM::ServerCertificate',
      '    Properties:',
      '      ServerCertificateName: !Sub "${AWS::StackName}-old"',
      `      CertificateBody: ${yamlBlock(await pemEnding(-5), 8)}`,
      '  ParamCert:',
      '    Type: AWS::IAM::ServerCertificate',
      '    Properties:',
      '      CertificateBody: !Ref BodyParam',
      '  Listener:',
      '    Type: AWS::ElasticLoadBalancingV2::Listener',
      '    Properties:',
      '      LoadBalancerArn: !Ref Lb',
      '      Certificates:',
      '        - CertificateArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:server-certificate/www"',
      '  Classic:',
      '    Type: AWS::ElasticLoadBalancing::LoadBalancer',
      '    Properties:',
      '      Listeners:',
      '        - { LoadBalancerPort: "443", Protocol: HTTPS, SSLCertificateId: !GetAtt OldCert.Arn }',
      '        - { LoadBalancerPort: "8443", Protocol: HTTPS, SSLCertificateId: "arn:aws:iam::123456789012:server-certificate/www" }',
      '  Cdn:',
      '    Type: AWS::CloudFront::Distribution',
      '    Properties:',
      '      DistributionConfig:',
      '        ViewerCertificate: { IamCertificateId: !GetAtt OldCert.CertificateId, SslSupportMethod: sni-only }',
    ].join('\n');
    const result = await check('template.yaml', template);
    expect(result.problems).toEqual([]);
    // 1-based line of the first template line containing `text`.
    const lineOf = (text: string): number => template.split('\n').findIndex((line) => line.includes(text)) + 1;
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.level, f.position.line])).toEqual([
      ['OldCert', 'IAMCERT001', 'error', lineOf('CertificateBody: |')],
      ['ParamCert', 'IAMCERT003', 'error', lineOf('CertificateBody: !Ref BodyParam')],
      ['Listener', 'IAMCERT005', 'warning', lineOf('- CertificateArn: !Sub')],
      ['Classic', 'IAMCERT005', 'warning', lineOf('LoadBalancerPort: "443"')],
      ['Classic', 'IAMCERT005', 'warning', lineOf('LoadBalancerPort: "8443"')],
      ['Cdn', 'IAMCERT005', 'warning', lineOf('ViewerCertificate:')],
    ]);
  });

  it('C2: reads cdk synth JSON and passes a valid inline certificate and an ACM listener', async () => {
    const template = {
      Resources: {
        CertA1B2: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: await pemEnding(90), PrivateKey: 'x' } },
        ListenerC3: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Certificates: [{ CertificateArn: { Ref: 'AcmCert' } }] } },
      },
    };
    const result = await check('Stack.template.json', JSON.stringify(template, null, 1));
    expect(result.findings).toEqual([]);
    expect(result.checked).toHaveLength(1);
  });

  it('C3: names the file and position of a template that does not parse', async () => {
    const result = await check('broken.yaml', 'Resources:\n  A:\n    Type: [unclosed\n');
    expect(result.problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/broken\.yaml$/), position: expect.objectContaining({ line: expect.any(Number) }) })]);
  });
});
