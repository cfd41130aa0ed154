import fc from 'fast-check';
import { printable } from '../../src/cli/terminal-text';

describe('printable', () => {
  it('shows line breaks, tabs and the bell as escapes, so a value cannot start a new log line', () => {
    expect(printable('a\nb\r\tc\u0007')).toBe('a\\nb\\r\\tc\\x07');
  });

  it('shows ESC and the 8-bit CSI as escapes, so an ANSI sequence cannot recolour or clear the terminal', () => {
    expect(printable('\u001b[2J\u001b[31mred\u009b0m')).toBe('\\x1b[2J\\x1b[31mred\\x9b0m');
  });

  it('shows bidirectional overrides as escapes (Trojan Source)', () => {
    expect(printable('cert\u202egpj.exe\u2066x\u2069')).toBe('cert\\u202egpj.exe\\u2066x\\u2069');
  });

  it('escapes a leading "::" so a value printed at a line start is no workflow command', () => {
    expect(printable('::error::forged')).toBe('\\::error::forged');
    expect(printable('a::b')).toBe('a::b');
  });

  it('escapes "::" after leading white space the runner trims (ASCII, NBSP, U+3000, U+FEFF) or ignorable characters, not just at the very start', () => {
    expect(printable(' ::error::forged')).toBe('\\ ::error::forged');
    expect(printable('\u00a0\u3000::warning::x')).toBe('\\\u00a0\u3000::warning::x');
    expect(printable('\ufeff\u200b::add-mask::x')).toBe('\\\ufeff\u200b::add-mask::x');
    expect(printable(':\u200b:error::x')).toBe('\\:\u200b:error::x');
    // A tab is shown as \t, which the runner does not trim: already no command.
    expect(printable('\t::error::x')).toBe('\\t::error::x');
    expect(printable('a ::b')).toBe('a ::b');
  });

  it('escapes NEL (U+0085), which .NET trims as white space, and "::" after any Unicode white space the runner trims (TrimStart)', () => {
    expect(printable('\u0085::error::x')).toBe('\\x85::error::x');
    expect(printable('a\u0085b')).toBe('a\\x85b');
    for (const space of ['\u1680', '\u2000', '\u2003', '\u200a', '\u202f', '\u205f', '\u3000', '\u00a0']) {
      expect(printable(`${space}::error::x`)).toBe(`\\${space}::error::x`);
      expect(printable(`${space}${space}:\u200b:set-output name=a::b`)).toMatch(/^\\/);
    }
  });

  it('escapes the legacy "##[" command marker anywhere in a value, ignorable characters between its parts too', () => {
    expect(printable('x ##[error]forged')).toBe('x #\\#[error]forged');
    expect(printable('##[stop-commands]t')).toBe('#\\#[stop-commands]t');
    expect(printable('###[x')).toBe('##\\#[x');
    expect(printable('#\u200b#\u00ad[set-output name=a]b')).toBe('#\u200b\\#\u00ad[set-output name=a]b');
    expect(printable('# [x] #x [#]')).toBe('# [x] #x [#]');
  });

  it('shows the Unicode line and paragraph separators and NEL as escapes', () => {
    expect(printable('a\u2028::error::b\u2029c\u0085d')).toBe('a\\u2028::error::b\\u2029c\\x85d');
  });

  it('keeps printable text, non-ASCII letters included, unchanged', () => {
    expect(printable('shop-2025 — Zürich 東京 ✓ #1 [a]')).toBe('shop-2025 — Zürich 東京 ✓ #1 [a]');
  });

  it('never lets a control character, a line separator or a workflow command through, whatever the input', () => {
    // Strings built from the pieces of commands as well as from any code units, so the dangerous mixes come up.
    const pieces = fc.constantFrom(':', '::', '#', '##', '[', '##[', ' ', '\t', '\u00a0', '\u3000', '\u2028', '\u2029', '\u0085', '\u200b', '\u00ad', '\ufeff', '\u202e', '\\', 'error');
    const texts = fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('')));
    fc.assert(
      fc.property(texts, (text) => {
        const out = printable(text);
        expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
        expect(out).not.toMatch(/^[\p{White_Space}\p{Default_Ignorable_Code_Point}]*:\p{Default_Ignorable_Code_Point}*:/u);
        expect(out).not.toMatch(/#\p{Default_Ignorable_Code_Point}*#\p{Default_Ignorable_Code_Point}*\[/u);
      }),
      { numRuns: 2000 },
    );
  });
});
