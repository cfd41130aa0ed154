import fc from 'fast-check';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { checkFiles } from '../../../src/cli/check-iac/check-files';
import { parseIacDocument } from '../../../src/cli/check-iac/iac-document';
import { findDuplicateKeys } from '../../../src/cli/check-iac/duplicate-keys';
import { JsonLocator } from '../../../src/cli/check-iac/json-locator';
import { LineIndex } from '../../../src/cli/check-iac/line-index';
import { findJsonSyntaxError } from '../../../src/cli/check-iac/json-syntax-error';
import { IacParseError } from '../../../src/cli/check-iac/read-iac-file';
import { directoryWith, NOW } from './fixtures';

const gate = { now: NOW, days: 30, denyIamCertificates: true, allowUnknown: false, allowUnchecked: false };

/** The offset of a 1-based line and column in `text`. */
function offsetOf(text: string, position: { line: number; column: number }): number {
  const lines = text.split('\n');
  return lines.slice(0, position.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + position.column - 1;
}

describe('check-iac parsing properties', () => {
  it('P1: any text either parses or fails with an IacParseError naming the file', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ':', '-', ' ', '\n', '!Ref ', '"', "'", 'a', '|', '&a', '*a', '#') })), (text) => {
        try {
          parseIacDocument('f.yaml', text);
        } catch (error) {
          expect(error).toBeInstanceOf(IacParseError);
          expect((error as IacParseError).file).toBe('f.yaml');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('P2: any JSON value, and any plan- or template-shaped JSON, is checked without crashing', async () => {
    const directory = directoryWith({});
    const file = join(directory, 'x.json');
    const shaped = fc.oneof(
      fc.jsonValue(),
      fc.record({ resource_changes: fc.array(fc.record({ type: fc.constantFrom('aws_iam_server_certificate', 'aws_lb_listener', 'aws_elb', 'aws_cloudfront_distribution'), change: fc.jsonValue() })) }),
      fc.record({ Resources: fc.dictionary(fc.string(), fc.record({ Type: fc.constantFrom('AWS::IAM::ServerCertificate', 'AWS::CloudFront::Distribution', 'AWS::ElasticLoadBalancing::LoadBalancer'), Properties: fc.jsonValue() })) }),
    );
    await fc.assert(
      fc.asyncProperty(shaped, async (value) => {
        writeFileSync(file, JSON.stringify(value));
        const result = await checkFiles([file], gate, new Set([file]));
        // Checked, or a problem, or both (a plan read in part, an entry of it of the wrong type named): never neither.
        expect(result.checked.length === 1 || result.problems.length > 0).toBe(true);
        expect(result.problems.every((problem) => problem.file === file)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('P3: the plain-words JSON error finder agrees with JSON.parse on what is JSON, and points inside the text', () => {
    const jsonish = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ':', ',', ' ', '\n', '"', '\\', 'a', '1', '-', '.', 'e', 'true', 'null', '/', "'", 'u', '0') });
    fc.assert(
      fc.property(fc.oneof(jsonish, fc.json(), fc.json().map((json) => json.slice(0, -1))), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const found = findJsonSyntaxError(text);
        expect(found === undefined).toBe(valid);
        if (found !== undefined) expect(offsetOf(text, found.position)).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('P4: the JSON locator finds every value of any JSON document where JSON.stringify wrote it, and no key is taken for a duplicate', () => {
    const paths = (value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> => {
      const children: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : value !== null && typeof value === 'object' ? Object.entries(value) : [];
      return [prefix, ...children.flatMap(([key, child]) => paths(child, [...prefix, key]))];
    };
    const at = (value: unknown, path: Array<string | number>): unknown => path.reduce<unknown>((current, key) => (current as Record<string | number, unknown>)[key], value);
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
        const locator = new JsonLocator(text);
        expect(findDuplicateKeys(text, new LineIndex(text))).toEqual({ named: [], count: 0, shadowed: [], unjudged: 0 });
        for (const path of paths(value)) {
          const expected = JSON.stringify(at(value, path), null, pretty ? 2 : undefined);
          const offset = locator.offset(path);
          // Indented: the value's own lines are indented further in the document, so compare its first line.
          expect(text.slice(offset, offset + expected.length).split('\n')[0]).toBe(expected.split('\n')[0]);
          if (!pretty) expect(text.slice(offset, offset + expected.length)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

