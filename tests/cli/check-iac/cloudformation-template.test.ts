import { checkFile, pemEnding, yamlBlock } from './fixtures';

/** The 1-based line of the first line of `template` that contains `text`. */
function lineOf(template: string, text: string): number {
  const index = template.split('\n').findIndex((line) => line.includes(text));
  if (index === -1) throw new Error(`the template has no line with ${text}`);
  return index + 1;
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
    const result = await checkFile('template.yaml', template);
    expect(result.problems).toEqual([]);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.level, f.position.line])).toEqual([
      ['OldCert', 'IAMCERT001', 'error', lineOf(template, 'CertificateBody: |')],
      ['ParamCert', 'IAMCERT003', 'error', lineOf(template, 'CertificateBody: !Ref BodyParam')],
      ['Listener', 'IAMCERT005', 'warning', lineOf(template, '- CertificateArn: !Sub')],
      ['Classic', 'IAMCERT005', 'warning', lineOf(template, 'LoadBalancerPort: "443"')],
      ['Classic', 'IAMCERT005', 'warning', lineOf(template, 'LoadBalancerPort: "8443"')],
      ['Cdn', 'IAMCERT005', 'warning', lineOf(template, 'ViewerCertificate:')],
    ]);
  });

  it('C2: reads cdk synth JSON and passes a valid inline certificate and an ACM listener', async () => {
    const template = {
      Resources: {
        CertA1B2: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: await pemEnding(90), PrivateKey: 'x' } },
        ListenerC3: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Certificates: [{ CertificateArn: { Ref: 'AcmCert' } }] } },
      },
    };
    const result = await checkFile('Stack.template.json', JSON.stringify(template, null, 1));
    expect(result.findings).toEqual([]);
    expect(result.checked).toHaveLength(1);
  });

  it('C3: names the file and position of a template that does not parse', async () => {
    const result = await checkFile('broken.yaml', 'Resources:\n  A:\n    Type: [unclosed\n');
    expect(result.problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/broken\.yaml$/), position: expect.objectContaining({ line: expect.any(Number) }) })]);
  });

  it('C4: recognises Fn::Sub references to a certificate of the template: ${Cert}, ${Cert.Arn}, the two-element form, but not ${!Cert} or a shadowing variable', async () => {
    const template = [
      'Resources:',
      '  Cert:',
      '    Type: AWS::IAM::ServerCertificate',
      '    Properties:',
      `      CertificateBody: ${yamlBlock(await pemEnding(200), 8)}`,
      '  ShortSub:',
      '    Type: AWS::ElasticLoadBalancingV2::Listener',
      '    Properties:',
      "      Certificates: [{ CertificateArn: !Sub '${Cert.Arn}' }]",
      '  LongSub:',
      '    Type: AWS::ElasticLoadBalancingV2::ListenerCertificate',
      '    Properties:',
      '      Certificates:',
      '        - CertificateArn: { "Fn::Sub": "${Cert}" }',
      '  TwoElementSub:',
      '    Type: AWS::ElasticLoadBalancing::LoadBalancer',
      '    Properties:',
      '      Listeners:',
      '        - SSLCertificateId: !Sub ["${Arn}", { Arn: !GetAtt Cert.Arn }]',
      '  Escaped:',
      '    Type: AWS::ElasticLoadBalancingV2::Listener',
      '    Properties:',
      "      Certificates: [{ CertificateArn: !Sub '${!Cert.Arn}' }]",
      '  Shadowed:',
      '    Type: AWS::ElasticLoadBalancingV2::Listener',
      '    Properties:',
      '      Certificates: [{ CertificateArn: !Sub ["${Cert}", { Cert: !Ref AcmCertificateArn }] }]',
      '  Literal:',
      '    Type: AWS::ElasticLoadBalancingV2::Listener',
      '    Properties:',
      '      Certificates: [{ CertificateArn: Cert }]',
    ].join('\n');
    const result = await checkFile('template.yaml', template);
    expect(result.problems).toEqual([]);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.message.match(/\((.*)\) points at/)?.[1]])).toEqual([
      ['ShortSub', 'IAMCERT005', 'Fn::Sub ${Cert.Arn}'],
      ['LongSub', 'IAMCERT005', 'Fn::Sub ${Cert}'],
      ['TwoElementSub', 'IAMCERT005', 'Fn::GetAtt Cert.Arn'],
    ]);
    expect(result.findings.map((f) => f.position.line)).toEqual([lineOf(template, "'${Cert.Arn}'"), lineOf(template, '"Fn::Sub": "${Cert}"'), lineOf(template, '["${Arn}"')]);
  });

  it('C5: checks a certificate body given by a YAML alias as the anchored value, and names an alias with no anchor', async () => {
    const template = [
      'Resources:',
      '  First:',
      '    Type: AWS::IAM::ServerCertificate',
      '    Properties:',
      `      CertificateBody: &body ${yamlBlock(await pemEnding(-2), 8)}`,
      '  Second:',
      '    Type: AWS::IAM::ServerCertificate',
      '    Properties:',
      '      CertificateBody: *body',
    ].join('\n');
    const result = await checkFile('aliases.yaml', template);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.position.line])).toEqual([
      ['First', 'IAMCERT001', 5],
      ['Second', 'IAMCERT001', lineOf(template, '*body')],
    ]);
    const dangling = await checkFile('dangling.yaml', 'Resources:\n  C:\n    Type: AWS::IAM::ServerCertificate\n    Properties:\n      CertificateBody: *nowhere\n');
    expect(dangling.problems).toEqual([expect.objectContaining({ position: { line: 5, column: 24 }, message: expect.stringContaining('the alias *nowhere refers to no anchor &nowhere') })]);
  });

  it('C6: says what sets a body that is not a literal', async () => {
    const result = await checkFile('params.json', JSON.stringify({ Resources: { C: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: { Ref: 'Body' } } } } }));
    expect(result.findings[0]?.message).toContain('(set by Ref Body (a parameter or resource, known at deployment))');
  });
});

