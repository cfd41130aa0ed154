import type { GateResult } from './check-files';
import type { SourcePosition } from './findings';
import { IacRule } from './findings';
import { artifactLocation, directoryUri, SOURCE_ROOT } from './sarif-uri';

/** Where SARIF readers send people to read about a rule. */
const INFORMATION_URI = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html';

/**
 * The result as SARIF 2.1.0 (OASIS SARIF v2.1.0: `version`, `runs[].tool.driver`
 * with `rules`, `results[]` with `ruleId`, `level`, `message.text` and
 * `locations[].physicalLocation` {`artifactLocation`, `region.startLine`,
 * `startColumn`}), which code-scanning pages (GitHub, GitLab) show inline.
 * Files under `base` are relative references to {@link SOURCE_ROOT}, which
 * `run.originalUriBaseIds` defines as `base`; others are absolute `file:` URIs.
 * Problems (exit 1) are `invocations[].toolExecutionNotifications` at level
 * `error`; skipped files are notifications at level `note`.
 */
export function formatSarif(result: GateResult, base: string, version: string): string {
  const rules = Object.values(IacRule);
  const physicalLocation = (file: string, position: SourcePosition | undefined) => ({
    artifactLocation: artifactLocation(file, base),
    ...(position === undefined ? {} : { region: { startLine: position.line, startColumn: position.column } }),
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iam-cert-expiry check-iac',
            version,
            informationUri: INFORMATION_URI,
            rules: rules.map((rule) => ({ id: rule.id, name: rule.name, shortDescription: { text: rule.text } })),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(base) } },
        results: result.findings.map((finding) => ({
          ruleId: finding.rule.id,
          ruleIndex: rules.indexOf(finding.rule),
          level: finding.level,
          message: { text: finding.message },
          locations: [{ physicalLocation: physicalLocation(finding.file, finding.position) }],
        })),
        invocations: [
          {
            executionSuccessful: result.problems.length === 0,
            toolExecutionNotifications: [
              ...result.problems.map((problem) => ({ level: 'error', message: { text: problem.message }, locations: [{ physicalLocation: physicalLocation(problem.file, problem.position) }] })),
              ...result.notices.map((notice) => ({ level: 'note', message: { text: `skipped, ${notice.reason}` }, locations: [{ physicalLocation: physicalLocation(notice.file, undefined) }] })),
            ],
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
