/**
 * Where the CLI writes: results to stdout (pipe-able), progress and errors to
 * stderr. Each call writes the text as given; callers add newlines.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};
