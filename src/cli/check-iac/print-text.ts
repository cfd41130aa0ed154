import type { GateResult, SkippedFile } from './check-files';
import type { IacParseProblem } from './findings';

/** `file:line:column: error: message` (or `file: error: message` with no position): a problem, as compilers print one. */
export function formatProblem(problem: IacParseProblem): string {
  return `${problem.file}${problem.position === undefined ? '' : `:${problem.position.line}:${problem.position.column}`}: error: ${problem.message}\n`;
}

/** `file: notice: skipped, …`: a file a directory search found that is not a plan or template. */
export function formatNotice(notice: SkippedFile): string {
  return `${notice.file}: notice: skipped, ${notice.reason}\n`;
}

/**
 * `file:line:column: level: message [IAMCERTnnn]`, one line each, then a
 * summary. Problems are not repeated here: the command writes them to stderr
 * in every output format.
 */
export function formatText(result: GateResult): string {
  const lines = result.findings.map((finding) => `${finding.file}:${finding.position.line}:${finding.position.column}: ${finding.level}: ${finding.message} [${finding.rule.id}]`);
  const errors = result.findings.filter((finding) => finding.level === 'error').length;
  const warnings = result.findings.length - errors;
  lines.push(
    `${result.checked.length} file${result.checked.length === 1 ? '' : 's'} checked` +
      (result.notices.length > 0 ? `, ${result.notices.length} skipped (not a plan or template)` : '') +
      `: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` +
      (result.problems.length > 0 ? `, ${result.problems.length} unreadable (see stderr)` : ''),
  );
  return `${lines.join('\n')}\n`;
}
