import type { SourcePosition } from './findings';

/** Where a JSON text stops being JSON (ECMA-404), and why, in plain words. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

type State = 'value' | 'first-item' | 'item-after-comma' | 'first-key' | 'key-after-comma' | 'colon' | 'after-value';
interface Open {
  readonly kind: 'object' | 'array';
  readonly offset: number;
}
/** The character that closes each kind of container. */
const CLOSER = { object: '}', array: ']' } as const;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/**
 * Finds the first place a text breaks JSON's grammar and says what is wrong
 * there, for a file `JSON.parse` refused (its own messages vary by Node
 * version and often give no position). Iterative, so deep nesting cannot
 * overflow the stack. `undefined` if the text is valid JSON after all.
 */
export function findJsonSyntaxError(text: string, where: (offset: number) => SourcePosition): JsonSyntaxError | undefined {
  const open: Open[] = [];
  let state: State = 'value';
  let at = 0;
  let comma = 0;
  const fail = (offset: number, message: string): JsonSyntaxError => ({ offset, message });
  const opened = (container: Open): string => {
    const position = where(container.offset);
    return `the ${container.kind} that opens at line ${position.line}, column ${position.column}`;
  };
  for (;;) {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at += 1;
    const top = open.at(-1);
    if (at >= text.length) {
      if (top !== undefined) return fail(at, `the file ends inside ${opened(top)}: a '${CLOSER[top.kind]}' is missing`);
      if (state === 'value') return fail(at, 'the file is empty: no JSON value');
      return undefined;
    }
    const char = text.charAt(at);
    switch (state) {
      case 'first-key':
      case 'key-after-comma':
        if (char === '}' && state === 'first-key') {
          open.pop();
          state = 'after-value';
          at += 1;
          break;
        }
        if (char === '}') return fail(comma, "a comma before '}' is not allowed in JSON (a trailing comma)");
        if (char !== '"') return fail(at, notAName(char));
        {
          const end = stringEnd(text, at);
          if (typeof end !== 'number') return end;
          at = end;
        }
        state = 'colon';
        break;
      case 'colon':
        if (char !== ':') return fail(at, `expected ':' after the property name, found ${shown(char)}`);
        at += 1;
        state = 'value';
        break;
      case 'after-value':
        if (top === undefined) return fail(at, `unexpected ${shown(char)} after the end of the JSON value: a file holds one JSON value`);
        if (char === ',') {
          state = top.kind === 'object' ? 'key-after-comma' : 'item-after-comma';
          comma = at;
          at += 1;
        } else if (char === CLOSER[top.kind]) {
          open.pop();
          at += 1;
        } else {
          return fail(at, `expected ',' or '${CLOSER[top.kind]}' after ${top.kind === 'object' ? 'a property value' : 'an item'} in ${opened(top)}, found ${shown(char)}`);
        }
        break;
      case 'first-item':
      case 'item-after-comma':
        if (char === ']' && state === 'first-item') {
          open.pop();
          state = 'after-value';
          at += 1;
          break;
        }
        if (char === ']') return fail(comma, "a comma before ']' is not allowed in JSON (a trailing comma)");
        state = 'value'; // any other character starts the item: read it as a value on the next turn
        break;
      case 'value': {
        const next = valueStart(text, at, char);
        if ('message' in next) return next;
        if (next.opens !== undefined) {
          open.push({ kind: next.opens, offset: at });
          state = next.opens === 'object' ? 'first-key' : 'first-item';
        } else {
          state = 'after-value';
        }
        at = next.end;
        break;
      }
    }
  }
}

/** A value starting at `at`: a container it opens, or the offset past a scalar. */
function valueStart(text: string, at: number, char: string): { end: number; opens?: 'object' | 'array' } | JsonSyntaxError {
  if (char === '{') return { end: at + 1, opens: 'object' };
  if (char === '[') return { end: at + 1, opens: 'array' };
  if (char === '"') {
    const end = stringEnd(text, at);
    return typeof end === 'number' ? { end } : end;
  }
  if (char === '-' || (char >= '0' && char <= '9')) {
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    const after = text.charAt(at + (match?.[0].length ?? 0));
    if (match === null || match[0] === '-' || /[\w.+-]/.test(after)) return { offset: at, message: 'not a JSON number (no leading zeros, a digit on both sides of the point, no hex)' };
    return { end: at + match[0].length };
  }
  if (char === "'") return { offset: at, message: 'single quotes are not allowed in JSON: strings need double quotes' };
  if (char === '/') return { offset: at, message: 'comments are not allowed in JSON' };
  WORD.lastIndex = at;
  const word = WORD.exec(text)?.[0];
  if (word === 'true' || word === 'false' || word === 'null') return { end: at + word.length };
  if (word !== undefined) return { offset: at, message: `${word} is not a JSON value: the only words are true, false and null, and strings need double quotes` };
  if (char === '}' || char === ']') return { offset: at, message: `expected a value, found ${shown(char)}` };
  return { offset: at, message: `expected a value (object, array, string, number, true, false or null), found ${shown(char)}` };
}

/** The offset past the string whose opening quote is at `at`, or what is wrong with it. */
function stringEnd(text: string, at: number): number | JsonSyntaxError {
  let index = at + 1;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 0x22) return index + 1;
    if (code < 0x20) return { offset: index, message: 'a line break or other control character inside a string must be escaped (\\n, \\t, \\u0000)' };
    if (code === 0x5c) {
      const escape = text.charAt(index + 1);
      if (escape === 'u') {
        if (!HEX4.test(text.slice(index + 2, index + 6))) return { offset: index, message: 'a \\u escape needs four hexadecimal digits' };
        index += 6;
        continue;
      }
      if (!ESCAPES.has(escape)) return { offset: index, message: `\\${escape} is not a JSON escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)` };
      index += 2;
      continue;
    }
    index += 1;
  }
  return { offset: at, message: 'this string is not closed: the file ends before its closing "' };
}

function notAName(char: string): string {
  if (char === "'") return 'single quotes are not allowed in JSON: property names need double quotes';
  if (char === '/') return 'comments are not allowed in JSON';
  if (/[A-Za-z_$]/.test(char)) return 'property names need double quotes in JSON';
  return `expected a property name in double quotes, found ${shown(char)}`;
}

function shown(char: string): string {
  return /[\x20-\x7e]/.test(char) ? `'${char}'` : `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
