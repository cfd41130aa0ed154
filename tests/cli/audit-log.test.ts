import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendLineToFile, AuditTrail } from '../../src/cli/audit-log';
import { AuditLogError } from '../../src/errors';

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

describe('appendLineToFile on a full disk', () => {
  const linuxOnly = process.platform === 'linux' ? it : it.skip;

  linuxOnly('rejects with ENOSPC on /dev/full instead of appearing to succeed', async () => {
    await expect(appendLineToFile('/dev/full', '{"event":"intent"}\n')).rejects.toMatchObject({ code: 'ENOSPC' });
  });

  linuxOnly('accepts a pipe or terminal, where fsync has nothing to flush', async () => {
    await expect(appendLineToFile('/dev/null', 'x\n')).resolves.toBeUndefined();
  });
});

describe('AuditTrail', () => {
  const context = { command: 'retire', actor: { arn: 'arn:aws:sts::1:assumed-role/R/s', account: '1', profile: null }, regions: ['eu-west-1'], dryRun: false };

  it('writes one JSON line per record with the run id, who and where, and the fields given', async () => {
    const lines: string[] = [];
    let tick = 0;
    const trail = new AuditTrail('a.jsonl', async (_file, line) => void lines.push(line), () => new Date(Date.UTC(2026, 0, 1, 0, 0, ++tick)), context);
    await trail.write('run-start');
    await trail.write('intent', { action: 'delete' });
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.every((line) => line.endsWith('}\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    expect(first).toEqual({ timestamp: '2026-01-01T00:00:01.000Z', runId: expect.stringMatching(/^[0-9a-f-]{36}$/), event: 'run-start', ...context });
    expect(second).toMatchObject({ event: 'intent', action: 'delete', runId: first?.['runId'] });
  });

  it('turns a failed append into an AuditLogError naming the file and the record', async () => {
    const trail = new AuditTrail('a.jsonl', async () => { throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }); }, () => new Date(0), context);
    await expect(trail.write('intent')).rejects.toThrow(AuditLogError);
    await expect(trail.write('intent')).rejects.toThrow('audit log a.jsonl: the intent record could not be written (Error: ENOSPC: no space left on device)');
  });

  it('writes nothing and never fails without a file', async () => {
    const append = jest.fn(async () => undefined);
    const trail = new AuditTrail(undefined, append, () => new Date(0), context);
    await trail.write('intent');
    expect(append).not.toHaveBeenCalled();
  });
});
