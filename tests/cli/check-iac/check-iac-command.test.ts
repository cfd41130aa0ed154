import { join } from 'node:path';
import { checkIacCommand } from '../../../src/cli/check-iac/check-iac-command';
import { ExitCode } from '../../../src/cli/exit-codes';
import { CliUsageError } from '../../../src/errors';
import { directoryWith, NOW, pemEnding, planJson, resourceChange } from './fixtures';

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const environment = { io: { stdout: (text: string) => void out.push(text), stderr: (text: string) => void err.push(text) }, now: NOW };
  return { promise: checkIacCommand(args, environment), out, err };
}

describe('iam-cert-expiry check-iac', () => {
  it('G1: searches a directory, skips other JSON, and exits 2 on an expired certificate', async () => {
    const directory = directoryWith({
      'infra/plan.json': planJson([resourceChange('aws_iam_server_certificate', 'old', { certificate_body: await pemEnding(-1) })]),
      'infra/package.json': '{"name":"x"}',
      'node_modules/dep/template.json': planJson([resourceChange('aws_iam_server_certificate', 'ignored', { certificate_body: await pemEnding(-9) })]),
    });
    const { promise, out } = run([directory]);
    expect(await promise).toBe(ExitCode.Expired);
    const text = out.join('');
    expect(text).toMatch(/infra\/plan\.json:\d+:\d+: error: aws_iam_server_certificate\.old: the certificate expired .* \[IAMCERT001\]/);
    expect(text).toContain('1 file checked, 1 skipped (not a plan or template): 1 error, 0 warnings');
    expect(text).not.toContain('ignored');
  });

  it('G2: exits 0 with only warnings', async () => {
    const directory = directoryWith({ 'plan.json': planJson([resourceChange('aws_lb_listener', 'l', { certificate_arn: 'arn:aws:iam::1:server-certificate/x' })]) });
    const { promise, out } = run([directory]);
    expect(await promise).toBe(ExitCode.Ok);
    expect(out.join('')).toContain('0 errors, 1 warning');
  });

  it('G3: exits 1 naming the file and position when a file named on the command line does not parse', async () => {
    const directory = directoryWith({ 'bad.json': '{"resource_changes": [1, 2,' });
    const { promise, out } = run([join(directory, 'bad.json')]);
    expect(await promise).toBe(ExitCode.Error);
    expect(out.join('')).toMatch(/bad\.json:1:\d+: error: /);
  });

  it('G4: writes SARIF 2.1.0 with rules, levels and locations', async () => {
    const directory = directoryWith({ 'plan.json': planJson([resourceChange('aws_iam_server_certificate', 'soon', { certificate_body: await pemEnding(3) })]) });
    const { promise, out } = run(['--sarif', directory]);
    expect(await promise).toBe(ExitCode.Expired);
    const sarif = JSON.parse(out.join('')) as {
      version: string;
      runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }>;
    };
    expect(sarif.version).toBe('2.1.0');
    const [runResult] = sarif.runs;
    expect(runResult?.tool.driver.rules.map((rule) => rule.id)).toContain('IAMCERT002');
    expect(runResult?.results).toEqual([
      expect.objectContaining({
        ruleId: 'IAMCERT002',
        level: 'error',
        message: { text: expect.stringContaining('3 days left') },
        locations: [{ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/plan\.json$/) }, region: { startLine: expect.any(Number), startColumn: expect.any(Number) } } }],
      }),
    ]);
    expect(runResult?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).not.toMatch(/\\/);
  });

  it('G5: writes JSON for scripts', async () => {
    const directory = directoryWith({ 'plan.json': planJson([resourceChange('aws_iam_server_certificate', 'x', {}, { afterUnknown: { certificate_body: true } })]) });
    const { promise, out } = run(['--json', '--allow-unknown', directory]);
    expect(await promise).toBe(ExitCode.Ok);
    expect(JSON.parse(out.join(''))).toMatchObject({ findings: [{ ruleId: 'IAMCERT003', level: 'warning', resource: 'aws_iam_server_certificate.x' }] });
  });

  it('G6: refuses no path, a missing path, a bad --days and --json with --sarif, naming the problem', async () => {
    await expect(run([]).promise).rejects.toThrow(/give at least one file or directory/);
    await expect(run(['/no/such/path']).promise).rejects.toThrow(/\/no\/such\/path: no such file or directory/);
    await expect(run(['--days', 'x', '.']).promise).rejects.toThrow(CliUsageError);
    await expect(run(['--json', '--sarif', '.']).promise).rejects.toThrow(/cannot be used together/);
    await expect(run(['--bogus', '.']).promise).rejects.toThrow(/check-iac: Unknown option '--bogus'/);
  });
});
