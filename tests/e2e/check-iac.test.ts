import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { writeLargePlan } from '../cli/check-iac/large-plan';
import { buildCli } from '../../scripts/cli-bundle';
import { runCliProcess } from '../support/bundle/cli-process';
import { certificateEnding } from '../support/certificates';

/** The first fenced code block in `language` of docs/gate.md after the text `after`. */
function snippet(language: string, after: string): string {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'gate.md'), 'utf8');
  const start = doc.indexOf(after);
  const block = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(doc.slice(start));
  if (start === -1 || block?.[1] === undefined) throw new Error(`docs/gate.md has no ${language} block after ${after}`);
  return block[1];
}

/** Runs a command in `cwd` and says how it ended. */
function run(command: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

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
    expect(broken.stderr).toMatch(/^\S*broken\.yaml:\d+:\d+: error: .+\n$/);
    expect(`${passing.stderr}${failing.stderr}`).toBe('');

    // With SARIF on stdout, the parse error still shows on stderr (a CI log shows it), and in the SARIF.
    const brokenSarif = await runCliProcess(cliPath, ['check-iac', '--sarif', join(directory, 'broken.yaml')], noAws);
    expect([brokenSarif.code, brokenSarif.stderr]).toEqual([1, broken.stderr]);
    expect(JSON.parse(brokenSarif.stdout)).toMatchObject({ runs: [{ invocations: [{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error' }] }] }] });
  });

  it('exits 1 with a clear message, not a heap crash, when a plan does not fit in the memory Node.js has', async () => {
    const pem = (await certificateEnding('www.example.com', new Date(), 5)).certificatePem;
    const plan = join(directory, 'big-plan.json');
    // 64 MiB: the CLI alone starts with about 32 MiB of old space in use (measured 2026-12-07), so a
    // smaller cap tests V8's start-up, not the guard; a 16 MB plan needs about 46 MiB, more than is left.
    writeLargePlan(plan, 16_000_000, pem);
    const small = await runCliProcess(cliPath, ['check-iac', plan], { ...noAws, NODE_OPTIONS: '--max-old-space-size=64' });
    expect(small.code).toBe(1);
    expect(small.stderr).toMatch(/big-plan\.json: error: checking this [\d.]+ MiB JSON file needs about \d+ MiB of memory, more than this Node\.js process has left \([\d.]+ [KM]iB\): run it with NODE_OPTIONS=--max-old-space-size=\d+/);
    // The flag it suggests is enough: run with it, the plan is checked.
    const suggested = /NODE_OPTIONS=(--max-old-space-size=\d+)/.exec(small.stderr)?.[1] ?? '';
    const given = await runCliProcess(cliPath, ['check-iac', plan], { ...noAws, NODE_OPTIONS: suggested });
    expect([given.code, given.stdout]).toEqual([2, expect.stringContaining('[IAMCERT002]')]);
    // The same plan with the default heap: checked, and the expiring certificate fails the gate.
    const normal = await runCliProcess(cliPath, ['check-iac', plan], noAws);
    expect([normal.code, normal.stdout]).toEqual([2, expect.stringContaining('[IAMCERT002]')]);
  });

  it('gives a file the same answer whatever was checked before it: the guard reads the heap limit, not what earlier files left on the heap', async () => {
    const pem = (await certificateEnding('www.example.com', new Date(), 5)).certificatePem;
    const first = join(directory, 'first-plan.json');
    const second = join(directory, 'second-plan.json');
    writeLargePlan(first, 8_000_000, pem);
    copyFileSync(first, second);
    // A heap the 8 MB plan fits in. Measured against what was still free, the guard once passed the plan
    // alone here and refused it after another, whose values, garbage by then, still took up the heap.
    const heap = { ...noAws, NODE_OPTIONS: '--max-old-space-size=112' };
    const alone = await runCliProcess(cliPath, ['check-iac', second], heap);
    const after = await runCliProcess(cliPath, ['check-iac', first, second], heap);
    expect([alone.code, alone.stderr, alone.stdout]).toEqual([2, '', expect.stringContaining('1 file checked: 1 error, 0 warnings')]);
    expect([after.code, after.stderr, after.stdout]).toEqual([2, '', expect.stringContaining('2 files checked: 2 errors, 0 warnings')]);
  });

  it("runs docs/gate.md's pre-commit hooks as written: only the template folder, other JSON in it skipped", async () => {
    const repository = join(directory, 'repository');
    mkdirSync(join(repository, 'templates'), { recursive: true });
    mkdirSync(join(repository, 'tools'));
    copyFileSync(cliPath, join(repository, 'tools', 'iam-cert-expiry.js'));
    writeFileSync(join(repository, 'package.json'), '{"name": "infra"}');
    writeFileSync(join(repository, 'templates', 'package.json'), '{"name": "templates"}');
    writeFileSync(join(repository, 'templates', 'stack.template.json'), await template(10));
    const hook = join(repository, 'pre-commit.sh');
    writeFileSync(hook, snippet('sh', 'Or a plain Git hook'));
    expect((await run('git', ['init', '--quiet'], repository)).code).toBe(0);

    // A commit that touches only package.json: the hook does not run the gate.
    await run('git', ['add', 'package.json'], repository);
    expect(await run('sh', [hook], repository)).toEqual({ code: 0, stdout: '', stderr: '' });

    // A commit that touches the templates: the folder is checked; its package.json is skipped, not an error.
    await run('git', ['add', 'templates'], repository);
    const gitHook = await run('sh', [hook], repository);
    expect(gitHook.code).toBe(2);
    expect(gitHook.stdout).toContain('1 file checked, 1 skipped (not a plan or template): 1 error, 0 warnings');
    expect(gitHook.stderr).toBe('templates/package.json: notice: skipped, neither a Terraform plan (terraform show -json) nor a CloudFormation template\n');

    // pre-commit's local hook: its entry, run as pre-commit runs it (no file names: pass_filenames is false).
    const [config] = (parseYaml(snippet('yaml', 'With [pre-commit]')) as { repos: Array<{ hooks: Array<{ entry: string; files: string; pass_filenames: boolean }> }> }).repos;
    const preCommit = config?.hooks[0];
    expect([preCommit?.pass_filenames, new RegExp(preCommit?.files ?? '$^').test('templates/stack.template.json')]).toEqual([false, true]);
    const [command, ...args] = (preCommit?.entry ?? '').split(' ');
    const entry = await run(command ?? '', args, repository);
    expect([entry.code, entry.stdout]).toEqual([2, gitHook.stdout]);
  });

  it('expands Fn::ForEach (in YAML in a .json file), follows a symlinked folder and a local nested stack, names a remote one (an error unless --allow-unchecked), and escapes what it prints', async () => {
    const pem = (await certificateEnding('www.example.com', new Date(), -3)).certificatePem;
    const block = pem.trim().replace(/^/gm, '            ');
    const repository = join(directory, 'unseen');
    const templates = join(repository, 'templates');
    mkdirSync(join(repository, 'shared'), { recursive: true });
    mkdirSync(templates);
    copyFileSync(join(__dirname, '..', '..', 'templates', 'central-invoke-permission.yml'), join(templates, 'central-invoke-permission.yml'));
    const loop = ['Transform: AWS::LanguageExtensions', 'Resources:', '  Fn::ForEach::Sites:', '    - Site', '    - [www, "evil\\e[31m\\r::error::x"]', '    - Cert${Site}:', '        Type: AWS::IAM::ServerCertificate', '        Properties:', '          CertificateBody: |', block].join('\n');
    writeFileSync(join(repository, 'shared', 'loop.template.json'), `${loop}\n`);
    writeFileSync(join(repository, 'shared', 'nested.yaml'), `Resources:\n  Inner:\n    Type: AWS::IAM::ServerCertificate\n    Properties:\n      CertificateBody: |\n${pem.trim().replace(/^/gm, '        ')}\n`);
    writeFileSync(join(templates, 'parent.yaml'), 'Resources:\n  Local:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ../shared/nested.yaml }\n  Remote:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: "s3://bucket/remote.yaml" }\n');
    symlinkSync(join(repository, 'shared'), join(templates, 'shared-link'));

    const gate = await runCliProcess(cliPath, ['check-iac', templates], noAws);
    expect([gate.code, gate.stderr]).toEqual([2, '']);
    const lines = gate.stdout.trim().split('\n');
    expect(lines.map((line) => line.replace(`${repository}/`, '').replace(/:\d+:\d+: /, ': ').replace(/: the .*\[/, ' ['))).toEqual([
      'shared/nested.yaml: error: Local/Inner [IAMCERT001]',
      'templates/parent.yaml: error: Remote [IAMCERT007]',
      'templates/shared-link/loop.template.json: error: Certwww [IAMCERT001]',
      'templates/shared-link/loop.template.json: error: Certevil\\x1b[31m\\r::error::x [IAMCERT001]',
      'templates/shared-link/nested.yaml: error: Inner [IAMCERT001]',
      '5 files checked: 5 errors, 0 warnings',
    ]);
    expect(gate.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    // The nested template is reported where it is: its own file, and its resource under its parent's name.
    expect(gate.stdout).toContain(`${join(repository, 'shared', 'nested.yaml')}:5:`);

    const strict = await runCliProcess(cliPath, ['check-iac', '--strict', join(templates, 'parent.yaml')], noAws);
    expect([strict.code, strict.stdout]).toEqual([2, expect.stringContaining('error: Remote: the template s3://bucket/remote.yaml was not checked')]);
    const allowed = await runCliProcess(cliPath, ['check-iac', '--allow-unchecked', join(templates, 'parent.yaml')], noAws);
    expect([allowed.code, allowed.stdout]).toEqual([2, expect.stringContaining('warning: Remote: the template s3://bucket/remote.yaml was not checked')]);
  });

  it('fails a plan whose Cloud Control stack holds an expired certificate in its inline TemplateBody, and one whose type_name is known only after apply', async () => {
    const pem = (await certificateEnding('www.example.com', new Date(), -3)).certificatePem;
    const template = { Resources: { Cert: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: pem } } } };
    const change = (name: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) => ({
      address: `aws_cloudcontrolapi_resource.${name}`,
      mode: 'managed',
      type: 'aws_cloudcontrolapi_resource',
      name,
      change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
    });
    const plan = (changes: unknown[]) => JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', planned_values: {}, resource_changes: changes }, null, 2);
    const stacks = join(directory, 'cloud-control-plan.json');
    writeFileSync(
      stacks,
      plan([
        change('string', { type_name: 'AWS::CloudFormation::Stack', desired_state: JSON.stringify({ StackName: 's', TemplateBody: JSON.stringify(template) }) }),
        change('object', { type_name: 'AWS::CloudFormation::Stack', desired_state: JSON.stringify({ StackName: 'o', TemplateBody: template }) }),
      ]),
    );
    const gate = await runCliProcess(cliPath, ['check-iac', stacks], noAws);
    expect([gate.code, gate.stderr]).toEqual([2, '']);
    expect(gate.stdout).toMatch(/error: aws_cloudcontrolapi_resource\.string\/Cert: the certificate expired .*\[IAMCERT001\]/);
    expect(gate.stdout).toMatch(/error: aws_cloudcontrolapi_resource\.object\/Cert: the certificate expired .*\[IAMCERT001\]/);

    const unknownType = join(directory, 'unknown-type-plan.json');
    writeFileSync(unknownType, plan([change('later', { desired_state: '{"BucketName": "b"}' }, { type_name: true })]));
    const unknown = await runCliProcess(cliPath, ['check-iac', unknownType], noAws);
    expect([unknown.code, unknown.stdout]).toEqual([2, expect.stringContaining('aws_cloudcontrolapi_resource.later: its type_name is known only after apply')]);
  });

  it('names a custom macro (Transform, Fn::Transform) as a template it did not check: a failed gate by default and with --strict, a warning with --allow-unchecked', async () => {
    const macros = join(directory, 'macros');
    mkdirSync(macros);
    writeFileSync(join(macros, 'top.json'), JSON.stringify({ Transform: 'MyCertMacro', Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } }));
    writeFileSync(join(macros, 'within.yaml'), 'Resources:\n  Fn::Transform:\n    Name: MyCertMacro\n  Bucket:\n    Type: AWS::S3::Bucket\n');
    const lenient = await runCliProcess(cliPath, ['check-iac', '--allow-unchecked', macros], noAws);
    expect([lenient.code, lenient.stderr]).toEqual([0, '']);
    expect(lenient.stdout.match(/warning: MyCertMacro: the macro MyCertMacro \((Transform|Resources\.Fn::Transform)\) processes this template/g)).toHaveLength(2);
    expect(lenient.stdout).toContain('--template-stage Processed');
    const byDefault = await runCliProcess(cliPath, ['check-iac', macros], noAws);
    expect([byDefault.code, byDefault.stdout]).toEqual([2, expect.stringContaining('2 files checked: 2 errors, 0 warnings')]);
    const strict = await runCliProcess(cliPath, ['check-iac', '--strict', macros], noAws);
    expect([strict.code, strict.stdout]).toEqual([2, byDefault.stdout]);
  });

  it('has no placeholders left in the snippets of docs/gate.md', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'gate.md'), 'utf8');
    const blocks = [...doc.matchAll(/```\w*\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(blocks.length).toBeGreaterThan(4);
    for (const block of blocks) expect(block).not.toMatch(/<[a-z][\w ]*>/);
    // The GitLab job synthesizes the CDK app before it checks cdk.out/.
    const gitlab = parseYaml(snippet('yaml', 'GitLab CI')) as { 'check-iac': { script: string[] } };
    const script = gitlab['check-iac'].script;
    const synth = script.findIndex((line) => /\bcdk synth\b/.test(line));
    const check = script.findIndex((line) => line.includes('check-iac') && line.includes('cdk.out/'));
    expect(synth).toBeGreaterThanOrEqual(0);
    expect(check).toBeGreaterThan(synth);
  });
});
