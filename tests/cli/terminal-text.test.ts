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

  it('keeps printable text, non-ASCII letters included, unchanged', () => {
    expect(printable('shop-2025 — Zürich 東京 ✓')).toBe('shop-2025 — Zürich 東京 ✓');
  });

  it('never lets a control character through, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = printable(text);
        expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
        expect(out.startsWith('::')).toBe(false);
      }),
    );
  });
});
