import { printParseErrorCode, visit } from 'jsonc-parser';
import type { SourcePosition } from './findings';

/** Where a JSON text stops being JSON (ECMA-404), and why, in plain words. */
export interface JsonSyntaxError {
  readonly position: SourcePosition;
  readonly message: string;
}

interface Open {
  readonly kind: 'object' | 'array';
  readonly line: number;
  readonly column: number;
}

/** The character that closes each kind of container. */
const CLOSER = { object: '}', array: ']' } as const;

/**
 * The first place a text breaks JSON's grammar, found by jsonc-parser with
 * comments and trailing commas refused, and what is wrong there in plain
 * words: for a file `JSON.parse` refused (its own messages vary by Node
 * version and often give no position). `undefined` if jsonc-parser finds no
 * error: it takes a few more characters as white space than JSON does
 * (vertical tab, form feed, no-break spaces), and then the caller falls back
 * on `JSON.parse`'s message.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const open: Open[] = [];
  // jsonc-parser ends a container before it reports the missing '}' or ']' that should have closed it.
  let closed: Open | undefined;
  let first: { code: string; offset: number; length: number; container: Open | undefined } | undefined;
  visit(
    text,
    {
      onObjectBegin: (_offset, _length, line, column) => void open.push({ kind: 'object', line: line + 1, column: column + 1 }),
      onArrayBegin: (_offset, _length, line, column) => void open.push({ kind: 'array', line: line + 1, column: column + 1 }),
      onObjectEnd: () => void (closed = open.pop()),
      onArrayEnd: () => void (closed = open.pop()),
      onError: (error, offset, length) => {
        const code = printParseErrorCode(error);
        first ??= { code, offset, length, container: code === 'CloseBraceExpected' || code === 'CloseBracketExpected' ? closed : open.at(-1) };
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  if (first === undefined) return undefined;
  const { offset, message } = explain(text, first.code, first.offset, first.length, first.container);
  return { position: positionAt(text, offset), message };
}

/** The 1-based line and column of an offset (a line ends at `\n`, `\r\n` or `\r`, as jsonc-parser counts them). */
function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let start = 0;
  const breaks = /\r\n?|\n/g;
  for (let match = breaks.exec(text); match !== null && match.index < offset; match = breaks.exec(text)) {
    line += 1;
    start = match.index + match[0].length;
  }
  return { line, column: offset - start + 1 };
}

function explain(text: string, code: string, offset: number, length: number, container: Open | undefined): { offset: number; message: string } {
  const char = text.charAt(offset);
  const before = previousSignificant(text, offset);
  const opened = (where: Open): string => `the ${where.kind} that opens at line ${where.line}, column ${where.column}`;
  const notNumber = { offset: numberStart(text, offset), message: 'not a JSON number (no leading zeros, a digit on both sides of the point, no hex)' };
  if (offset >= text.length && container !== undefined && code !== 'UnexpectedEndOfString') {
    return { offset, message: `the file ends inside ${opened(container)}: a '${CLOSER[container.kind]}' is missing` };
  }
  switch (code) {
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return { offset, message: 'comments are not allowed in JSON' };
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return notNumber;
    case 'InvalidSymbol': {
      if (char === "'") {
        const isName = container?.kind === 'object' && (before === '{' || before === ',');
        return { offset, message: `single quotes are not allowed in JSON: ${isName ? 'property names' : 'strings'} need double quotes` };
      }
      if (/[-+.\d]/.test(char) || /\d/.test(text.charAt(offset - 1))) return notNumber;
      const word = text.slice(offset, offset + length);
      if (/^[A-Za-z_$][\w$]*$/.test(word)) return { offset, message: `${word} is not a JSON value: the only words are true, false and null, and strings need double quotes` };
      return { offset, message: `expected a value (object, array, string, number, true, false or null), found ${shown(char)}` };
    }
    case 'PropertyNameExpected':
      if (char === '}' && before === ',') return { offset: text.lastIndexOf(',', offset), message: "a comma before '}' is not allowed in JSON (a trailing comma)" };
      if (/[A-Za-z_$]/.test(char)) return { offset, message: 'property names need double quotes in JSON' };
      return { offset, message: `expected a property name in double quotes, found ${shown(char)}` };
    case 'ValueExpected':
      if (text.trim() === '') return { offset: 0, message: 'the file is empty: no JSON value' };
      if ((char === ']' || char === '}') && before === ',') return { offset: text.lastIndexOf(',', offset), message: `a comma before '${char}' is not allowed in JSON (a trailing comma)` };
      return { offset, message: `expected a value (object, array, string, number, true, false or null), found ${shown(char)}` };
    case 'ColonExpected':
      return { offset, message: `expected ':' after the property name, found ${shown(char)}` };
    case 'CommaExpected':
    case 'CloseBraceExpected':
    case 'CloseBracketExpected':
      if (/\d/.test(char) && /\d/.test(text.charAt(offset - 1))) return notNumber;
      if (container === undefined) return { offset, message: `unexpected ${shown(char)}` };
      return { offset, message: `expected ',' or '${CLOSER[container.kind]}' after ${container.kind === 'object' ? 'a property value' : 'an item'} in ${opened(container)}, found ${shown(char)}` };
    case 'EndOfFileExpected':
      return { offset, message: `unexpected ${shown(char)} after the end of the JSON value: a file holds one JSON value` };
    default:
      return insideString(text, code, offset);
  }
}

/** What is wrong inside the string token at `offset`, and where exactly. */
function insideString(text: string, code: string, offset: number): { offset: number; message: string } {
  const find = (pattern: RegExp): number => {
    pattern.lastIndex = offset + 1;
    return pattern.exec(text)?.index ?? offset;
  };
  switch (code) {
    case 'InvalidEscapeCharacter': {
      const at = find(/\\(?!["\\/bfnrtu])/g);
      return { offset: at, message: `\\${text.charAt(at + 1)} is not a JSON escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)` };
    }
    case 'InvalidUnicode':
      return { offset: find(/\\u(?![0-9A-Fa-f]{4})/g), message: 'a \\u escape needs four hexadecimal digits' };
    case 'UnexpectedEndOfString': {
      const lineBreak = /[\r\n]/g;
      lineBreak.lastIndex = offset + 1;
      const at = lineBreak.exec(text)?.index;
      if (at !== undefined) return { offset: at, message: 'a line break or other control character inside a string must be escaped (\\n, \\t, \\u0000)' };
      return { offset, message: 'this string is not closed: the file ends before its closing "' };
    }
    default:
      // InvalidCharacter: a control character inside a string.
      return { offset: find(/[\u0000-\u001f]/g), message: 'a line break or other control character inside a string must be escaped (\\n, \\t, \\u0000)' };
  }
}

/** The last character before `offset` that is not JSON white space. */
function previousSignificant(text: string, offset: number): string {
  let at = offset - 1;
  while (at >= 0 && ' \t\n\r'.includes(text.charAt(at))) at -= 1;
  return at >= 0 ? text.charAt(at) : '';
}

/** Where the number that `offset` is in (or just after) starts. */
function numberStart(text: string, offset: number): number {
  let at = offset;
  while (at > 0 && /[-+.\deE]/.test(text.charAt(at - 1))) at -= 1;
  return at;
}

function shown(char: string): string {
  if (char === '') return 'the end of the file';
  return /[\x20-\x7e]/.test(char) ? `'${char}'` : `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
