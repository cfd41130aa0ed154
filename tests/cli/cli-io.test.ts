import { EventEmitter } from 'node:events';
import { streamIo, type OutputStream } from '../../src/cli/cli-io';

/** A stream that records writes and can be made to fail like a closed pipe. */
function fakeStream(): OutputStream & { written: string[]; fail(code: string): void } {
  const emitter = new EventEmitter();
  const written: string[] = [];
  return {
    written,
    write: (text: string) => written.push(text),
    on: (event: 'error', listener: (error: Error) => void) => emitter.on(event, listener),
    fail: (code) => void emitter.emit('error', Object.assign(new Error(`write ${code}`), { code })),
  };
}

describe('streamIo', () => {
  it('stops writing to stdout quietly once its reader has gone (EPIPE), and keeps stderr', () => {
    const out = fakeStream();
    const err = fakeStream();
    const io = streamIo(out, err);
    io.stdout('first\n');
    out.fail('EPIPE');
    io.stdout('second\n');
    io.stderr('progress\n');
    expect(out.written).toEqual(['first\n']);
    expect(err.written).toEqual(['progress\n']);
  });

  it('names any other stdout error once on stderr', () => {
    const out = fakeStream();
    const err = fakeStream();
    const io = streamIo(out, err);
    out.fail('EIO');
    io.stdout('lost\n');
    expect(err.written).toEqual(['stdout: write EIO\n']);
  });

  it('goes quiet on stderr too when its reader goes', () => {
    const out = fakeStream();
    const err = fakeStream();
    const io = streamIo(out, err);
    err.fail('EPIPE');
    io.stderr('dropped\n');
    io.stdout('kept\n');
    expect(err.written).toEqual([]);
    expect(out.written).toEqual(['kept\n']);
  });
});
