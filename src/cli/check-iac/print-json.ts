import type { GateResult } from './check-files';

/** The result as one JSON document, for scripts: findings, problems (exit 1, with file and position), checked and skipped files, and why each was skipped. */
export function formatJson(result: GateResult): string {
  return `${JSON.stringify(
    {
      findings: result.findings.map((finding) => ({
        ruleId: finding.rule.id,
        rule: finding.rule.name,
        level: finding.level,
        file: finding.file,
        line: finding.position.line,
        column: finding.position.column,
        resource: finding.resource,
        message: finding.message,
      })),
      problems: result.problems,
      checked: result.checked,
      skipped: result.notices.map((notice) => notice.file),
      notices: result.notices,
    },
    null,
    2,
  )}\n`;
}
