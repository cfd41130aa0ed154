import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiles } from '../../../src/cli/check-iac/check-files';
import { parseIacDocument } from '../../../src/cli/check-iac/iac-document';
import { MAX_YAML_BYTES, MAX_YAML_NESTING } from '../../../src/cli/check-iac/iac-limits';
import { IacParseError } from '../../../src/cli/check-iac/read-iac-file';
import { checkFile, directoryWith, gate, pemEnding, yamlAliasBomb, yamlBlock } from './fixtures';
import { writeLargePlan } from './large-plan';

function parseError(file: string, text: string): IacParseError {
  try {
    parseIacDocument(file, text);
  } catch (error) {
    if (error instanceof IacParseError) return error;
    throw error;
  }
  throw new Error(`${file} parsed`);
}

/** The offset of a 1-based line and column in `text`. */
function offsetOf(text: string, position: { line: number; column: number }): number {
  const lines = text.split('\n');
  return lines.slice(0, position.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + position.column - 1;
}

describe('check-iac document parsing', () => {
  it.each([
    ['on one line, as terraform show -json prints it', false],
    ['indented', true],
  ])('D1: reads a plan of a few MB %s on the JSON fast path, with no YAML node tree, and points at the certificate body', async (_, pretty) => {
    const directory = directoryWith({});
    const file = join(directory, 'plan.json');
    const plan = writeLargePlan(file, 3_000_000, await pemEnding(5), pretty);
    const text = readFileSync(file, 'utf8');
    expect(plan.bytes).toBeGreaterThan(2_500_000);

    // The module object itself (an `import * as` namespace would be a copy the code under test never calls).
    const parseDocument = jest.spyOn(require('yaml') as typeof import('yaml'), 'parseDocument');
    const result = await checkFiles([file], gate, new Set([file]));
    expect(parseDocument).not.toHaveBeenCalled();
    expect(parseIacDocument(file, text).syntax).toBe('json');
    // The spy does see the YAML parser when it runs.
    parseIacDocument('t.yaml', 'Resources: {}');
    expect(parseDocument).toHaveBeenCalledTimes(1);

    expect(result.findings.map((f) => [f.resource, f.rule.id])).toEqual([[plan.certificateAddress, 'IAMCERT002']]);
    // The position is the certificate_body value of that resource, not just any line.
    const offset = offsetOf(text, result.findings[0]?.position ?? { line: 0, column: 0 });
    expect(text.slice(offset, offset + 30)).toBe('"-----BEGIN CERTIFICATE-----\\n');
    expect(text.lastIndexOf('"address":', offset)).toBe(text.indexOf(`"address":${pretty ? ' ' : ''}"${plan.certificateAddress}"`));
  });

  it('D2: gives positions of keys with escapes, duplicate keys (the last wins, as in JSON.parse) and array items, and names the duplicate', () => {
    const text = '{\n  "a\\u0062": {"x": 1, "x": [10,\n    {"deep": "here"}]}\n}';
    const document = parseIacDocument('d.json', text);
    expect(document.root).toEqual({ ab: { x: [10, { deep: 'here' }] } });
    expect(document.position(['ab', 'x', 1, 'deep'])).toEqual({ line: 3, column: 14 });
    expect(document.position(['ab', 'x', 0])).toEqual({ line: 2, column: 29 });
    // A path that goes past what exists stops at the deepest value on it.
    expect(document.position(['ab', 'missing', 'more'])).toEqual({ line: 2, column: 14 });
    expect(document.duplicateKeys()).toEqual({ named: [{ key: 'x', path: ['ab'], first: { line: 2, column: 15 }, second: { line: 2, column: 23 } }], count: 1, shadowed: [{ path: ['ab'], key: 'x', position: { line: 2, column: 15 }, value: 1 }], unjudged: 0 });
  });

  it.each([
    ['{"Resources": {"A": 1,}}', 1, 22, "a comma before '}' is not allowed in JSON (a trailing comma)"],
    ['{"Resources": [1, 2,', 1, 21, "the file ends inside the array that opens at line 1, column 15: a ']' is missing"],
    ['{"a": [1,]}', 1, 9, "a comma before ']' is not allowed in JSON (a trailing comma)"],
    ['{"a": "\\x"}', 1, 8, '\\x is not a JSON escape'],
    ['{"a": "\\u12"}', 1, 8, 'a \\u escape needs four hexadecimal digits'],
    ['{"a" 1}', 1, 6, "expected ':' after the property name, found '1'"],
    ['{"a": 1.}', 1, 7, 'not a JSON number'],
    ['{\n  // a comment\n  "a": 1\n}', 2, 3, 'comments are not allowed in JSON'],
    ["{'a': 1}", 1, 2, 'single quotes are not allowed in JSON: property names need double quotes'],
    ['{"a": 1\n"b": 2}', 2, 1, "expected ',' or '}' after a property value in the object that opens at line 1, column 1, found '\"'"],
    ['{"a": [1, 2\n', 2, 1, "the file ends inside the array that opens at line 1, column 7: a ']' is missing"],
    ['{"a": "line\nbreak"}', 1, 12, 'a line break or other control character inside a string must be escaped'],
    ['{"a": True}', 1, 7, 'True is not a JSON value'],
    ['{"a": 01}', 1, 7, 'not a JSON number'],
    ['{"a": 1} {"b": 2}', 1, 10, "unexpected '{' after the end of the JSON value"],
  ])('D3: says where and why a file that starts like JSON is not JSON, in plain words, whether or not it reads as YAML: %j', async (text, line, column, message) => {
    const result = await checkFile('t.json', text);
    expect(result.problems).toEqual([expect.objectContaining({ position: { line, column }, message: expect.stringContaining(`not valid JSON: ${message}`) })]);
  });

  it('D3b: says a file with nothing in it is empty', () => {
    expect([parseError('t.json', ' \n').message, parseError('t.yaml', '').position]).toEqual(['the file is empty', { line: 1, column: 1 }]);
  });

  it('D4: says a file of several YAML documents is not one template, at the second', () => {
    const error = parseError('two.yaml', 'Resources:\n  A: { Type: AWS::S3::Bucket }\n---\nResources:\n  B: { Type: AWS::S3::Bucket }\n');
    expect(error.message).toBe('several YAML documents in one file (the second starts here): a CloudFormation template is one document');
    expect(error.position?.line).toBe(3);
  });

  it('D5: reads JSON in a file not named .json on the fast path, and YAML in flow style that is not JSON as YAML', () => {
    expect(parseIacDocument('stack.template', '{"Resources": {}}').syntax).toBe('json');
    const flow = parseIacDocument('flow.yaml', '{Resources: {A: {Type: !Ref T}}}');
    expect([flow.syntax, flow.root]).toEqual(['yaml', { Resources: { A: { Type: { Ref: 'T' } } } }]);
  });

  it('D6: refuses YAML larger than MAX_YAML_BYTES before parsing it, as too big (a problem even when found in a directory)', () => {
    const error = parseError('huge.yaml', `Resources:\n${'  # padding\n'.repeat(Math.ceil(MAX_YAML_BYTES / 12) + 1)}`);
    expect([error.failClosed, error.message]).toEqual([true, expect.stringContaining('MAX_YAML_BYTES')]);
  });

  it('D7: refuses a YAML alias loop and an alias bomb instead of expanding them', () => {
    expect(parseError('loop.yaml', 'a: &x [1, *x]\n').message).toContain('refers to a collection that contains it');
    expect(parseError('bomb.yaml', yamlAliasBomb()).message).toContain('MAX_YAML_VALUES');
  });

  it('D8: fails closed at its own YAML limits (alias expansion, nesting, the stack), not at a broken file', () => {
    const bomb = parseError('bomb.yaml', yamlAliasBomb());
    // Each alias of a chain nests its anchor's value one level deeper, though the file is only two deep.
    const chain = ['c0: &c0 [end]', ...Array.from({ length: MAX_YAML_NESTING }, (_, index) => `c${index + 1}: &c${index + 1} [*c${index}]`)].join('\n');
    const expanded = parseError('chain.yaml', `${chain}\n`);
    // Nested in the file itself: read before the YAML library's composer, which recurses, ever sees it.
    const flow = (levels: number) => `a: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
    expect(parseIacDocument('deepest.yaml', flow(MAX_YAML_NESTING - 1)).syntax).toBe('yaml');
    const nested = parseError('nested.yaml', flow(MAX_YAML_NESTING));
    const block = parseError('block.yaml', `${Array.from({ length: MAX_YAML_NESTING + 1 }, (_, level) => `${' '.repeat(level)}k:`).join('\n')} 1\n`);
    const deep = parseError('deep.yaml', flow(50_000));
    // Out of stack all the same, thrown or reported by the library: refused, never skipped.
    const yaml = require('yaml') as typeof import('yaml');
    const real = yaml.parseDocument;
    const parseDocument = jest.spyOn(yaml, 'parseDocument').mockImplementationOnce(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    const thrown = parseError('thrown.yaml', 'Resources: {}\n');
    parseDocument.mockImplementationOnce((text: string, options?: Parameters<typeof real>[1]) => {
      const document = real(text, options);
      document.errors.unshift(new yaml.YAMLParseError([11, 12], 'RESOURCE_EXHAUSTION', 'Maximum call stack size exceeded'));
      return document;
    });
    const reported = parseError('reported.yaml', 'Resources: {}\n');
    parseDocument.mockRestore();
    const tooDeep = `the YAML is nested more than ${MAX_YAML_NESTING} levels deep (MAX_YAML_NESTING)`;
    expect([bomb, expanded, nested, block, deep, thrown, reported].map((error) => [error.failClosed, error.message, error.position])).toEqual([
      [true, expect.stringContaining('MAX_YAML_VALUES'), expect.anything()],
      [true, tooDeep, expect.anything()],
      // The root mapping and 255 brackets are 256 levels: the 256th bracket, after `a: `, is the first one too deep.
      [true, tooDeep, { line: 1, column: 3 + MAX_YAML_NESTING }],
      [true, tooDeep, { line: MAX_YAML_NESTING + 1, column: MAX_YAML_NESTING + 1 }],
      [true, tooDeep, { line: 1, column: 3 + MAX_YAML_NESTING }],
      [true, 'the YAML is nested too deeply to read', undefined],
      [true, 'the YAML is nested too deeply to read', { line: 1, column: 12 }],
    ]);
    // A broken or self-contradicting file is not a limit: a directory search skips it.
    const broken = ['Resources: [\n', 'a: &x [1, *x]\n', 'a: *nowhere\n', 'a: 1\n---\nb: 2\n'].map((text) => parseError('broken.yaml', text).failClosed);
    expect(broken).toEqual([false, false, false, false]);
  });

  it('D9: judges the format by the content, not the extension: YAML in a .json file is a template (CloudFormation reads it so)', async () => {
    const template = ['Resources:', '  Cert:', '    Type: AWS::IAM::ServerCertificate', '    Properties:', `      CertificateBody: ${yamlBlock(await pemEnding(-1), 8)}`].join('\n');
    const found = await checkFile('stack.template.json', template, gate, false);
    expect([found.problems, found.notices, found.findings.map((f) => [f.rule.id, f.position.line])]).toEqual([[], [], [['IAMCERT001', 5]]]);
    // JSON in a .yaml file takes the JSON fast path.
    expect(parseIacDocument('stack.yaml', '{"Resources": {}}').syntax).toBe('json');
  });

  it('D10: expands YAML merge keys (<<: *base, <<: [*a, *b]) as aws cloudformation package and SAM do: own keys win, then earlier mappings', async () => {
    const expired = yamlBlock(await pemEnding(-4), 6);
    const template = [
      'Base: &base',
      '  Type: AWS::IAM::ServerCertificate',
      '  Properties: &props',
      `    CertificateBody: ${expired}`,
      'Other: &other',
      '  Type: AWS::S3::Bucket',
      '  Metadata: { from: other }',
      'Resources:',
      '  Merged:',
      '    <<: *base',
      '  ListMerged:',
      '    <<: [*base, *other]',
      '    Metadata: { own: true }',
      '  Overridden:',
      '    <<: *other',
      '    Type: AWS::IAM::ServerCertificate',
      '    Properties:',
      '      <<: *props',
      '  Quoted:',
      '    "<<": *base',
      '    Type: AWS::S3::Bucket',
    ].join('\n');
    const document = parseIacDocument('merge.yaml', template);
    expect(document.root).toMatchObject({
      Resources: {
        Merged: { Type: 'AWS::IAM::ServerCertificate' },
        ListMerged: { Type: 'AWS::IAM::ServerCertificate', Metadata: { own: true } },
        Overridden: { Type: 'AWS::IAM::ServerCertificate', Metadata: { from: 'other' } },
        Quoted: { Type: 'AWS::S3::Bucket', '<<': { Type: 'AWS::IAM::ServerCertificate' } },
      },
    });
    const result = await checkFile('merge.yaml', template);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.position.line])).toEqual([
      ['Merged', 'IAMCERT001', 4],
      ['ListMerged', 'IAMCERT001', 4],
      ['Overridden', 'IAMCERT001', 4],
    ]);
    expect(parseError('bad-merge.yaml', 'a:\n  <<: [1, 2]\n').message).toBe('the merge key << takes a mapping, or a list of mappings, to merge');
  });

  it('D11: warns of a key set twice in one object or mapping, naming both places, in JSON and in YAML', async () => {
    const pem = await pemEnding(200);
    const json = JSON.stringify({ Resources: { Cert: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: pem } } } }, null, 2).replace('"Properties"', `"Properties": {"CertificateBody": "x"},\n      "Properties"`);
    const jsonResult = await checkFile('dup.json', json);
    // The hidden first Properties is checked too: its body "x" is no certificate, found at the first key.
    const [hiddenBody, jsonDuplicate] = jsonResult.findings;
    expect(jsonResult.findings).toHaveLength(2);
    expect(hiddenBody).toMatchObject({ rule: { id: 'IAMCERT004' }, level: 'error', resource: 'Cert', position: { line: 5, column: 7 } });
    expect(jsonDuplicate).toMatchObject({ rule: { id: 'IAMCERT008' }, level: 'warning', resource: 'Resources.Cert', position: { line: 6, column: 7 } });
    expect(jsonDuplicate?.message).toBe(`the key "Properties" appears twice in Resources.Cert: at ${jsonDuplicate?.file}:5:7 and at ${jsonDuplicate?.file}:6:7; JSON.parse and most YAML readers take the second, another reader may take the first, so the gate checked each`);
    const yaml = await checkFile('dup.yaml', 'Resources:\n  A: { Type: AWS::S3::Bucket }\n  A: { Type: AWS::SNS::Topic }\n');
    expect(yaml.findings.map((f) => [f.rule.id, f.resource, f.message.replaceAll(yaml.findings[0]?.file ?? '', 'F')])).toEqual([
      ['IAMCERT008', 'Resources', 'the key "A" appears twice in Resources: at F:2:3 and at F:3:3; JSON.parse and most YAML readers take the second, another reader may take the first, so the gate checked each'],
    ]);
    // Many duplicates: the first ones named, the rest counted.
    const many = await checkFile('many.json', `{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}, ${Array.from({ length: 25 }, () => '"k": 1').join(', ')}}`);
    expect(many.findings.map((f) => f.message).slice(-1)).toEqual(['4 more duplicate keys not listed one by one']);
    expect(many.findings).toHaveLength(21);
  });
  it('D12: judges both values of a repeated key, so a duplicate that hides an expired body fails the gate, in JSON and YAML, at the hidden value', async () => {
    const expired = await pemEnding(-3);
    const valid = await pemEnding(200);
    const body = (pem: string): string => JSON.stringify(pem);
    // JSON.parse keeps the valid body; the expired one, first, is what another reader would take.
    const json = `{\n  "Resources": {\n    "Cert": {\n      "Type": "AWS::IAM::ServerCertificate",\n      "Properties": {\n        "CertificateBody": ${body(expired)},\n        "CertificateBody": ${body(valid)}\n      }\n    }\n  }\n}\n`;
    const jsonResult = await checkFile('hidden.json', json);
    expect(jsonResult.findings.map((f) => [f.rule.id, f.level, f.resource, f.position.line])).toEqual([
      ['IAMCERT001', 'error', 'Cert', 6],
      ['IAMCERT008', 'warning', 'Resources.Cert.Properties', 7],
    ]);
    // The other order: the kept value is the expired one, and the finding is reported once.
    const swapped = await checkFile('kept.json', json.replace(body(expired), 'FIRST').replace(body(valid), body(expired)).replace('FIRST', body(valid)));
    expect(swapped.findings.map((f) => [f.rule.id, f.position.line])).toEqual([
      ['IAMCERT001', 7],
      ['IAMCERT008', 7],
    ]);

    // YAML: a whole resource repeated, the hidden one an expired certificate; a repeated key with the same value adds no finding.
    const indent = (pem: string): string => pem.trim().split('\n').map((line) => `        ${line}`).join('\n');
    const yaml = `Resources:\n  Cert:\n    Type: AWS::IAM::ServerCertificate\n    Properties:\n      CertificateBody: |\n${indent(expired)}\n  Cert:\n    Type: AWS::S3::Bucket\n    Type: AWS::S3::Bucket\n`;
    const yamlResult = await checkFile('hidden.yaml', yaml);
    expect(yamlResult.findings.map((f) => [f.rule.id, f.level, f.resource, f.position.line])).toEqual([
      ['IAMCERT001', 'error', 'Cert', 2],
      ['IAMCERT008', 'warning', 'Resources', expect.any(Number)],
      ['IAMCERT008', 'warning', 'Resources.Cert', expect.any(Number)],
    ]);

    // A template body in a string (a stack set's TemplateBody) is read the same way.
    const stackSet = JSON.stringify({ Resources: { Set: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: json } } } }, null, 2);
    const embedded = await checkFile('stackset.json', stackSet);
    expect(embedded.findings.map((f) => [f.rule.id, f.level, f.resource])).toEqual([
      ['IAMCERT008', 'warning', 'Resources.Cert.Properties'],
      ['IAMCERT001', 'error', 'Set/Cert'],
    ]);
  });

  it('D13: fails closed where a hidden value is not checked: in an included snippet, and beyond MAX_SHADOWED_VALUES', async () => {
    const directory = directoryWith({
      'snippet.json': '{"Cert": {"Type": "AWS::IAM::ServerCertificate", "Properties": {"CertificateBody": "a"}}, "Cert": {"Type": "AWS::S3::Bucket"}}',
      'main.yaml': 'Resources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: snippet.json\n',
    });
    const included = await checkFiles([join(directory, 'main.yaml')], gate, new Set());
    expect(included.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^the snippet .*snippet\.json sets a key twice with different values .*: the gate checks both values of a repeated key in a template, not in an included snippet/)]);

    const many = await checkFile('many.json', `{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}, ${Array.from({ length: 103 }, (_, index) => `"k": ${index}`).join(', ')}}`);
    expect(many.problems.map((p) => p.message)).toEqual(['2 more values hidden by repeated keys than the gate checks (MAX_SHADOWED_VALUES, 100) were not checked; remove the repeated keys']);
  });
});
