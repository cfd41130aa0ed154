/**
 * Untrusted text (certificate names, annotations, tag values, file paths,
 * template contents) made safe to print on a terminal or in a CI log.
 *
 * - C0 and C1 control characters and DEL are shown as escapes (`\n`, `\r`,
 *   `\t`, `\x1b`, `\x9b`…), so a value can neither move the cursor, recolour or
 *   clear the screen (ANSI escape sequences start with ESC or the 8-bit CSI
 *   0x9b), ring the bell, nor start a new log line. U+0085 (NEL) is a C1
 *   control; the Unicode line and paragraph separators U+2028 and U+2029
 *   (categories Zl and Zp, the only two) are shown as `\u2028`, `\u2029`: a
 *   log viewer may break the line there.
 * - Unicode bidirectional controls (U+200E/F, U+202A–U+202E, U+2066–U+2069)
 *   are shown as `\u202e`…, so a value cannot reorder what is printed after it
 *   ("Trojan Source", CVE-2021-42574).
 * - No value can be read as a GitHub Actions workflow command. The runner
 *   hands each line of a step's output to `ActionCommandManager.TryProcessCommand`
 *   (actions/runner, src/Runner.Worker/ActionCommandManager.cs), which tries
 *   two parsers of src/Runner.Common/ActionCommand.cs on it, the second when
 *   the first finds nothing: `TryParseV2` trims the line's leading white space
 *   (`String.TrimStart()`, every `Char.IsWhiteSpace` character: NEL U+0085,
 *   NBSP, U+1680, U+2000–U+200A, U+2028, U+3000… too) and takes it for a command when what is left starts with
 *   `::` (`::error::`, `::add-mask::`); `TryParse`, the legacy form, looks for
 *   `##[` anywhere in the line (`##[error]…`, `##[set-output …]`). Both compare
 *   with .NET's culture-sensitive `StartsWith`/`IndexOf`, which skip
 *   characters of no collation weight (U+200B and the like) under ICU, so
 *   those count as nothing here too. A value that starts with `::` after any
 *   such white space or ignorable characters gets a `\` in front (`\::error::`,
 *   `\ \u00a0::error::`), and every `##[` gets one before its second `#`
 *   (`#\#[error]`): the line no longer starts with `::`, nor holds `##[`.
 *
 * Printable text, including every other non-ASCII character, is kept as is.
 *
 * @example
 * io.stdout(`${printable(certificate.name)}\n`);
 */
export function printable(text: string): string {
  const escaped = text.replace(UNSAFE, escapeOne).replace(LEGACY_COMMAND, '#$1\\#$2[');
  return WORKFLOW_COMMAND.test(escaped) ? `\\${escaped}` : escaped;
}

// C0 controls, DEL, C1 controls (NEL among them), the bidirectional formatting characters, and the line and paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\p{Zl}\p{Zp}]/gu;

/**
 * What the runner may see as nothing between the characters of a command's
 * marker: characters of no collation weight, approximated by Unicode's
 * Default_Ignorable_Code_Point (U+00AD, U+200B–U+200F, U+2060–U+206F, U+FEFF…).
 */
const IGNORABLE = '\\p{Default_Ignorable_Code_Point}';

/** The legacy command marker `##[` (ActionCommand.TryParse: `message.IndexOf("##[")`), ignorable characters between its parts. */
const LEGACY_COMMAND = new RegExp(`#(${IGNORABLE}*)#(${IGNORABLE}*)\\[`, 'gu');

/** A line that is a command once its leading white space is trimmed (ActionCommand.TryParseV2: `message.TrimStart()`, then `StartsWith("::")`). */
const WORKFLOW_COMMAND = new RegExp(`^[\\p{White_Space}${IGNORABLE}]*:${IGNORABLE}*:`, 'u');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(character: string): string {
  const named = NAMED[character];
  if (named !== undefined) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
