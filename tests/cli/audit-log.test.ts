import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendLineToFile } from '../../src/cli/audit-log';

describe('appendLineToFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the file owner-only and appends lines without overwriting', async () => {
    const file = join(dir, 'audit.jsonl');
    await appendLineToFile(file, '{"a":1}\n');
    await appendLineToFile(file, '{"b":2}\n');
    await expect(readFile(file, 'utf8')).resolves.toBe('{"a":1}\n{"b":2}\n');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('fails when the directory does not exist', async () => {
    await expect(appendLineToFile(join(dir, 'missing', 'audit.jsonl'), 'x\n')).rejects.toThrow('ENOENT');
  });
});
