/**
 * Where the CLI writes: results to stdout (pipe-able), progress and errors to
 * stderr. Each call writes the text as given; callers add newlines.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The part of a stream the CLI needs; `process.stdout` in production. */
export interface OutputStream {
  write(text: string): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Writes to two streams the way a Unix filter does: when the reader goes
 * away (`report | head`), the stream's `EPIPE` error stops further writes to
 * it, quietly, instead of an unhandled 'error' event and a stack trace. The
 * command itself carries on to its end, so a `retire` whose stdout closed
 * still writes each outcome to its audit log. Any other stream error is
 * named once on the other stream.
 */
export function streamIo(out: OutputStream, err: OutputStream): CliIo {
  let outOpen = true;
  let errOpen = true;
  const write = (stream: OutputStream, isOpen: () => boolean) => (text: string): void => {
    if (isOpen()) stream.write(text);
  };
  const writeOut = write(out, () => outOpen);
  const writeErr = write(err, () => errOpen);
  out.on('error', (error) => {
    outOpen = false;
    if (!isBrokenPipe(error)) writeErr(`stdout: ${error.message}\n`);
  });
  err.on('error', (error) => {
    errOpen = false;
    if (!isBrokenPipe(error)) writeOut(`stderr: ${error.message}\n`);
  });
  return { stdout: writeOut, stderr: writeErr };
}

function isBrokenPipe(error: Error): boolean {
  return (error as { code?: unknown }).code === 'EPIPE';
}

/** The process's own streams. */
export function processIo(): CliIo {
  return streamIo(process.stdout, process.stderr);
}
