import fc from 'fast-check';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { checkFiles } from '../../../src/cli/check-iac/check-files';
import { IacParseError, parseIacDocument } from '../../../src/cli/check-iac/iac-document';
import { directoryWith, NOW } from './fixtures';

const gate = { now: NOW, days: 30, denyIamCertificates: true, allowUnknown: false };

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
        expect(result.checked.length + result.problems.length).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});
