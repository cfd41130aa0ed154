import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { copyService, PROJECT_ROOT } from '../deploy/support/package-service';
import { zipEntries } from '../deploy/support/zip-entries';
import { loadTemplate, mapping } from '../../scripts/cloudformation-yaml';
import { DETAILED_STATUSES, STACK_INSTANCE_FILTER_NAMES } from '../templates/support/stack-set-api';

// Packaging bundles with esbuild and runs the framework: seconds, once for the file.
jest.setTimeout(180_000);

const run = promisify(execFile);
const TEMPLATES = ['member-account-stack.yml', 'artifact-bucket.yml'];
const STACK_SET = 'iam-server-certificate-expiry';
/** The runtime wrapper, at the same path in the repository and in the zip. */
const WRAPPER = 'src/lambda-exec-wrapper.sh';
/** What the stand-in `aws` answers. */
const ORG_ID = 'o-a1b2c3d4e5';
const ROOT_OU_ID = 'r-ab12';
const BUCKET = 'iam-server-certificate-expiry-code-bucket-1a2b3c';
/** The parameters of a StackSet created by an earlier version, before OwnerTagKey and RunbookUrl. */
const EARLIER_PARAMETERS = ['CodeBucket', 'CodeKey', 'DaysToExpiration', 'MaximumExecutionFrequency', 'SecurityHubFindings'];

let serviceDir = '';
let outDir = '';
let binDir = '';
let key = '';
let commands = '';

/**
 * A stand-in for the AWS CLI: logs each call (arguments and working
 * directory) as one JSON line and prints what the real command would print
 * with `--output text` for the queries commands.sh makes.
 */
const FAKE_AWS = `#!/usr/bin/env node
const { appendFileSync } = require('node:fs');
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_AWS_LOG, JSON.stringify({ args, cwd: process.cwd() }) + '\\n');
const call = args.slice(0, 2).join(' ');
const answers = {
  'organizations describe-organization': '${ORG_ID}',
  'organizations list-roots': '${ROOT_OU_ID}',
  'cloudformation describe-stacks': '${BUCKET}',
  'cloudformation describe-stack-set': process.env.FAKE_PARAMETERS,
  'cloudformation list-stack-instances': process.env.FAKE_FAILED,
};
if (call in answers) process.stdout.write((answers[call] ?? '') + '\\n');
`;

interface AwsCall {
  readonly args: string[];
  readonly cwd: string;
}

/** Runs `sh commands.sh <args>` against the stand-in CLI; what it called, printed and returned. */
async function commandsSh(args: string[], env: Record<string, string> = {}): Promise<{ calls: AwsCall[]; code: number; output: string }> {
  const log = join(binDir, `calls-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(log, '');
  const childEnv: Record<string, string> = {
    PATH: `${binDir}:${process.env['PATH'] ?? ''}`,
    FAKE_AWS_LOG: log,
    FAKE_PARAMETERS: EARLIER_PARAMETERS.join('\t'),
    FAKE_FAILED: '111111111111,222222222222',
    ...env,
  };
  let code = 0;
  let output = '';
  try {
    const result = await run('sh', [join(outDir, 'commands.sh'), ...args], { cwd: tmpdir(), env: childEnv });
    output = `${result.stdout}${result.stderr}`;
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    code = failure.code ?? -1;
    output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`;
  }
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AwsCall);
  return { calls, code, output };
}

function named(calls: readonly AwsCall[], service: string, operation: string): AwsCall[] {
  return calls.filter((call) => call.args[0] === service && call.args[1] === operation);
}

function only(calls: readonly AwsCall[], service: string, operation: string): AwsCall {
  const matching = named(calls, service, operation);
  if (matching.length !== 1) throw new Error(`expected one ${service} ${operation}, got ${matching.length}: ${JSON.stringify(calls.map((call) => call.args.slice(0, 2)))}`);
  return matching[0] as AwsCall;
}

/** The values after an option: `--parameters a b --regions x` gives ['a', 'b'] for --parameters. */
function option(call: AwsCall, name: string): string[] {
  const start = call.args.indexOf(name);
  if (start < 0) return [];
  const end = call.args.findIndex((arg, index) => index > start && arg.startsWith('--'));
  return call.args.slice(start + 1, end < 0 ? undefined : end);
}

/** The `file://` or plain template path a call reads, resolved where the CLI ran. */
function templateFileOf(call: AwsCall): string {
  const value = option(call, '--template-body')[0] ?? option(call, '--template-file')[0] ?? '';
  return join(call.cwd, value.replace(/^file:\/\//, ''));
}

beforeAll(async () => {
  serviceDir = copyService();
  cpSync(join(PROJECT_ROOT, 'templates'), join(serviceDir, 'templates'), { recursive: true });
  // The script checks the template with the template resolver of the tests.
  cpSync(join(PROJECT_ROOT, 'tests', 'templates', 'support'), join(serviceDir, 'tests', 'templates', 'support'), { recursive: true });
  outDir = mkdtempSync(join(tmpdir(), 'stackset-package-'));
  binDir = mkdtempSync(join(tmpdir(), 'stackset-fake-aws-'));
  writeFileSync(join(binDir, 'aws'), FAKE_AWS);
  chmodSync(join(binDir, 'aws'), 0o755);
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('AWS_')) delete env[name];
  }
  await run(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(serviceDir, 'scripts', 'package-stackset.ts'), outDir], { cwd: serviceDir, env, timeout: 150_000 });
  key = readdirSync(outDir).find((file) => file.endsWith('.zip')) ?? '';
  commands = readFileSync(join(outDir, 'commands.sh'), 'utf8');
});

afterAll(() => {
  for (const dir of [serviceDir, outDir, binDir]) if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('scripts/package-stackset.ts (npm run package:stackset)', () => {
  it('writes the zip, both templates and commands.sh, and nothing else', () => {
    expect(readdirSync(outDir).sort()).toEqual([key, 'artifact-bucket.yml', 'commands.sh', 'member-account-stack.yml'].sort());
  });

  it('names the zip by its content hash, and commands.sh uploads and deploys that key', () => {
    const hash = createHash('sha256').update(readFileSync(join(outDir, key))).digest('hex');
    expect(key).toBe(`iam-server-certificate-expiry-rule-${hash.slice(0, 16)}.zip`);
    expect(commands).toContain(`\nKEY=${key}\n`);
  });

  it('zips the module and export that the StackSet template\'s Handler names', async () => {
    const template = loadTemplate(join(outDir, 'member-account-stack.yml'));
    const handler = String(mapping(mapping(mapping(template['Resources'], 'Resources')['Function'], 'Function')['Properties'], 'Properties')['Handler']);
    const dot = handler.lastIndexOf('.');
    const [file, exported] = [`${handler.slice(0, dot)}.js`, handler.slice(dot + 1)];
    const entries = new Map(zipEntries(readFileSync(join(outDir, key))).map((entry) => [entry.name, entry.content]));

    expect([...entries.keys()].sort()).toEqual([file, `${file}.map`, WRAPPER].sort());
    const unpacked = join(outDir, 'unpacked');
    mkdirSync(join(unpacked, 'src'), { recursive: true });
    writeFileSync(join(unpacked, file), entries.get(file) ?? '');
    const { stdout } = await run(process.execPath, ['-e', `process.stdout.write(typeof require(${JSON.stringify(join(unpacked, file))})[${JSON.stringify(exported)}])`], {
      env: { PATH: process.env['PATH'] ?? '' },
    });
    rmSync(unpacked, { recursive: true, force: true });
    expect(stdout).toBe('function');
  });

  it('zips the runtime wrapper the StackSet template names, executable', () => {
    const template = loadTemplate(join(outDir, 'member-account-stack.yml'));
    const fn = mapping(mapping(mapping(template['Resources'], 'Resources')['Function'], 'Function')['Properties'], 'Properties');
    const wrapper = zipEntries(readFileSync(join(outDir, key))).find((entry) => entry.name === WRAPPER);

    expect(mapping(mapping(fn['Environment'], 'Environment')['Variables'], 'Variables')['AWS_LAMBDA_EXEC_WRAPPER']).toBe(`/var/task/${WRAPPER}`);
    expect((wrapper?.unixMode ?? 0) & 0o500).toBe(0o500);
    expect(wrapper?.content.equals(readFileSync(join(PROJECT_ROOT, WRAPPER)))).toBe(true);
  });

  it.each(TEMPLATES)('copies templates/%s byte for byte', (template) => {
    expect(readFileSync(join(outDir, template)).equals(readFileSync(join(PROJECT_ROOT, 'templates', template)))).toBe(true);
  });

  it('defines in commands.sh every variable it uses, and is valid sh', async () => {
    const code = commands
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    const used = new Set([...code.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((match) => match[1]));
    // NAME=value at the start of a command (a line, or after ; then else do), or a for loop's variable.
    const assignments = /(?:^\s*|;\s*|\b(?:then|else|do)\s+)([A-Za-z_]\w*)=/gm;
    const assigned = new Set([...code.matchAll(assignments), ...code.matchAll(/\bfor\s+([A-Za-z_]\w*)\s+in\b/g)].map((match) => match[1]));

    expect([...used].filter((name) => !assigned.has(name))).toEqual([]);
    expect([...used].sort()).toEqual(expect.arrayContaining(['ACCOUNTS', 'BUCKET', 'CALL_AS', 'KEY', 'ORG_ID', 'ROOT_OU_ID']));
    await expect(run('sh', ['-n', join(outDir, 'commands.sh')])).resolves.toBeDefined();
  });

  it('bucket: creates the code bucket for the caller\'s Organization, from the copied template', async () => {
    const { calls, code } = await commandsSh(['bucket']);
    const deploy = only(calls, 'cloudformation', 'deploy');

    expect(code).toBe(0);
    expect(option(deploy, '--parameter-overrides')).toEqual([`OrganizationId=${ORG_ID}`]);
    expect(option(deploy, '--region')).toEqual(['us-east-1']);
    expect(readFileSync(templateFileOf(deploy)).equals(readFileSync(join(PROJECT_ROOT, 'templates', 'artifact-bucket.yml')))).toBe(true);
  });

  it('upload: copies the zip under its key into the bucket', async () => {
    const { calls } = await commandsSh(['upload']);
    const copy = only(calls, 's3', 'cp');

    expect(copy.args.slice(2, 4)).toEqual([key, `s3://${BUCKET}/${key}`]);
    expect(existsSync(join(copy.cwd, key))).toBe(true);
  });

  it.each(['SELF', 'DELEGATED_ADMIN'])('create with CALL_AS=%s: the StackSet on this key, auto-deployed to the root, every StackSet call as that caller', async (callAs) => {
    const { calls, code } = await commandsSh(['create'], callAs === 'SELF' ? {} : { CALL_AS: callAs });
    const stackSet = only(calls, 'cloudformation', 'create-stack-set');
    const instances = only(calls, 'cloudformation', 'create-stack-instances');

    expect(code).toBe(0);
    expect(option(stackSet, '--parameters')).toEqual([`ParameterKey=CodeBucket,ParameterValue=${BUCKET}`, `ParameterKey=CodeKey,ParameterValue=${key}`]);
    expect(option(stackSet, '--permission-model')).toEqual(['SERVICE_MANAGED']);
    expect(option(stackSet, '--auto-deployment')).toEqual(['Enabled=true,RetainStacksOnAccountRemoval=false']);
    expect(existsSync(templateFileOf(stackSet))).toBe(true);
    expect(option(instances, '--deployment-targets')).toEqual([`OrganizationalUnitIds=${ROOT_OU_ID}`]);
    expect([stackSet, instances].map((call) => option(call, '--call-as'))).toEqual([[callAs], [callAs]]);
  });

  it('update: this template and key; every value the StackSet has kept, a parameter new in this template left to its default', async () => {
    const { calls } = await commandsSh(['update']);
    const update = only(calls, 'cloudformation', 'update-stack-set');

    expect(option(update, '--parameters').sort()).toEqual(
      [
        `ParameterKey=CodeKey,ParameterValue=${key}`,
        ...EARLIER_PARAMETERS.filter((name) => name !== 'CodeKey').map((name) => `ParameterKey=${name},UsePreviousValue=true`),
      ].sort(),
    );
    expect(readFileSync(templateFileOf(update)).equals(readFileSync(join(PROJECT_ROOT, 'templates', 'member-account-stack.yml')))).toBe(true);
    expect(option(update, '--operation-preferences')).toEqual(['MaxConcurrentPercentage=25,FailureTolerancePercentage=10']);
  });

  it('failed: lists the accounts whose stack instance failed, with filter names and values CloudFormation knows', async () => {
    const { calls } = await commandsSh(['failed']);
    const list = only(calls, 'cloudformation', 'list-stack-instances');
    const [filter] = option(list, '--filters');
    const { Name: name, Values: value } = Object.fromEntries((filter ?? '').split(',').map((pair) => pair.split('='))) as { Name?: string; Values?: string };

    expect(STACK_INSTANCE_FILTER_NAMES).toContain(name);
    expect(DETAILED_STATUSES).toContain(value);
    expect([name, value]).toEqual(['DETAILED_STATUS', 'FAILED']);
    expect(option(list, '--stack-set-name')).toEqual([STACK_SET]);
  });

  it('retry: re-runs the failed accounts only, same template and values, through the Organization root', async () => {
    const { calls } = await commandsSh(['retry'], { FAKE_PARAMETERS: [...EARLIER_PARAMETERS, 'OwnerTagKey', 'RunbookUrl'].join('\t') });
    const update = only(calls, 'cloudformation', 'update-stack-set');

    expect(named(calls, 'cloudformation', 'list-stack-instances')).toHaveLength(1);
    expect(option(update, '--deployment-targets')).toEqual([`OrganizationalUnitIds=${ROOT_OU_ID},Accounts=111111111111,222222222222,AccountFilterType=INTERSECTION`]);
    expect(option(update, '--regions')).toEqual(['us-east-1']);
    expect(update.args).toContain('--use-previous-template');
    expect(option(update, '--parameters')).toEqual([...EARLIER_PARAMETERS, 'OwnerTagKey', 'RunbookUrl'].map((name) => `ParameterKey=${name},UsePreviousValue=true`));
    expect(option(update, '--call-as')).toEqual(['SELF']);
  });

  it('retry ACCOUNT...: re-runs the accounts given; with nothing failed, changes nothing', async () => {
    const given = await commandsSh(['retry', '333333333333', '444444444444'], { CALL_AS: 'DELEGATED_ADMIN' });
    const update = only(given.calls, 'cloudformation', 'update-stack-set');
    expect(option(update, '--deployment-targets')).toEqual([`OrganizationalUnitIds=${ROOT_OU_ID},Accounts=333333333333,444444444444,AccountFilterType=INTERSECTION`]);
    expect(option(update, '--call-as')).toEqual(['DELEGATED_ADMIN']);
    expect(named(given.calls, 'cloudformation', 'list-stack-instances')).toEqual([]);

    const none = await commandsSh(['retry'], { FAKE_FAILED: '' });
    expect([none.code, named(none.calls, 'cloudformation', 'update-stack-set')]).toEqual([0, []]);
    expect(none.output).toContain('No failed stack instance');
  });

  it('refuses, before packaging, a template whose rule input parameters could pass the 1,024 characters AWS Config takes', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'stackset-long-'));
    const templates = join(serviceDir, 'templates');
    const original = readFileSync(join(templates, 'member-account-stack.yml'), 'utf8');
    try {
      // RunbookUrl without its MaxLength: its length, and so the expiring rule's, has no bound.
      writeFileSync(join(templates, 'member-account-stack.yml'), original.replace(/^ {4}MaxLength: 256\n(?= {4}# Host names)/m, ''));
      const failure = run(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(serviceDir, 'scripts', 'package-stackset.ts'), copy], { cwd: serviceDir, timeout: 60_000 });
      await expect(failure).rejects.toMatchObject({
        stderr: expect.stringContaining('templates/member-account-stack.yml: rule input parameters can pass the 1024 characters AWS Config takes (iam-server-certificate-expiring: RunbookUrl has no MaxLength)'),
      });
      expect(readdirSync(copy)).toEqual([]);
    } finally {
      writeFileSync(join(templates, 'member-account-stack.yml'), original);
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('refuses an unknown CALL_AS or subcommand before calling AWS', async () => {
    const badCaller = await commandsSh(['create'], { CALL_AS: 'ADMIN' });
    const badCommand = await commandsSh(['deploy']);

    expect([badCaller.code, badCaller.calls]).toEqual([2, []]);
    expect(badCaller.output).toContain('CALL_AS must be SELF');
    expect([badCommand.code, badCommand.calls]).toEqual([2, []]);
    expect(badCommand.output).toContain('sh commands.sh retry');
  });

  it('passes --call-as on every StackSet call, whatever the subcommand', async () => {
    const stackSetCalls: AwsCall[] = [];
    for (const args of [['create'], ['update'], ['failed'], ['retry']]) {
      const { calls } = await commandsSh(args, { CALL_AS: 'DELEGATED_ADMIN' });
      stackSetCalls.push(...calls.filter((call) => call.args[0] === 'cloudformation' && /stack-set|stack-instances/.test(call.args[1] ?? '')));
    }
    expect(stackSetCalls.length).toBeGreaterThanOrEqual(6);
    expect(stackSetCalls.filter((call) => option(call, '--call-as')[0] !== 'DELEGATED_ADMIN').map((call) => call.args[1])).toEqual([]);
  });
});
