/**
 * The shell snippets of the README and docs paste as written: a command split
 * over lines keeps its `\` continuations. A continuation lost in an edit
 * leaves an option after a run of spaces mid-line (`--stack-name x   --query`),
 * which still runs, but no longer reads as the multi-line command it was.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const SHELL = new Set(['sh', 'bash', 'shell']);

/** `file:line` of each shell-snippet line with an option after two or more spaces mid-line (a collapsed continuation). */
export function collapsedContinuations(file: string, text: string): string[] {
  const found: string[] = [];
  let language: string | undefined;
  text.split('\n').forEach((line, index) => {
    const fence = /^\s*```(\S*)/.exec(line);
    if (fence !== null) {
      language = language === undefined ? (fence[1] ?? '') : undefined;
      return;
    }
    if (language !== undefined && SHELL.has(language) && /\S {2,}--?\w/.test(line.replace(/\s+#.*$/, ''))) found.push(`${file}:${index + 1}`);
  });
  return found;
}

describe('shell snippets of the README and docs', () => {
  it('finds an option after a run of spaces mid-line, and not a continued line', () => {
    const text = ['```sh', 'aws x --a 1   --b 2', 'aws y --a 1 \\', '  --b 2   # aligned comment', '```', 'prose   --not-code'].join('\n');
    expect(collapsedContinuations('t.md', text)).toEqual(['t.md:2']);
  });

  it('keep every continuation: no option after a run of spaces mid-line', () => {
    const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];
    expect(files.flatMap((file) => collapsedContinuations(file, readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });
});
