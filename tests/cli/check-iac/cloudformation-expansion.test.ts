import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiles } from '../../../src/cli/check-iac/check-files';
import { directoryWith, gate, pemEnding, yamlBlock } from './fixtures';

/** The 1-based line of the first line of `text` that contains `part`. */
function lineOf(text: string, part: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(part));
  if (index === -1) throw new Error(`no line with ${part}`);
  return index + 1;
}

/** Checks `main` of a directory of files, as named on the command line. */
async function checkMain(files: Record<string, string>, main: string, options = gate) {
  const directory = directoryWith(files);
  const file = join(directory, main);
  return { directory, result: await checkFiles([file], options, new Set([file])) };
}

describe('check-iac expands what CloudFormation expands before it deploys', () => {
  it('E1: expands Fn::ForEach over a list: ${Id} and &{Id} in the logical id, Ref to the identifier in the fragment, nested loops', async () => {
    const expired = yamlBlock(await pemEnding(-3), 12);
    const template = [
      'Transform: AWS::LanguageExtensions',
      'Resources:',
      '  Fn::ForEach::Sites:',
      '    - Site',
      '    - [www.example.com, api]',
      '    - Cert&{Site}:',
      '        Type: AWS::IAM::ServerCertificate',
      '        Properties:',
      '          ServerCertificateName: !Ref Site',
      `          CertificateBody: ${expired}`,
      '      Fn::ForEach::Regions:',
      '        - Region',
      '        - [eu, us]',
      '        - Listener${Site}${Region}:',
      '            Type: AWS::ElasticLoadBalancingV2::Listener',
      '            Properties:',
      '              Certificates: [{ CertificateArn: !Sub "arn:aws:iam::123456789012:server-certificate/${Site}-${Region}" }]',
    ].join('\n');
    const { result } = await checkMain({ 'loops.yaml': template }, 'loops.yaml');
    expect(result.problems).toEqual([]);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.position.line])).toEqual([
      ['Certwwwexamplecom', 'IAMCERT001', lineOf(template, 'CertificateBody:')],
      ['Listenerwww.example.comeu', 'IAMCERT005', lineOf(template, 'CertificateArn')],
      ['Listenerwww.example.comus', 'IAMCERT005', lineOf(template, 'CertificateArn')],
      ['Certapi', 'IAMCERT001', lineOf(template, 'CertificateBody:')],
      ['Listenerapieu', 'IAMCERT005', lineOf(template, 'CertificateArn')],
      ['Listenerapius', 'IAMCERT005', lineOf(template, 'CertificateArn')],
    ]);
    expect(result.findings[1]?.message).toContain('server-certificate/www.example.com-eu');
  });

  it('E2: a collection known only at deployment (Ref to a parameter) never passes a body that depends on its item, and still judges one that does not', async () => {
    const expired = yamlBlock(await pemEnding(-3), 12);
    const template = [
      'Parameters:',
      '  Names: { Type: CommaDelimitedList, Default: "a,b" }',
      'Resources:',
      '  Fn::ForEach::Literal:',
      '    - Name',
      '    - !Ref Names',
      '    - Old${Name}:',
      '        Type: AWS::IAM::ServerCertificate',
      `        Properties: { CertificateBody: ${JSON.stringify(await pemEnding(-3))} }`,
      '  Fn::ForEach::FromItem:',
      '    - Name',
      '    - !Ref Names',
      '    - ByItem${Name}:',
      '        Type: AWS::IAM::ServerCertificate',
      '        Properties:',
      '          CertificateBody: !Ref Name',
      '  Fn::ForEach::MixedList:',
      '    - Name',
      '    - [fixed, !Ref AWS::Region]',
      '    - Mixed${Name}:',
      '        Type: AWS::IAM::ServerCertificate',
      '        Properties:',
      `          CertificateBody: ${expired}`,
    ].join('\n');
    const { result } = await checkMain({ 'unknown.yaml': template }, 'unknown.yaml');
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['Old${Name}', 'IAMCERT001', 'error'],
      ['ByItem${Name}', 'IAMCERT003', 'error'],
      ['Mixedfixed', 'IAMCERT001', 'error'],
      ['Mixed${Name}', 'IAMCERT001', 'error'],
    ]);
    expect(result.findings[1]?.message).toContain('set by an item of the Fn::ForEach::FromItem collection, which is Ref Names, a parameter given at deployment');
  });

  it("E3: reads this project's own templates/central-invoke-permission.yml as a template (its only resources are in a loop), with nothing to report", async () => {
    const directory = directoryWith({});
    const file = join(directory, 'central-invoke-permission.yml');
    copyFileSync(join(__dirname, '..', '..', '..', 'templates', 'central-invoke-permission.yml'), file);
    const result = await checkFiles([file], gate, new Set());
    expect([result.checked, result.notices, result.problems, result.findings]).toEqual([[file], [], [], []]);
  });

  it('E4: a malformed loop is a problem, not a pass', async () => {
    const { result } = await checkMain({ 't.yaml': 'Resources:\n  Fn::ForEach::Bad: [Id, [a]]\n' }, 't.yaml');
    expect(result.problems).toEqual([expect.objectContaining({ position: { line: 2, column: 21 }, message: expect.stringContaining('Fn::ForEach::Bad is not [Identifier, Collection, {OutputKey: OutputValue}]') })]);
  });

  it('E5: inserts AWS::Include snippets from local files (in a section, in properties, at the top level), pointing at the snippet; a remote one is named as not checked', async () => {
    const snippet = ['IncludedCert:', '  Type: AWS::IAM::ServerCertificate', '  Properties:', `    CertificateBody: ${yamlBlock(await pemEnding(-2), 6)}`].join('\n');
    const properties = `CertificateBody: ${yamlBlock(await pemEnding(5), 2)}`;
    const top = ['Resources:', '  TopCert:', '    Type: AWS::IAM::ServerCertificate', '    Properties:', `      CertificateBody: ${yamlBlock(await pemEnding(-9), 8)}`].join('\n');
    const main = [
      'Transform:',
      '  - Name: AWS::Include',
      '    Parameters: { Location: snippets/top.yaml }',
      'Resources:',
      '  Fn::Transform:',
      '    Name: AWS::Include',
      '    Parameters: { Location: snippets/resources.yaml }',
      '  PropsCert:',
      '    Type: AWS::IAM::ServerCertificate',
      '    Properties:',
      '      Fn::Transform: { Name: AWS::Include, Parameters: { Location: ./snippets/properties.yaml } }',
      '  Remote:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      Fn::Transform: { Name: AWS::Include, Parameters: { Location: "s3://bucket/snippet.yaml" } }',
    ].join('\n');
    const { directory, result } = await checkMain({ 'main.yaml': main, 'snippets/resources.yaml': snippet, 'snippets/properties.yaml': properties, 'snippets/top.yaml': top }, 'main.yaml');
    expect(result.problems).toEqual([]);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.level, f.file.slice(directory.length + 1), f.position.line])).toEqual([
      ['AWS::Include', 'IAMCERT007', 'error', 'main.yaml', 15],
      ['TopCert', 'IAMCERT001', 'error', 'snippets/top.yaml', 5],
      ['IncludedCert', 'IAMCERT001', 'error', 'snippets/resources.yaml', 4],
      ['PropsCert', 'IAMCERT002', 'error', 'snippets/properties.yaml', 1],
    ]);
    expect(result.checked.map((f) => f.slice(directory.length + 1)).sort()).toEqual(['main.yaml', 'snippets/properties.yaml', 'snippets/resources.yaml', 'snippets/top.yaml']);
    const allowed = await checkMain({ 'main.yaml': main, 'snippets/resources.yaml': snippet, 'snippets/properties.yaml': properties, 'snippets/top.yaml': top }, 'main.yaml', { ...gate, allowUnchecked: true });
    expect(allowed.result.findings.find((f) => f.rule.id === 'IAMCERT007')).toMatchObject({ level: 'warning', message: expect.stringContaining('s3://bucket/snippet.yaml was not checked') });
  });

  it('E6: follows nested stacks, serverless applications and stack set bodies: local files relative to the template, inline bodies; remote ones named', async () => {
    const cert = async (days: number, indent: number) =>
      ['Resources:', '  Cert:', '    Type: AWS::IAM::ServerCertificate', '    Properties:', `      CertificateBody: ${yamlBlock(await pemEnding(days), 8)}`]
        .join('\n')
        .trimEnd()
        .split('\n')
        .map((line) => `${' '.repeat(indent)}${line}`)
        .join('\n');
    const main = [
      'Resources:',
      '  Nested:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties: { TemplateURL: stacks/nested.yaml }',
      '  App:',
      '    Type: AWS::Serverless::Application',
      '    Properties: { Location: ./stacks/app.json }',
      '  Set:',
      '    Type: AWS::CloudFormation::StackSet',
      '    Properties:',
      '      StackSetName: s',
      '      TemplateBody: |',
      await cert(-1, 8),
      '  RemoteStack:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties: { TemplateURL: "https://s3.amazonaws.com/bucket/nested.yaml" }',
      '  RepoApp:',
      '    Type: AWS::Serverless::Application',
      '    Properties: { Location: { ApplicationId: "arn:aws:serverlessrepo:us-east-1:123456789012:applications/x", SemanticVersion: 1.0.0 } }',
      '  ParamStack:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties: { TemplateURL: !Ref Url }',
    ].join('\n');
    const nested = [await cert(-2, 0), '  Deeper:', '    Type: AWS::CloudFormation::Stack', '    Properties: { TemplateURL: deeper/deeper.yaml }'].join('\n');
    const app = JSON.stringify({ Resources: { Cert: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: await pemEnding(3) } } } }, null, 2);
    const { directory, result } = await checkMain({ 'main.yaml': main, 'stacks/nested.yaml': nested, 'stacks/app.json': app, 'stacks/deeper/deeper.yaml': await cert(-5, 0) }, 'main.yaml');
    expect(result.problems).toEqual([]);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.level, f.file.slice(directory.length + 1)])).toEqual([
      ['Nested/Cert', 'IAMCERT001', 'error', 'stacks/nested.yaml'],
      ['Nested/Deeper/Cert', 'IAMCERT001', 'error', 'stacks/deeper/deeper.yaml'],
      ['App/Cert', 'IAMCERT002', 'error', 'stacks/app.json'],
      ['Set/Cert', 'IAMCERT001', 'error', 'main.yaml'],
      ['RemoteStack', 'IAMCERT007', 'error', 'main.yaml'],
      ['RepoApp', 'IAMCERT007', 'error', 'main.yaml'],
      ['ParamStack', 'IAMCERT007', 'error', 'main.yaml'],
    ]);
    expect(result.findings.find((f) => f.resource === 'Set/Cert')?.position.line).toBe(lineOf(main, 'TemplateBody: |'));
    expect(result.findings.find((f) => f.resource === 'RemoteStack')?.message).toBe(
      'RemoteStack: the template https://s3.amazonaws.com/bucket/nested.yaml was not checked (a remote template: only CloudFormation reads it); check it with the gate where it is built (--allow-unchecked reports it as a warning)',
    );
  });

  it('E7: a loop of nested templates, a nested template that is missing, and an inline body that is not a template are problems', async () => {
    const stack = (url: string) => `Resources:\n  Next:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ${url} }\n`;
    const loop = await checkMain({ 'a.yaml': stack('b.yaml'), 'b.yaml': stack('./a.yaml') }, 'a.yaml');
    expect(loop.result.problems).toEqual([expect.objectContaining({ file: join(loop.directory, 'b.yaml'), position: { line: 4, column: 32 }, message: expect.stringContaining('the template ./a.yaml') })]);
    expect(loop.result.problems[0]?.message).toContain('the templates loop');
    const missing = await checkMain({ 'a.yaml': stack('gone.yaml') }, 'a.yaml');
    expect(missing.result.problems).toEqual([expect.objectContaining({ message: `the template gone.yaml (${join(missing.directory, 'gone.yaml')}) cannot be read: no such file` })]);
    const inline = await checkMain({ 'a.yaml': 'Resources:\n  Set:\n    Type: AWS::CloudFormation::StackSet\n    Properties: { TemplateBody: "not: [a template" }\n' }, 'a.yaml');
    expect(inline.result.problems).toEqual([expect.objectContaining({ position: { line: 4, column: 33 }, message: expect.stringContaining('the TemplateBody of Set is not a template the gate can read') })]);
  });

  it.each([
    ['{{resolve:ssm:/certs/www}}', 'ssm'],
    ['{{resolve:ssm-secure:/certs/www:3}}', 'ssm-secure'],
    ['{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:cert:SecretString:body}}', 'secretsmanager'],
  ])('E8: a dynamic reference body (%s) is unknown, not an invalid PEM', async (body, service) => {
    const { result } = await checkMain({ 't.json': JSON.stringify({ Resources: { Cert: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: body } } } }) }, 't.json');
    expect(result.findings.map((f) => [f.rule.id, f.message])).toEqual([['IAMCERT003', `Cert: the certificate body is not known before deployment (set by a dynamic reference, {{resolve:${service}:…}}, resolved at deployment), so its expiry cannot be checked`]]);
  });

  it('E9: checks a nested stack\'s inline TemplateBody as a stack set\'s, and names a Service Catalog product as a template it cannot see', async () => {
    const template = [
      'Resources:',
      '  Inline:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      `      TemplateBody: ${JSON.stringify(JSON.stringify({ Resources: { Cert: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: await pemEnding(-2) } } } }))}`,
      '  Product:',
      '    Type: AWS::ServiceCatalog::CloudFormationProvisionedProduct',
      '    Properties: { ProductName: web, ProvisioningArtifactName: v1 }',
    ].join('\n');
    const { result } = await checkMain({ 'main.yaml': template }, 'main.yaml');
    expect(result.problems).toEqual([]);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.level, f.position.line])).toEqual([
      ['Inline/Cert', 'IAMCERT001', 'error', lineOf(template, 'TemplateBody:')],
      ['Product', 'IAMCERT007', 'error', lineOf(template, 'Properties: { ProductName')],
    ]);
    expect(result.findings[1]?.message).toContain('the template of the AWS Service Catalog product web was not checked (a provisioned product: only Service Catalog reads its template)');
  });

  it('E10: names a custom macro (Transform, Fn::Transform, the JSON short form) as a template it did not check, an error unless --allow-unchecked; the transforms it expands or knows (AWS::Include, AWS::LanguageExtensions, SAM) are not', async () => {
    const files = {
      'top.json': JSON.stringify({ Transform: 'MyCertMacro', Resources: {} }, null, 2),
      'listed.yaml': 'Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31, Upper]\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n',
      'within.yaml': [
        'Resources:',
        '  Fn::Transform:',
        '    Name: MyCertMacro',
        '    Parameters: { Count: 2 }',
        '  Cert:',
        '    Type: AWS::IAM::ServerCertificate',
        '    Properties:',
        '      CertificateBody: x',
        '      Fn::Transform: { Name: !Sub "${AWS::Region}Macro" }',
      ].join('\n'),
      'short.json': JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { Transform: { Name: 'Shorty', Parameters: {} } } } } }, null, 2),
      'known.yaml': 'Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]\nResources:\n  Fn::Transform: { Name: AWS::Include, Parameters: { Location: snippet.yaml } }\n',
      'snippet.yaml': 'Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    Fn::Transform: { Name: InSnippet }\n',
    };
    const check = async (name: string, options = gate) => (await checkMain(files, name, options)).result;
    const top = await check('top.json');
    expect([top.checked.length, top.problems]).toEqual([1, []]);
    expect(top.findings.map((f) => [f.resource, f.rule.id, f.level, f.position.line])).toEqual([['MyCertMacro', 'IAMCERT007', 'error', 2]]);
    expect(top.findings[0]?.message).toBe(
      'MyCertMacro: the macro MyCertMacro (Transform) processes this template when CloudFormation deploys it, and may add or change any resource, so the template the gate checked is not the one deployed; check the processed template (of a change set, or of the stack: aws cloudformation get-template --stack-name STACK [--change-set-name SET] --template-stage Processed --query TemplateBody --output json > processed.json) with the gate (--allow-unchecked reports it as a warning)',
    );
    expect((await check('listed.yaml')).findings.map((f) => [f.resource, f.message.match(/\(([^)]*)\) processes/)?.[1]])).toEqual([['Upper', 'Transform.2']]);
    const within = await check('within.yaml', { ...gate, allowUnchecked: true });
    expect(within.findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['MyCertMacro', 'IAMCERT007', 'warning'],
      ['Transform', 'IAMCERT007', 'warning'],
      ['Cert', 'IAMCERT004', 'error'],
    ]);
    expect(within.findings[1]?.message).toContain('a macro whose name is not a string (Resources.Cert.Properties.Fn::Transform)');
    expect((await check('short.json')).findings.map((f) => [f.resource, f.rule.id])).toEqual([['Shorty', 'IAMCERT007']]);
    // AWS::Include is expanded, SAM and the language extensions need no finding; a macro in the snippet is named.
    expect((await check('known.yaml')).findings.map((f) => [f.resource, f.file.endsWith('snippet.yaml')])).toEqual([['InSnippet', true]]);
  });

  it('E11: names a CloudFormation module (Org::Service::UseCase::MODULE, also in a local nested stack) as a template it did not check, an error unless --allow-unchecked; a custom resource is no finding (a documented limitation)', async () => {
    const files = {
      'main.yaml': [
        'Resources:',
        '  Cert:',
        '    Type: MyOrg::Tls::ServerCertificate::MODULE',
        '    Properties:',
        '      Body: junk',
        '  Upload:',
        '    Type: Custom::UploadIamCert',
        '    Properties:',
        '      ServiceToken: arn:aws:lambda:us-east-1:111122223333:function:upload',
        '      CertificateBody: junk',
        '  Generic:',
        '    Type: AWS::CloudFormation::CustomResource',
        '    Properties: { ServiceToken: arn:aws:lambda:us-east-1:111122223333:function:upload }',
        '  Child:',
        '    Type: AWS::CloudFormation::Stack',
        '    Properties: { TemplateURL: ./child.yaml }',
      ].join('\n'),
      'child.yaml': 'Resources:\n  Net:\n    Type: MyOrg::Network::Vpc::MODULE\n',
    };
    const { directory, result } = await checkMain(files, 'main.yaml');
    expect(result.problems).toEqual([]);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.level, f.file.slice(directory.length + 1), f.position.line])).toEqual([
      ['Cert', 'IAMCERT007', 'error', 'main.yaml', 3],
      ['Child/Net', 'IAMCERT007', 'error', 'child.yaml', 3],
    ]);
    expect(result.findings[0]?.message).toBe(
      'Cert: the template of the module MyOrg::Tls::ServerCertificate::MODULE was not checked (a CloudFormation module: CloudFormation expands it from the registry at deployment); check the processed template (of a change set, or of the stack: aws cloudformation get-template --stack-name STACK [--change-set-name SET] --template-stage Processed --query TemplateBody --output json > processed.json) with the gate (--allow-unchecked reports it as a warning)',
    );
    const allowed = await checkMain(files, 'main.yaml', { ...gate, allowUnchecked: true });
    expect(allowed.result.findings.map((f) => [f.resource, f.level])).toEqual([
      ['Cert', 'warning'],
      ['Child/Net', 'warning'],
    ]);
  });
});
