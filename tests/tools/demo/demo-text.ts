import { printable } from '../../../src/cli/terminal-text';
import { renderTable } from '../../support/table';

/**
 * How the demo prints: every line fits {@link DEMO_COLUMNS} columns, and
 * every piece of text it did not write itself (certificate names,
 * annotations, tag values, event details, what a command printed) goes
 * through `printable()` before it is measured and wrapped.
 */

/** The widest line the demo prints: a 120-column terminal shows each on one line. */
export const DEMO_COLUMNS = 120;

/** How much continuation lines are indented under the line they continue. */
const CONTINUATION = '    ';

/**
 * `text` as lines of at most `width` columns, broken between words: the first
 * after `first`, the others after `rest` (a hanging indent). A word longer
 * than a line is cut. Runs of spaces between words become one.
 */
export function wrap(text: string, first = '', rest = first, width = DEMO_COLUMNS): string[] {
  return pack(printable(text).split(' ').filter((word) => word !== ''), ' ', first, rest, width);
}

/**
 * `pieces` on lines of at most `width` columns, `separator` between two on
 * one line; the first line after `first`, the others after `rest`. A piece
 * longer than a whole line is cut.
 */
function pack(pieces: readonly string[], separator: string, first: string, rest: string, width: number): string[] {
  const lines: string[] = [];
  let prefix = first;
  let line = '';
  const flush = (): void => {
    lines.push(`${prefix}${line}`.trimEnd());
    prefix = rest;
    line = '';
  };
  for (const piece of pieces) {
    let remaining = piece;
    while (remaining !== '') {
      const room = width - prefix.length - (line === '' ? 0 : line.length + separator.length);
      if (remaining.length <= room) {
        line = line === '' ? remaining : `${line}${separator}${remaining}`;
        remaining = '';
      } else if (line !== '') {
        flush();
      } else {
        // Longer than a whole line: cut it (at least one character, so a prefix wider than the line cannot loop).
        const cut = Math.max(1, room);
        line = remaining.slice(0, cut);
        remaining = remaining.slice(cut);
        flush();
      }
    }
  }
  if (line !== '' || lines.length === 0) flush();
  return lines;
}

/**
 * One line of what a command printed, made printable and kept as it is when
 * it fits; a wider one is folded at the last space that fits (inside a
 * table's padding, or between words), and goes on indented on the next line.
 */
export function fold(line: string, width = DEMO_COLUMNS): string[] {
  const lines: string[] = [];
  let prefix = '';
  let rest = printable(line).trimEnd();
  while (prefix.length + rest.length > width) {
    const room = width - prefix.length;
    const space = rest.lastIndexOf(' ', room);
    let head = space > 0 ? rest.slice(0, space).trimEnd() : '';
    // No space to break at (or only leading ones): cut the word.
    if (head.trim() === '') head = rest.slice(0, room);
    lines.push(`${prefix}${head}`);
    rest = rest.slice(head.length).trimStart();
    prefix = CONTINUATION;
  }
  lines.push(`${prefix}${rest}`);
  return lines;
}

/** One rule's result for one certificate, as Config stored it. */
export interface RuleResult {
  readonly compliance: string;
  readonly annotation: string;
}

/** One certificate's row of {@link verdictTable}. */
export interface VerdictRow {
  readonly certificate: string;
  /** ISO 8601 to the second, or `(deleted)`. */
  readonly expires: string;
  /** Whole days left, towards zero, as the annotations count them; empty when deleted. */
  readonly days: string;
  /** One per rule, in the order of the table's rule labels; `undefined` when Config holds none. */
  readonly results: readonly (RuleResult | undefined)[];
}

/**
 * The rules' verdicts on each certificate: an indented table of short columns (name,
 * expiry, days, one compliance column per rule), each row followed by its
 * annotations on their own wrapped, indented lines, labelled by rule; one
 * line `both:` when every rule wrote the same. Nothing is cut.
 */
export function verdictTable(ruleLabels: readonly string[], rows: readonly VerdictRow[]): string[] {
  const table = renderTable(
    ['certificate', 'expires', 'days', ...ruleLabels],
    rows.map((row) => [printable(row.certificate), row.expires, row.days, ...ruleLabels.map((_label, index) => row.results[index]?.compliance ?? '(nothing)')]),
  )
    .split('\n')
    .map((line) => `  ${line}`);
  const labelWidth = Math.max(...ruleLabels.map((label) => label.length), 'both'.length) + 2;
  const lines = table.slice(0, 2);
  rows.forEach((row, index) => {
    lines.push(table[index + 2] ?? '');
    const annotations = row.results.map((result) => result?.annotation ?? '');
    const same = annotations.every((annotation) => annotation === annotations[0]);
    const labelled = same && annotations.length > 1 ? [['both', annotations[0] ?? '']] : ruleLabels.map((label, column) => [label, annotations[column] ?? '']);
    for (const [label = '', annotation = ''] of labelled) {
      if (annotation === '') continue;
      lines.push(...wrap(annotation, `${CONTINUATION}${`${label}:`.padEnd(labelWidth)}`, `${CONTINUATION}${' '.repeat(labelWidth)}`));
    }
  });
  return lines;
}

/** An EventBridge event as the bus received it, in the fields a rule pattern matches on. */
export interface BusEventView {
  readonly detailType: string;
  readonly source: string;
  readonly detail: unknown;
}

/**
 * An event's `DetailType`, `Source` and `Detail`, the detail as compact JSON
 * broken after commas between its fields, under a hanging indent.
 */
export function eventLines(event: BusEventView, indent = '  '): string[] {
  const label = (name: string): string => `${indent}${name.padEnd(12)}`;
  const hanging = ' '.repeat(indent.length + 12);
  return [...wrap(event.detailType, label('DetailType'), hanging), ...wrap(event.source, label('Source'), hanging), ...jsonLines(event.detail, label('Detail'), hanging)];
}

/**
 * `value` as compact JSON, exactly as `JSON.stringify` writes it, on lines of
 * at most `width` columns: an object is broken only after the comma between
 * two of its fields (a field longer than a line is cut).
 */
export function jsonLines(value: unknown, first: string, rest: string, width = DEMO_COLUMNS): string[] {
  const pieces =
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0
      ? Object.entries(value).map(([key, field], index, all) => `${index === 0 ? '{' : ''}${JSON.stringify(key)}:${JSON.stringify(field)}${index === all.length - 1 ? '}' : ','}`)
      : [JSON.stringify(value) ?? 'undefined'];
  return pack(pieces.map(printable), '', first, rest, width);
}

/**
 * What one command printed, as a terminal shows it after `$ <command line>`,
 * within {@link DEMO_COLUMNS}: a paragraph that fits is kept as printed; a
 * table too wide is folded between two of its columns, the columns after the
 * fold going on, still aligned, on an indented line under each row; any other
 * line too wide is folded between words ({@link fold}).
 */
export function commandLines(commandLine: readonly string[], stdout: string, width = DEMO_COLUMNS): string[] {
  const lines: string[] = [`$ ${commandLine.map(shellWord).join(' ')}`];
  if (stdout === '') return lines;
  let paragraph: string[] = [];
  for (const line of stdout.replace(/\n$/, '').split('\n').map((text) => printable(text).trimEnd())) {
    if (line !== '') {
      paragraph.push(line);
      continue;
    }
    lines.push(...foldParagraph(paragraph, width), '');
    paragraph = [];
  }
  lines.push(...foldParagraph(paragraph, width));
  return lines;
}

function foldParagraph(lines: readonly string[], width: number): string[] {
  if (lines.every((line) => line.length <= width)) return [...lines];
  const column = lines.length > 1 ? tableFold(lines, width) : undefined;
  if (column === undefined) return lines.flatMap((line) => fold(line, width));
  return lines.flatMap((line) => {
    const rest = line.slice(column).trimEnd();
    return rest.trim() === '' ? [line.slice(0, column).trimEnd()] : [line.slice(0, column).trimEnd(), `${CONTINUATION}${rest}`];
  });
}

/**
 * The widest column at which every line of a table can be cut between two
 * cells (two spaces before it in every line long enough to reach it, a cell
 * starting there in one), with both parts of every line within `width`.
 */
function tableFold(lines: readonly string[], width: number): number | undefined {
  for (let column = width; column > 2; column -= 1) {
    const between = lines.every((line) => line.length <= column || (line[column - 1] === ' ' && line[column - 2] === ' '));
    const starts = lines.some((line) => (line[column] ?? ' ') !== ' ');
    const fits = lines.every((line) => CONTINUATION.length + line.slice(column).trimEnd().length <= width);
    if (between && starts && fits) return column;
  }
  return undefined;
}

/** A word as a shell needs it written: as is when plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${printable(word).replace(/'/g, `'\\''`)}'`;
}

/** `n` of `thing`, with `things` for any other number than one. */
export function count(n: number, thing: string, things = `${thing}s`): string {
  return `${n} ${n === 1 ? thing : things}`;
}

/** A section title, with a blank line before it; a second line is indented under the first's text. */
export function heading(title: string): string[] {
  return ['', ...wrap(title, '', '   ')];
}
