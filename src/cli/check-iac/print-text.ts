import type { GateResult } from './check-files';

/** `file:line:column: level: message [IAMCERTnnn]`, one line each, then a summary. */
export function formatText(result: GateResult): string {
  const lines = [
    ...result.problems.map((problem) => `${problem.file}${problem.position === undefined ? '' : `:${problem.position.line}:${problem.position.column}`}: error: ${problem.message}`),
    ...result.findings.map((finding) => `${finding.file}:${finding.position.line}:${finding.position.column}: ${finding.level}: ${finding.message} [${finding.rule.id}]`),
  ];
  const errors = result.findings.filter((finding) => finding.level === 'error').length;
  const warnings = result.findings.length - errors;
  lines.push(
    `${result.checked.length} file${result.checked.length === 1 ? '' : 's'} checked` +
      (result.skipped.length > 0 ? `, ${result.skipped.length} skipped (not a plan or template)` : '') +
      `: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` +
      (result.problems.length > 0 ? `, ${result.problems.length} unreadable` : ''),
  );
  return `${lines.join('\n')}\n`;
}
