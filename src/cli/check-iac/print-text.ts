import { printable } from '../terminal-text';
import { SkipKind, type GateResult, type SkippedFile } from './check-files';
import type { IacParseProblem } from './findings';

/*
 * Every line starts with a file path, and every path, message, resource name
 * and template value in it comes from the files checked: each is passed
 * through printable(), so none can move the cursor, recolour the terminal or
 * start a new line that a CI log would read as its own (`::error::`).
 */

/** `file:line:column: error: message` (or `file: error: message` with no position): a problem, as compilers print one. */
export function formatProblem(problem: IacParseProblem): string {
  return `${printable(problem.file)}${problem.position === undefined ? '' : `:${problem.position.line}:${problem.position.column}`}: error: ${printable(problem.message)}\n`;
}

/** `file: notice: skipped, …`: a file a directory search found that is not a plan or template, or a file or folder reached again. */
export function formatNotice(notice: SkippedFile): string {
  return `${printable(notice.file)}: notice: skipped, ${printable(notice.reason)}\n`;
}

/**
 * `file:line:column: level: message [IAMCERTnnn]`, one line each, then a
 * summary. Problems are not repeated here: the command writes them to stderr
 * in every output format.
 */
export function formatText(result: GateResult): string {
  const lines = result.findings.map((finding) => `${printable(finding.file)}:${finding.position.line}:${finding.position.column}: ${finding.level}: ${printable(finding.message)} [${finding.rule.id}]`);
  const errors = result.findings.filter((finding) => finding.level === 'error').length;
  const warnings = result.findings.length - errors;
  const notIac = result.notices.filter((notice) => notice.kind === SkipKind.NotIac).length;
  const repeats = result.notices.length - notIac;
  lines.push(
    `${result.checked.length} file${result.checked.length === 1 ? '' : 's'} checked` +
      (notIac > 0 ? `, ${notIac} skipped (not a plan or template)` : '') +
      (repeats > 0 ? `, ${repeats} reached again through a link (read once)` : '') +
      `: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` +
      (result.problems.length > 0 ? `, ${result.problems.length} not checked (see stderr)` : ''),
  );
  return `${lines.join('\n')}\n`;
}
