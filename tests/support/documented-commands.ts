import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One command line of the docs that runs the CLI. */
export interface DocumentedCommand {
  /** `docs/cli.md:559`. */
  readonly where: string;
  /** The line as written (continuations joined). */
  readonly line: string;
  /** The words after the program, as a shell would pass them (substitutions replaced by a placeholder word). */
  readonly words: readonly string[];
  /** Written as `npx iam-cert-expiry …`, which needs the package's bin linked (it is not on a clean clone). */
  readonly viaNpx: boolean;
}

// Snippets a reader pastes into a shell or a CI file; `text` blocks are synopses with [optional] parts.
const RUNNABLE = new Set(['sh', 'bash', 'shell', 'console', 'yaml', 'yml']);

// The installed command, or the one file copied into a repository as gate.md shows.
const INVOCATION = /(?:^|[\s:])(npx\s+)?(?:iam-cert-expiry|node\s+tools\/iam-cert-expiry\.js)\s+(.*)$/;

// Where the command's own words end: a comment, a pipe, a redirection, the next command.
const END_OF_WORDS = /\s(?:#|\||>|>>|2>|&&|\|\||;)(?:\s|$)/;

/**
 * Every command line in the shell and YAML snippets of `README.md` and
 * `docs/*.md` that runs `iam-cert-expiry` (or `node tools/iam-cert-expiry.js`),
 * split into the words the program receives. `$(…)` and `$name` become a
 * placeholder word, as the shell would substitute one.
 */
export function documentedCommands(root: string): DocumentedCommand[] {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];
  const commands: DocumentedCommand[] = [];
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    let language: string | undefined;
    for (let index = 0; index < lines.length; index += 1) {
      const fence = /^\s*```(\S*)/.exec(lines[index] ?? '');
      if (fence !== null) {
        language = language === undefined ? (fence[1] ?? '') : undefined;
        continue;
      }
      if (language === undefined || !RUNNABLE.has(language)) continue;
      const start = index;
      let line = lines[index] ?? '';
      while (line.endsWith('\\') && index + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[(index += 1)] ?? ''}`;
      const match = INVOCATION.exec(line);
      if (match === null) continue;
      const rest = (match[2] ?? '').replace(/\$\([^)]*\)/g, 'X').replace(/\$\{?\w+\}?/g, 'x');
      const words = rest
        .split(END_OF_WORDS)[0]!
        .trim()
        .split(/\s+/)
        .filter((word) => word !== '')
        .map((word) => word.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1'));
      commands.push({ where: `${file}:${start + 1}`, line: line.trim(), words, viaNpx: match[1] !== undefined });
    }
  }
  return commands;
}
