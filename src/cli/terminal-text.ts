/**
 * Untrusted text (certificate names, annotations, tag values, file paths,
 * template contents) made safe to print on a terminal or in a CI log.
 *
 * - C0 and C1 control characters and DEL are shown as escapes (`\n`, `\r`,
 *   `\t`, `\x1b`, `\x9b`…), so a value can neither move the cursor, recolour or
 *   clear the screen (ANSI escape sequences start with ESC or the 8-bit CSI
 *   0x9b), ring the bell, nor start a new log line.
 * - Unicode bidirectional controls (U+200E/F, U+202A–U+202E, U+2066–U+2069)
 *   are shown as `\u202e`…, so a value cannot reorder what is printed after it
 *   ("Trojan Source", CVE-2021-42574).
 * - A value that starts with `::` is shown as `\::`, so even printed at the
 *   start of a line it is not read as a GitHub Actions workflow command
 *   (`::error::`, `::add-mask::`; GitHub Docs, "Workflow commands for GitHub
 *   Actions": a command is a line that starts with `::`).
 *
 * Printable text, including every other non-ASCII character, is kept as is.
 *
 * @example
 * io.stdout(`${printable(certificate.name)}\n`);
 */
export function printable(text: string): string {
  const escaped = text.replace(UNSAFE, escapeOne);
  return escaped.startsWith('::') ? `\\${escaped}` : escaped;
}

// C0 controls, DEL, C1 controls, and the bidirectional formatting characters.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(character: string): string {
  const named = NAMED[character];
  if (named !== undefined) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
