import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiles } from '../../../src/cli/check-iac/check-files';
import { heapAvailable, MAX_IAC_FILE_BYTES, memoryProblem } from '../../../src/cli/check-iac/iac-limits';
import { checkFile, directoryWith, gate, pemEnding, yamlBlock } from './fixtures';

const MIB = 1024 * 1024;
/** What the memory guard keeps for the gate itself, whatever the heap limit. */
const HEAD_ROOM = 4096 * MIB - heapAvailable({ heap_size_limit: 4096 * MIB });

function utf16(text: string, endian: 'LE' | 'BE'): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'BE') body.swap16();
  return Buffer.concat([Buffer.from(endian === 'LE' ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

describe('check-iac reading files', () => {
  it.each(['LE', 'BE'] as const)('R1: decodes a UTF-16%s template with a byte-order mark (Windows PowerShell output) and checks it', async (endian) => {
    const template = ['Resources:', '  Cert:', '    Type: AWS::IAM::ServerCertificate', '    Properties:', `      CertificateBody: ${yamlBlock(await pemEnding(-1), 8)}`].join('\r\n');
    const result = await checkFile('utf16.yaml', utf16(template, endian));
    expect(result.problems).toEqual([]);
    expect(result.findings.map((f) => [f.rule.id, f.position.line])).toEqual([['IAMCERT001', 5]]);
  });

  it('R2: reads UTF-8 with a byte-order mark, JSON included', async () => {
    const result = await checkFile('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{}}')]));
    expect([result.problems, result.checked.length]).toEqual([[], 1]);
  });

  it.each([
    ['a UTF-32 file', Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x00]), Buffer.from('{\0\0\0}\0\0\0')]), 'the file is UTF-32LE (it starts with that byte-order mark): save it as UTF-8'],
    ['a binary plan', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0xff, 0xfe]), 'the file is a ZIP archive, such as a binary Terraform plan (terraform plan -out): give the JSON of terraform show -json plan.tfplan instead'],
    ['Latin-1 text', Buffer.from('{\n"a": "caf\xe9"\n}', 'latin1'), 'the file is not UTF-8 text (an invalid byte sequence on line 2): save it as UTF-8'],
    ['UTF-16 with no byte-order mark', Buffer.from('{"Resources": {}}', 'utf16le'), 'the file looks like UTF-16 without a byte-order mark (every other byte is zero): save it as UTF-8'],
  ])('R3: says what %s is instead of a parser error', async (_, bytes, message) => {
    const result = await checkFile('odd.json', bytes);
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
    expect(result.notices).toEqual([]);
  });

  it('R5: refuses, before parsing, a file whose parse needs more memory than is left, and says how to give it more', () => {
    const text = `{"resource_changes": [${'{},'.repeat(1000)}{}]}`;
    expect(memoryProblem(text, 'json', { heap_size_limit: HEAD_ROOM + 10 * MIB })).toBeUndefined();
    const problem = memoryProblem(text, 'json', { heap_size_limit: HEAD_ROOM + 1000 });
    expect(problem).toMatch(/^checking this 3 KiB JSON file needs about 78 KiB of memory, more than this Node\.js process has left \(1 KiB\): run it with NODE_OPTIONS=--max-old-space-size=\d+, or check a smaller plan$/);
    // The flag it suggests is enough by itself: V8's heap limit is at least the old space it sets.
    const suggested = Number(/--max-old-space-size=(\d+)/.exec(problem ?? '')?.[1]);
    expect(memoryProblem(text, 'json', { heap_size_limit: suggested * MIB })).toBeUndefined();
  });

  it('R6: judges a file by the heap limit, not by what the heap holds now: garbage left by an earlier file does not change the answer', () => {
    const before = heapAvailable();
    // About 100 MiB of doubles, dropped without a collection: the heap holds it until V8 needs the room.
    let garbage: number[][] | undefined = Array.from({ length: 50 }, () => new Array<number>(262_144).fill(0.5));
    expect(garbage).toHaveLength(50);
    garbage = undefined;
    expect(heapAvailable()).toBe(before);
    // And the decision reads only the limit: what is in use or still free does not enter it.
    const text = JSON.stringify({ resource_changes: Array.from({ length: 500 }, (_, index) => ({ index })) });
    const statistics = (budget: number, used: number) => ({ heap_size_limit: HEAD_ROOM + budget, used_heap_size: used, total_available_size: HEAD_ROOM + budget - used });
    expect([memoryProblem(text, 'json', statistics(100 * 1024, 0)), memoryProblem(text, 'json', statistics(100 * 1024, 100 * 1024))]).toEqual([undefined, undefined]);
    expect([memoryProblem(text, 'json', statistics(10 * 1024, 0)), memoryProblem(text, 'json', statistics(10 * 1024, 10 * 1024))]).toEqual([expect.stringContaining('needs about'), expect.stringContaining('needs about')]);
  });
});
