import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiles } from '../../../src/cli/check-iac/check-files';
import { MAX_IAC_FILE_BYTES, memoryProblem } from '../../../src/cli/check-iac/iac-limits';
import { directoryWith, NOW, pemEnding, yamlBlock } from './fixtures';

const gate = { now: NOW, days: 30, denyIamCertificates: false, allowUnknown: false };

async function checkBytes(name: string, bytes: Buffer, explicit = true) {
  const file = join(directoryWith({}), name);
  writeFileSync(file, bytes);
  return checkFiles([file], gate, new Set(explicit ? [file] : []));
}

function utf16(text: string, endian: 'LE' | 'BE'): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'BE') body.swap16();
  return Buffer.concat([Buffer.from(endian === 'LE' ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

describe('check-iac reading files', () => {
  it.each(['LE', 'BE'] as const)('R1: decodes a UTF-16%s template with a byte-order mark (Windows PowerShell output) and checks it', async (endian) => {
    const template = ['Resources:', '  Cert:', '    Type: AWS::IAM::ServerCertificate', '    Properties:', `      CertificateBody: ${yamlBlock(await pemEnding(-1), 8)}`].join('\r\n');
    const result = await checkBytes('utf16.yaml', utf16(template, endian));
    expect(result.problems).toEqual([]);
    expect(result.findings.map((f) => [f.rule.id, f.position.line])).toEqual([['IAMCERT001', 5]]);
  });

  it('R2: reads UTF-8 with a byte-order mark, JSON included', async () => {
    const result = await checkBytes('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{}}')]));
    expect([result.problems, result.checked.length]).toEqual([[], 1]);
  });

  it.each([
    ['a UTF-32 file', Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x00]), Buffer.from('{\0\0\0}\0\0\0')]), 'the file is UTF-32LE (it starts with that byte-order mark): save it as UTF-8'],
    ['a binary plan', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0xff, 0xfe]), 'the file is a ZIP archive, such as a binary Terraform plan (terraform plan -out): give the JSON of terraform show -json plan.tfplan instead'],
    ['Latin-1 text', Buffer.from('{\n"a": "caf\xe9"\n}', 'latin1'), 'the file is not UTF-8 text (an invalid byte sequence on line 2): save it as UTF-8'],
    ['UTF-16 with no byte-order mark', Buffer.from('{"Resources": {}}', 'utf16le'), 'the file looks like UTF-16 without a byte-order mark (every other byte is zero): save it as UTF-8'],
  ])('R3: says what %s is instead of a parser error', async (_, bytes, message) => {
    const result = await checkBytes('odd.json', bytes);
    expect(result.problems).toEqual([expect.objectContaining({ message })]);
  });

  it('R4: refuses a file over MAX_IAC_FILE_BYTES without reading it, even one a directory search found', async () => {
    const directory = directoryWith({});
    const file = join(directory, 'huge.json');
    // A sparse file: its size is what stat says, and no disk is used.
    const handle = openSync(file, 'w');
    ftruncateSync(handle, MAX_IAC_FILE_BYTES + 1);
    closeSync(handle);
    const result = await checkFiles([file], gate, new Set());
    expect(result.problems).toEqual([expect.objectContaining({ file, message: expect.stringContaining('larger than the gate reads (MAX_IAC_FILE_BYTES') })]);
    expect(result.skipped).toEqual([]);
  });

  it('R5: refuses, before parsing, a file whose parse needs more memory than is left, and says how to give it more', () => {
    const text = `{"resource_changes": [${'{},'.repeat(1000)}{}]}`;
    expect(memoryProblem(text, 'json', 10 * 1024 * 1024)).toBeUndefined();
    expect(memoryProblem(text, 'json', 1000)).toMatch(/^checking this 3 KiB JSON file needs about 81 KiB of memory, more than this Node\.js process has left \(1 KiB\): run it with NODE_OPTIONS=--max-old-space-size=\d+, or check a smaller plan$/);
  });
});
