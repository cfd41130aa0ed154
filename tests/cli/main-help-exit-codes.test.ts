import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN_HELP } from '../../src/cli/help-text';

const CLI_DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');

/** docs/cli.md "## Exit codes": for each code, the commands whose column gives it a meaning. */
function documentedUses(): Map<string, string[]> {
  const section = CLI_DOC.slice(CLI_DOC.indexOf('\n## Exit codes\n'));
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  const commands = (rows[0] ?? '').split('|').slice(2, -1).map((cell) => cell.trim().replace(/`/g, ''));
  const uses = new Map<string, string[]>();
  for (const row of rows.slice(2)) {
    const [, code = '', ...cells] = row.split('|').map((cell) => cell.trim());
    uses.set(code, commands.filter((_, index) => !(cells[index] ?? '').startsWith('(not used')));
  }
  return uses;
}

/** The lines of the main help's exit-code list that explain `code` (its own line and the indented ones after it). */
function helpLinesFor(code: string): string {
  const lines = MAIN_HELP.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`  ${code} `));
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => !/^ {7}\S/.test(line));
  return [lines[start], ...rest.slice(0, end === -1 ? rest.length : end)].join('\n');
}

describe("the main --help's exit codes", () => {
  it('read the table in docs/cli.md', () => {
    expect(documentedUses().get('3')).toEqual(expect.arrayContaining(['rotate', 'doctor']));
  });

  it.each(['2', '3'])('name every command docs/cli.md gives code %s a meaning for', (code) => {
    const help = helpLinesFor(code);
    for (const command of documentedUses().get(code) ?? []) expect([command, help.includes(`${command}:`)]).toEqual([command, true]);
  });
});
