import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiles } from '../../../src/cli/check-iac/check-files';
import { IacParseError, parseIacDocument } from '../../../src/cli/check-iac/iac-document';
import { MAX_YAML_BYTES } from '../../../src/cli/check-iac/iac-limits';
import { directoryWith, NOW, pemEnding } from './fixtures';
import { writeLargePlan } from './large-plan';

const gate = { now: NOW, days: 30, denyIamCertificates: false, allowUnknown: false };

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

  it('D2: gives positions of keys with escapes, duplicate keys (the last wins, as in JSON.parse) and array items', () => {
    const text = '{\n  "a\\u0062": {"x": 1, "x": [10,\n    {"deep": "here"}]}\n}';
    const document = parseIacDocument('d.json', text);
    expect(document.root).toEqual({ ab: { x: [10, { deep: 'here' }] } });
    expect(document.position(['ab', 'x', 1, 'deep'])).toEqual({ line: 3, column: 14 });
    expect(document.position(['ab', 'x', 0])).toEqual({ line: 2, column: 29 });
    // A path that goes past what exists stops at the deepest value on it.
    expect(document.position(['ab', 'missing', 'more'])).toEqual({ line: 2, column: 14 });
  });

  it.each([
    ['{"Resources": {"A": 1,}}', 1, 22, "a comma before '}' is not allowed in JSON (a trailing comma)"],
    ['{\n  // a comment\n  "a": 1\n}', 2, 3, 'comments are not allowed in JSON'],
    ["{'a': 1}", 1, 2, 'single quotes are not allowed in JSON: property names need double quotes'],
    ['{"a": 1\n"b": 2}', 2, 1, "expected ',' or '}' after a property value in the object that opens at line 1, column 1, found '\"'"],
    ['{"a": [1, 2\n', 2, 1, "the file ends inside the array that opens at line 1, column 7: a ']' is missing"],
    ['{"a": "line\nbreak"}', 1, 12, 'a line break or other control character inside a string must be escaped'],
    ['{"a": True}', 1, 7, 'True is not a JSON value'],
    ['{"a": 01}', 1, 7, 'not a JSON number'],
    ['{"a": 1} {"b": 2}', 1, 10, "unexpected '{' after the end of the JSON value"],
    ['', 1, 1, 'the file is empty'],
  ])('D3: says where and why a .json file is not JSON, in plain words: %j', (text, line, column, message) => {
    const error = parseError('t.json', text);
    expect(error.position).toEqual({ line, column });
    expect(error.message).toContain(`not valid JSON: ${message}`);
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
    expect([error.tooBig, error.message]).toEqual([true, expect.stringContaining('MAX_YAML_BYTES')]);
  });

  it('D7: refuses a YAML alias loop and an alias bomb instead of expanding them', () => {
    expect(parseError('loop.yaml', 'a: &x [1, *x]\n').message).toContain('refers to a collection that contains it');
    const levels = ['a: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 8; level += 1) levels.push(`a${level}: &a${level} [${Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ')}]`);
    expect(parseError('bomb.yaml', `${levels.join('\n')}\n`).message).toContain('MAX_YAML_VALUES');
  });
});
