import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkIacCommand } from '../../../src/cli/check-iac/check-iac-command';
import { ExitCode } from '../../../src/cli/exit-codes';
import { CliUsageError } from '../../../src/errors';
import { directoryWith, NOW, pemEnding, planJson, resourceChange, yamlAliasBomb } from './fixtures';

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

  it('G3: exits 1 naming the file and position on stderr when a file named on the command line does not parse', async () => {
    const directory = directoryWith({ 'bad.json': '{"resource_changes": [1, 2,' });
    const { promise, out, err } = run([join(directory, 'bad.json')]);
    expect(await promise).toBe(ExitCode.Error);
    expect(err.join('')).toMatch(/bad\.json:1:28: error: not valid JSON: the file ends inside the array that opens at line 1, column 22: a '\]' is missing/);
    expect(out.join('')).toContain('0 files checked: 0 errors, 0 warnings, 1 not checked (see stderr)');
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

  it.each([['--sarif'], ['--json']])('G7: with %s, still writes each parse error to stderr as file:line:column, besides the report on stdout', async (format) => {
    const directory = directoryWith({ 'broken.yaml': 'Resources:\n  A: [unclosed\n', 'plan.json': planJson([]) });
    const { promise, out, err } = run([format, join(directory, 'broken.yaml'), join(directory, 'plan.json')]);
    expect(await promise).toBe(ExitCode.Error);
    expect(err.join('')).toMatch(/^.*broken\.yaml:\d+:\d+: error: .+\n$/);
    const report = JSON.parse(out.join('')) as { problems?: unknown[]; runs?: Array<{ invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: unknown[] }> }> };
    if (format === '--json') expect(report.problems).toHaveLength(1);
    else expect(report.runs?.[0]?.invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [expect.objectContaining({ level: 'error' })] });
  });

  it('G8: exits 0 for a plan with nothing in it', async () => {
    const directory = directoryWith({ 'plan.json': JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', planned_values: { root_module: {} }, configuration: { root_module: {} }, complete: true, errored: false }) });
    const { promise, out, err } = run([join(directory, 'plan.json')]);
    expect(await promise).toBe(ExitCode.Ok);
    expect([out.join(''), err.join('')]).toEqual(['1 file checked: 0 errors, 0 warnings\n', '']);
  });

  it('G9: skips other JSON and YAML a directory search finds, with a notice on stderr, but refuses it named on the command line', async () => {
    const directory = directoryWith({
      'package.json': '{"name": "infra"}',
      'cdk.out/manifest.json': '{"version": "36.0.0", "artifacts": {}}',
      'cdk.out/Stack.template.json': JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } }),
      '.gitlab-ci.yml': 'check:\n  script: [make]\n',
      'flow.yaml': '{name: x, tags: [a, b]}\n',
    });
    const found = run([directory]);
    expect(await found.promise).toBe(ExitCode.Ok);
    expect(found.out.join('')).toContain('1 file checked, 4 skipped (not a plan or template): 0 errors, 0 warnings');
    const notices = found.err.join('').trim().split('\n');
    expect(notices).toHaveLength(4);
    expect(notices).toContainEqual(`${join(directory, 'package.json')}: notice: skipped, neither a Terraform plan (terraform show -json) nor a CloudFormation template`);
    // Flow-style YAML starts like JSON: it parses, as YAML, and is no template.
    expect(notices).toContainEqual(expect.stringMatching(/flow\.yaml: notice: skipped, neither a Terraform plan .* \(read as YAML: not valid JSON: /));

    // --json: the files skipped, and why, in the order they were found.
    const json = run(['--json', directory]);
    expect(await json.promise).toBe(ExitCode.Ok);
    const report = JSON.parse(json.out.join('')) as { skipped: string[]; notices: Array<{ file: string; reason: string }> };
    const skipped = ['.gitlab-ci.yml', 'cdk.out/manifest.json', 'flow.yaml', 'package.json'].map((file) => join(directory, file));
    expect(report.skipped).toEqual(skipped);
    expect(report.notices.map((notice) => notice.file)).toEqual(skipped);

    const named = run([join(directory, 'package.json')]);
    expect(await named.promise).toBe(ExitCode.Error);
    expect(named.err.join('')).toBe(`${join(directory, 'package.json')}: error: neither a Terraform plan (terraform show -json) nor a CloudFormation template\n`);
  });

  it('G10: exits 1 for YAML a directory search finds that the gate gives up on at its limits (alias expansion, nesting): it does not pass what it could not read', async () => {
    const directory = directoryWith({
      'templates/bomb.yaml': yamlAliasBomb(),
      'templates/deep.yaml': `Resources: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
    });
    const { promise, out, err } = run([directory]);
    expect(await promise).toBe(ExitCode.Error);
    const lines = err.join('').trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/templates\/bomb\.yaml:\d+:\d+: error: the YAML aliases expand to more than 5,000,000 values \(MAX_YAML_VALUES\)$/),
      expect.stringMatching(/templates\/deep\.yaml:1:\d+: error: the YAML is nested more than \d+ levels deep \(MAX_YAML_NESTING\)$/),
    ]);
    expect(out.join('')).toContain('0 files checked: 0 errors, 0 warnings, 2 not checked (see stderr)');
  });

  it.each([[[]], [['--strict']]])('G15: exits 1 (%j) for a file a directory search finds that cannot be parsed: a broken template, broken JSON, an empty file, a Helm template', async (flags) => {
    const directory = directoryWith({
      'templates/ok.yaml': 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n',
      'templates/broken.yaml': 'Resources:\n  Cert: [unclosed\n',
      'templates/broken.json': '{"Resources": {"Cert": {"Type": "AWS::IAM::ServerCertificate"}},,}',
      'templates/plan.json': '',
      'templates/old.template': '{"Resources": {"A": {"Type": "AWS::S3::Bucket"}}',
      'helm/templates/deployment.yaml': '{{- if .Values.enabled }}\nmetadata:\n  name: x\n{{- end }}\n',
      'package.json': '{"name": "infra"}',
    });
    const { promise, out, err } = run([...flags, directory]);
    expect(await promise).toBe(ExitCode.Error);
    const errors = err.join('').trim().split('\n').filter((line) => line.includes(': error: '));
    expect(errors.map((line) => line.slice(directory.length + 1).replace(/:\d+:\d+: error: .*/, ': error'))).toEqual([
      'helm/templates/deployment.yaml: error',
      'templates/broken.json: error',
      'templates/broken.yaml: error',
      'templates/old.template: error',
      'templates/plan.json: error',
    ]);
    expect(errors[4]).toMatch(/plan\.json:1:1: error: the file is empty$/);
    // Only package.json is "not a plan or template": the broken files are counted as unreadable.
    expect(out.join('')).toContain('1 file checked, 1 skipped (not a plan or template): 0 errors, 0 warnings, 5 not checked (see stderr)');
  });

  it('G11: follows symbolic links to files and folders, searches a folder reached twice once, and fails on a link it cannot follow', async () => {
    const directory = directoryWith({
      'real/stack.template.json': JSON.stringify({ Resources: { Cert: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: await pemEnding(-1) } } } }),
      'elsewhere/plan.json': planJson([resourceChange('aws_iam_server_certificate', 'linked', { certificate_body: await pemEnding(-2) })]),
    });
    const scanned = join(directory, 'scanned');
    mkdirSync(scanned);
    symlinkSync(join(directory, 'real'), join(scanned, 'linked-folder'));
    symlinkSync(join(directory, 'elsewhere', 'plan.json'), join(scanned, 'linked-plan.json'));
    symlinkSync(scanned, join(directory, 'real', 'loop'), 'dir');
    const followed = run([scanned]);
    expect(await followed.promise).toBe(ExitCode.Expired);
    expect(followed.out.join('')).toMatch(/linked-folder\/stack\.template\.json:1:\d+: error: Cert: the certificate expired/);
    expect(followed.out.join('')).toMatch(/linked-plan\.json:\d+:\d+: error: aws_iam_server_certificate\.linked: the certificate expired/);
    expect(followed.err.join('')).toBe(`${join(scanned, 'linked-folder', 'loop')}: notice: skipped, a link to ${scanned}, a folder searched already\n`);
    // A folder reached again is no file that is "not a plan or template".
    expect(followed.out.join('')).toContain('2 files checked, 1 reached again through a link (read once): 2 errors, 0 warnings');

    symlinkSync(join(directory, 'nowhere.yaml'), join(scanned, 'dangling.yaml'));
    const dangling = run([scanned]);
    expect(await dangling.promise).toBe(ExitCode.Error);
    expect(dangling.err.join('')).toContain(`${join(scanned, 'dangling.yaml')}: error: a link that cannot be followed: its target does not exist\n`);
  });

  it('G12: a folder that cannot be read fails the run (exit 1), never a silent skip', async () => {
    const directory = directoryWith({ 'ok/plan.json': planJson([]), 'locked/plan.json': planJson([]) });
    const fs = require('node:fs/promises') as typeof import('node:fs/promises');
    const real = fs.readdir;
    jest.spyOn(fs, 'readdir').mockImplementation(((path: string, options: unknown) => {
      if (String(path).endsWith('locked')) return Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
      return (real as (p: string, o: unknown) => Promise<unknown>)(path, options);
    }) as unknown as typeof fs.readdir);
    const { promise, out, err } = run([directory]);
    expect(await promise).toBe(ExitCode.Error);
    expect(err.join('')).toBe(`${join(directory, 'locked')}: error: the folder cannot be searched: permission denied\n`);
    expect(out.join('')).toContain('1 file checked: 0 errors, 0 warnings, 1 not checked (see stderr)');
  });

  it('G13: escapes control characters in resource names and file paths in text output, and keeps JSON and SARIF valid with them', async () => {
    const hostile = 'evil\u001b[31m\rname\n::error::forged';
    const directory = directoryWith({});
    const folder = join(directory, 'dir\u001b]0;title\u0007\r\n::error::x');
    mkdirSync(folder);
    const file = join(folder, 'plan.json');
    writeFileSync(file, planJson([resourceChange('aws_iam_server_certificate', hostile, { certificate_body: await pemEnding(-1) })]));
    writeFileSync(join(folder, 'broken.yaml'), 'Resources: [\u001b[2J\n');
    const text = run([folder]);
    expect(await text.promise).toBe(ExitCode.Error);
    const printed = text.out.join('') + text.err.join('');
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(printed.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(text.out.join('')).toContain('dir\\x1b]0;title\\x07\\r\\n::error::x/plan.json:');
    expect(text.out.join('')).toContain('aws_iam_server_certificate.evil\\x1b[31m\\rname\\n::error::forged: the certificate expired');
    for (const format of ['--json', '--sarif']) {
      const structured = run([format, folder]);
      expect(await structured.promise).toBe(ExitCode.Error);
      const report = JSON.stringify(JSON.parse(structured.out.join('')));
      expect(report).toContain(JSON.stringify(hostile).slice(1, -1));
    }
    const json = run(['--json', folder]);
    await json.promise;
    expect((JSON.parse(json.out.join('')) as { findings: Array<{ file: string; resource: string }> }).findings[0]).toMatchObject({ file, resource: `aws_iam_server_certificate.${hostile}` });
    await expect(run([join(directory, 'no\u001b[2Jsuch')]).promise).rejects.toThrow('no\\x1b[2Jsuch: no such file or directory');
    await expect(run(['--bo\u001bgus', directory]).promise).rejects.toThrow("check-iac: Unknown option '--bo\\x1bgus'");
  });

  it('G16: exits 1 for a folder in which nothing was checked (empty, or only other JSON and YAML): an empty scan is no pass', async () => {
    const empty = directoryWith({ 'README.md': '# no templates here\n' });
    const bare = run([empty]);
    expect(await bare.promise).toBe(ExitCode.Error);
    expect(bare.err.join('')).toBe(`${empty}: error: nothing was checked: no Terraform plan or CloudFormation template in this folder (no .json, .yaml, .yml or .template file in it); an empty or half-written folder is what a failed cdk synth or terraform show leaves, and the gate does not pass what it has not read\n`);
    expect(bare.out.join('')).toBe('0 files checked: 0 errors, 0 warnings, 1 not checked (see stderr)\n');

    // A cdk.out/ whose synth failed half-way: the manifest, no template.
    const synth = directoryWith({ 'cdk.out/manifest.json': '{"version": "36.0.0", "artifacts": {}}', 'cdk.out/tree.json': '{"version": "tree-0.1"}' });
    const half = run(['--sarif', join(synth, 'cdk.out')]);
    expect(await half.promise).toBe(ExitCode.Error);
    expect(half.err.join('')).toContain(`${join(synth, 'cdk.out')}: error: nothing was checked: no Terraform plan or CloudFormation template in this folder (2 files in it, none a plan or template)`);
    expect(JSON.parse(half.out.join(''))).toMatchObject({ runs: [{ invocations: [{ executionSuccessful: false }] }] });

    // One folder with a template does not cover another given with nothing in it; a plan named on its own is checked as before.
    const good = directoryWith({ 'plan.json': planJson([]) });
    const mixed = run([good, empty]);
    expect(await mixed.promise).toBe(ExitCode.Error);
    expect(mixed.err.join('')).toMatch(new RegExp(`^${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error: nothing was checked`));
    expect(await run([join(good, 'plan.json')]).promise).toBe(ExitCode.Ok);

    // A relative path ('.'): the files skipped in it are counted, though their paths do not start with './'.
    const cwd = process.cwd();
    try {
      process.chdir(synth);
      const here = run(['.']);
      expect(await here.promise).toBe(ExitCode.Error);
      expect(here.err.join('')).toContain('.: error: nothing was checked: no Terraform plan or CloudFormation template in this folder (2 files in it, none a plan or template)');
    } finally {
      process.chdir(cwd);
    }
  });

  it('G17: refuses a device or a FIFO named on the command line at once (/dev/zero never ends, a FIFO blocks), as not a regular file', async () => {
    const started = Date.now();
    const device = run(['/dev/zero']);
    expect(await device.promise).toBe(ExitCode.Error);
    expect(device.err.join('')).toBe('/dev/zero: error: not a regular file (a device, FIFO or socket), so the gate cannot read it as a plan or template\n');
    const fifo = join(directoryWith({}), 'plan.json');
    execFileSync('mkfifo', [fifo]);
    const pipe = run([fifo]);
    expect(await pipe.promise).toBe(ExitCode.Error);
    expect(pipe.err.join('')).toBe(`${fifo}: error: not a regular file (a device, FIFO or socket), so the gate cannot read it as a plan or template\n`);
    // Read, /dev/zero would fill the heap and the FIFO wait for a writer; refused from their stat, they take no time at all.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('G18: says in one line why a file or path cannot be read (EACCES, EPERM, EIO, …), naming the path once and never in Node\'s own words', async () => {
    const directory = directoryWith({ 'locked.json': planJson([]), 'broken.json': planJson([]), 'odd.json': planJson([]), 'ok/plan.json': planJson([]) });
    const fs = require('node:fs/promises') as typeof import('node:fs/promises');
    const nodeError = (code: string, syscall: string, path: string): Error => Object.assign(new Error(`${code}: ${code === 'EACCES' ? 'permission denied' : 'i/o error'}, ${syscall} '${path}'`), { code, syscall, path });
    const readFile = fs.readFile;
    jest.spyOn(fs, 'readFile').mockImplementation(((path: string, ...rest: unknown[]) => {
      const name = String(path);
      if (name.endsWith('locked.json')) return Promise.reject(nodeError('EACCES', 'open', name));
      if (name.endsWith('broken.json')) return Promise.reject(nodeError('EIO', 'read', name));
      if (name.endsWith('odd.json')) return Promise.reject(nodeError('EXDEV', 'open', name));
      return (readFile as (p: string, ...r: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as unknown as typeof fs.readFile);
    const stat = fs.stat;
    jest.spyOn(fs, 'stat').mockImplementation(((path: string, ...rest: unknown[]) => {
      if (String(path).endsWith('hidden/plan.json')) return Promise.reject(nodeError('EACCES', 'stat', String(path)));
      return (stat as (p: string, ...r: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as unknown as typeof fs.stat);
    try {
      const named = ['locked.json', 'broken.json', 'odd.json', 'hidden/plan.json'].map((file) => join(directory, file));
      const { promise, err } = run([...named, join(directory, 'ok')]);
      expect(await promise).toBe(ExitCode.Error);
      expect(err.join('').split('\n').filter(Boolean).sort()).toEqual(
        [
          `${named[3]}: error: the path cannot be read: permission denied`,
          `${named[0]}: error: the file cannot be read: permission denied`,
          `${named[1]}: error: the file cannot be read: an input/output error`,
          `${named[2]}: error: the file cannot be read: the system refused it (EXDEV)`,
        ].sort(),
      );
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('G14: a template the gate could not check is an error by default (exit 2, SARIF level error), as with --strict; --allow-unchecked makes it a warning', async () => {
    const directory = directoryWith({ 'stack.yaml': 'Resources:\n  Nested:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: "https://example.com/nested.yaml" }\n' });
    const byDefault = run([directory]);
    expect(await byDefault.promise).toBe(ExitCode.Expired);
    expect(byDefault.out.join('')).toMatch(/stack\.yaml:4:\d+: error: Nested: the template https:\/\/example\.com\/nested\.yaml was not checked .*--allow-unchecked reports it as a warning.* \[IAMCERT007\]/);
    const strict = run(['--strict', directory]);
    expect(await strict.promise).toBe(ExitCode.Expired);
    expect(strict.out.join('')).toBe(byDefault.out.join(''));
    const sarif = run(['--sarif', directory]);
    expect(await sarif.promise).toBe(ExitCode.Expired);
    expect((JSON.parse(sarif.out.join('')) as { runs: Array<{ results: Array<{ ruleId: string; level: string }> }> }).runs[0]?.results.map((r) => [r.ruleId, r.level])).toEqual([['IAMCERT007', 'error']]);
    const allowed = run(['--allow-unchecked', directory]);
    expect(await allowed.promise).toBe(ExitCode.Ok);
    expect(allowed.out.join('')).toMatch(/stack\.yaml:4:\d+: warning: Nested: the template https:\/\/example\.com\/nested\.yaml was not checked \(a remote template: only CloudFormation reads it\); check it with the gate where it is built \[IAMCERT007\]/);
    await expect(run(['--strict', '--allow-unchecked', directory]).promise).rejects.toThrow(/--strict and --allow-unchecked cannot be used together/);
  });

});
