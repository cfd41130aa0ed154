import { relative, sep } from 'node:path';
import type { GateResult } from './check-files';
import { IacRule } from './findings';

/** Where SARIF readers send people to read about a rule. */
const INFORMATION_URI = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html';

/**
 * The result as SARIF 2.1.0 (OASIS SARIF v2.1.0: `version`, `runs[].tool.driver`
 * with `rules`, `results[]` with `ruleId`, `level`, `message.text` and
 * `locations[].physicalLocation` {`artifactLocation.uri`, `region.startLine`,
 * `startColumn`}), which code-scanning pages (GitHub, GitLab) show inline.
 * Paths are relative to `base` with forward slashes, as SARIF URIs are.
 */
export function formatSarif(result: GateResult, base: string, version: string): string {
  const rules = Object.values(IacRule);
  const uri = (file: string): string => relative(base, file).split(sep).join('/');
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
        results: [
          ...result.findings.map((finding) => ({
            ruleId: finding.rule.id,
            ruleIndex: rules.indexOf(finding.rule),
            level: finding.level,
            message: { text: finding.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: uri(finding.file) }, region: { startLine: finding.position.line, startColumn: finding.position.column } } }],
          })),
        ],
        invocations: [
          {
            executionSuccessful: result.problems.length === 0,
            toolExecutionNotifications: result.problems.map((problem) => ({
              level: 'error',
              message: { text: problem.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: uri(problem.file) },
                    ...(problem.position === undefined ? {} : { region: { startLine: problem.position.line, startColumn: problem.position.column } }),
                  },
                },
              ],
            })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
