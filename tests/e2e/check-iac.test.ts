import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, runCliProcess } from '../support/bundle/build-cli';
import { certificateEnding } from '../support/certificates';

jest.setTimeout(60_000);

/**
 * `iam-cert-expiry check-iac` as CI runs it: the built CLI, no AWS
 * credentials at all, and every AWS endpoint pointed at a closed port, so a
 * single AWS call would show.
 */
describe('iam-cert-expiry check-iac, built, with no AWS access', () => {
  let directory: string;
  let cliPath: string;
  const noAws = {
    HOME: '/nonexistent',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_EC2_METADATA_DISABLED: 'true',
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'check-iac-e2e-'));
    cliPath = join(directory, 'cli.js');
    await buildCli(cliPath);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  async function template(days: number): Promise<string> {
    const pem = (await certificateEnding('www.example.com', new Date(), days)).certificatePem;
    return JSON.stringify({ Resources: { Cert: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: pem, PrivateKey: 'x' } } } }, null, 2);
  }

  it('exits 0 for a valid certificate, 2 for an expiring one, 1 for a file it cannot parse', async () => {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const ok = join(directory, 'ok');
    const bad = join(directory, 'bad');
    mkdirSync(ok);
    mkdirSync(bad);
    writeFileSync(join(ok, 'stack.template.json'), await template(200));
    writeFileSync(join(bad, 'stack.template.json'), await template(10));
    writeFileSync(join(directory, 'broken.yaml'), 'Resources: [\n');

    const passing = await runCliProcess(cliPath, ['check-iac', ok], noAws);
    expect([passing.code, passing.stdout]).toEqual([0, expect.stringContaining('1 file checked: 0 errors, 0 warnings')]);

    const failing = await runCliProcess(cliPath, ['check-iac', '--sarif', bad], noAws);
    expect(failing.code).toBe(2);
    expect((JSON.parse(failing.stdout) as { runs: Array<{ results: unknown[] }> }).runs[0]?.results).toHaveLength(1);

    const broken = await runCliProcess(cliPath, ['check-iac', join(directory, 'broken.yaml')], noAws);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/broken\.yaml:\d+:\d+: error: /);
    expect(`${passing.stderr}${failing.stderr}${broken.stderr}`).toBe('');
  });
});
