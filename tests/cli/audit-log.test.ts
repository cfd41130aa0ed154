import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { chmod, mkdtemp, open, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
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

describe('appendLineToFile where a record would not be kept', () => {
  const posixOnly = process.platform === 'win32' ? it.skip : it;
  const linuxOnly = process.platform === 'linux' ? it : it.skip;
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const refusal = (kind: RegExp) => ({ name: 'AuditFileError', message: expect.stringMatching(kind) });

  linuxOnly('refuses /dev/null and /dev/full, devices that keep nothing to read back', async () => {
    await expect(appendLineToFile('/dev/null', '{"event":"intent"}\n')).rejects.toMatchObject(refusal(/^is a character device .*, not a regular file: an audit record must land in a file/));
    await expect(appendLineToFile('/dev/full', '{"event":"intent"}\n')).rejects.toMatchObject(refusal(/^is a character device/));
  });

  linuxOnly('refuses /dev/null through a symbolic link, saying where the link leads', async () => {
    const link = join(dir, 'audit.jsonl');
    await symlink('/dev/null', link);
    await expect(appendLineToFile(link, 'x\n')).rejects.toMatchObject(refusal(/^the symbolic link leads to a character device/));
  });

  posixOnly('refuses a directory, and a symbolic link to one', async () => {
    const link = join(dir, 'link');
    await symlink(dir, link);
    await expect(appendLineToFile(dir, 'x\n')).rejects.toMatchObject(refusal(/^is a directory, not a regular file/));
    await expect(appendLineToFile(link, 'x\n')).rejects.toMatchObject(refusal(/^the symbolic link leads to a directory/));
  });

  posixOnly('refuses a FIFO at once when nobody reads it, instead of waiting for a reader', async () => {
    const fifo = join(dir, 'audit.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(appendLineToFile(fifo, 'x\n')).rejects.toMatchObject(refusal(/^is a FIFO \(named pipe\), not a regular file/));
  });

  posixOnly('refuses a FIFO someone reads, writing nothing to it', async () => {
    const fifo = join(dir, 'audit.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = await open(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      await expect(appendLineToFile(fifo, 'x\n')).rejects.toMatchObject(refusal(/^is a FIFO/));
      const buffer = Buffer.alloc(8);
      // Nothing was written: with no writer left, a read answers end of file (0 bytes).
      await expect(reader.read(buffer, 0, 8, null)).resolves.toMatchObject({ bytesRead: 0 });
    } finally {
      await reader.close();
    }
  });

  posixOnly('refuses a Unix socket', async () => {
    const path = join(dir, 'audit.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      await expect(appendLineToFile(path, 'x\n')).rejects.toMatchObject(refusal(/^is a socket, not a regular file/));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  posixOnly('makes an existing log owner-only before appending, through a symbolic link too', async () => {
    const file = join(dir, 'audit.jsonl');
    await writeFile(file, '{"a":1}\n', { mode: 0o644 });
    await chmod(file, 0o644);
    await appendLineToFile(file, '{"b":2}\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await expect(readFile(file, 'utf8')).resolves.toBe('{"a":1}\n{"b":2}\n');

    const target = join(dir, 'shared.jsonl');
    await writeFile(target, '', { mode: 0o666 });
    await chmod(target, 0o666);
    await symlink(target, join(dir, 'via-link.jsonl'));
    await appendLineToFile(join(dir, 'via-link.jsonl'), '{"c":3}\n');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  posixOnly('makes a new log owner-only whatever the umask leaves', async () => {
    const previous = process.umask(0o277);
    try {
      const file = join(dir, 'strict.jsonl');
      await appendLineToFile(file, 'x\n');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
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

  it('names a file with control characters in it escaped, so the error cannot rewrite the terminal', async () => {
    const trail = new AuditTrail('audit\u001b[2J.jsonl', async () => { throw new Error('EACCES'); }, () => new Date(0), context);
    await expect(trail.write('run-start')).rejects.toThrow('audit log audit\\x1b[2J.jsonl: the run-start record could not be written');
  });

  it('writes nothing and never fails without a file', async () => {
    const append = jest.fn(async () => undefined);
    const trail = new AuditTrail(undefined, append, () => new Date(0), context);
    await trail.write('intent');
    expect(append).not.toHaveBeenCalled();
  });
});
