import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SkipKind, type GateResult } from '../../../src/cli/check-iac/check-files';
import { IacRule } from '../../../src/cli/check-iac/findings';
import { formatSarif } from '../../../src/cli/check-iac/print-sarif';

/** RFC 3986 characters of a URI reference: unreserved, reserved, and `%` of a percent-encoding. */
const URI_REFERENCE = /^([A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$/;

interface Location {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } };
}

function sarifOf(result: GateResult, base: string) {
  return JSON.parse(formatSarif(result, base, '0.1.0')) as {
    runs: Array<{ originalUriBaseIds: Record<string, { uri: string }>; results: Array<{ locations: Location[] }>; invocations: Array<{ toolExecutionNotifications: Array<{ level: string; locations: Location[] }> }> }>;
  };
}

/** The path a SARIF consumer resolves an artifact location to. */
function resolved(location: Location, bases: Record<string, { uri: string }>): string {
  const { uri, uriBaseId } = location.physicalLocation.artifactLocation;
  return fileURLToPath(new URL(uri, uriBaseId === undefined ? undefined : bases[uriBaseId]?.uri));
}

describe('check-iac SARIF locations', () => {
  it('S1: writes percent-encoded relative references to %SRCROOT% for files under the working directory, and absolute file URIs for others', () => {
    const base = join(tmpdir(), 'repo root');
    const inside = join(base, 'infra dir', 'plan #1 [eu]:prod%.json');
    // A folder under the base whose name starts with two dots is inside it, not a way out of it.
    const dotted = join(base, '..templates', 'stack.json');
    const outside = join(tmpdir(), 'elsewhere', 'cdk out', 'Stack.template.json');
    const finding = (file: string) => ({ rule: IacRule.Expired, level: 'error' as const, file, position: { line: 3, column: 5 }, resource: 'r', message: 'm' });
    const result: GateResult = {
      findings: [finding(inside), finding(dotted), finding(outside)],
      problems: [{ file: join(base, 'bad file.yaml'), position: { line: 1, column: 2 }, message: 'broken' }],
      checked: [inside, dotted, outside],
      notices: [{ file: join(base, 'package.json'), kind: SkipKind.NotIac, reason: 'not a plan' }],
    };
    const [run] = sarifOf(result, base).runs;
    if (run === undefined) throw new Error('no run');
    const locations = [...run.results.flatMap((r) => r.locations), ...(run.invocations[0]?.toolExecutionNotifications.flatMap((n) => n.locations) ?? [])];
    expect(locations.map((l) => l.physicalLocation.artifactLocation)).toEqual([
      { uri: 'infra%20dir/plan%20%231%20%5Beu%5D%3Aprod%25.json', uriBaseId: '%SRCROOT%' },
      { uri: '..templates/stack.json', uriBaseId: '%SRCROOT%' },
      { uri: expect.stringMatching(/^file:\/\/\/.*\/elsewhere\/cdk%20out\/Stack\.template\.json$/) },
      { uri: 'bad%20file.yaml', uriBaseId: '%SRCROOT%' },
      { uri: 'package.json', uriBaseId: '%SRCROOT%' },
    ]);
    for (const location of locations) expect(location.physicalLocation.artifactLocation.uri).toMatch(URI_REFERENCE);
    expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toMatch(/^file:\/\/\/.*\/repo%20root\/$/);
    // Resolved the way a SARIF consumer does, each names the file it came from.
    expect(locations.map((l) => resolved(l, run.originalUriBaseIds))).toEqual([inside, dotted, outside, join(base, 'bad file.yaml'), join(base, 'package.json')]);
    expect(run.invocations[0]?.toolExecutionNotifications.map((n) => n.level)).toEqual(['error', 'note']);
  });
});
