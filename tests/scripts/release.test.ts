import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EXPIRY_EVENTS_IAM_ACTIONS } from '../../src/adapters/eventbridge-expiry-events';
import { EVALUATION_SCHEDULE_IAM_ACTIONS } from '../../src/adapters/scheduler-evaluation-schedules';
import { SECURITY_HUB_FINDINGS_IAM_ACTIONS } from '../../src/adapters/security-hub-findings';
import { DEFAULT_RULE_PARAMETERS, parseRuleParameters } from '../../src/core/rule-parameters';
import { USAGE_SCAN_IAM_ACTIONS } from '../../src/usage/required-actions';
import { withoutUnreleasedChanges } from '../../scripts/changelog-entry';
import { copyService, PROJECT_ROOT } from '../deploy/support/package-service';
import { actionsCalledBy } from '../deploy/support/sdk-actions';
import { zipEntries } from '../deploy/support/zip-entries';
import { actionsOf, list, loadTemplate, mapping, refsIn, type TemplateValue } from '../../scripts/cloudformation-yaml';
import { inputParametersText, MAX_INPUT_PARAMETERS_LENGTH } from '../../scripts/input-parameters-budget';
import { ResolvedTemplate } from '../../scripts/resolve-template';

// One release: esbuild twice (function and CLI), serverless package, npm pack. Seconds, once for the file.
jest.setTimeout(300_000);

const run = promisify(execFile);
const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const WRAPPER = 'src/lambda-exec-wrapper.sh';
const TEMPLATE_NAMES: Record<string, string> = {
  'member-account-stack.yml': `account-stack-${VERSION}.yml`,
  'member-account-role.yml': `member-account-role-${VERSION}.yml`,
  'conformance-pack.yml': `conformance-pack-${VERSION}.yml`,
  'central-invoke-permission.yml': `central-invoke-permission-${VERSION}.yml`,
  'artifact-bucket.yml': `artifact-bucket-${VERSION}.yml`,
};
const ZIP = `iam-server-certificate-expiry-rule-lambda-${VERSION}.zip`;
const TARBALL = `iam-server-certificate-expiry-rule-${VERSION}.tgz`;
/** CloudFormation quotas (CloudFormation User Guide, "CloudFormation quotas"): inline template body, resources, parameters, outputs. */
const QUOTAS = { templateBodyBytes: 51_200, resources: 500, parameters: 200, outputs: 200 };

let serviceDir = '';
let outDir = '';
let releaseOutput = '';

/** What the release script needs of the repository, in a private copy (node_modules linked): it builds into dist/ and packs the copy. */
function copyForRelease(): string {
  const dir = copyService();
  // No tests/: the release scripts import nothing from it.
  for (const entry of ['templates', 'docs', 'CHANGELOG.md', 'LICENSE', 'README.md']) {
    cpSync(join(PROJECT_ROOT, entry), join(dir, entry), { recursive: true });
  }
  // Changes waiting under [Unreleased] belong to the next version, and the release rightly refuses them
  // (scripts/changelog-entry.ts, tested on its own): this copy releases package.json's version as if they were not there yet.
  const changelog = join(dir, 'CHANGELOG.md');
  writeFileSync(changelog, withoutUnreleasedChanges(readFileSync(changelog, 'utf8')));
  return dir;
}

function withoutAwsEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('AWS_') || name.startsWith('RULE_')) delete env[name];
  return env;
}

async function release(dir: string, out: string): Promise<{ stdout: string; stderr: string }> {
  return run(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(dir, 'scripts', 'release.ts'), out], { cwd: dir, env: withoutAwsEnvironment(), timeout: 280_000 });
}

const released = (file: string): Record<string, TemplateValue> => loadTemplate(join(outDir, file));
const accountStack = (): Record<string, TemplateValue> => released(TEMPLATE_NAMES['member-account-stack.yml'] ?? '');

beforeAll(async () => {
  serviceDir = copyForRelease();
  outDir = join(mkdtempSync(join(tmpdir(), 'release-out-')), 'release');
  releaseOutput = (await release(serviceDir, outDir)).stdout;
});

afterAll(() => {
  for (const dir of [serviceDir, join(outDir, '..')]) if (dir !== '' && dir !== '..') rmSync(dir, { recursive: true, force: true });
});

describe('scripts/release.ts (npm run release)', () => {
  it('writes the zip, the templates, the CLI tarball and SHA256SUMS, every name but SHA256SUMS carrying the version', () => {
    expect(readdirSync(outDir).sort()).toEqual([ZIP, TARBALL, ...Object.values(TEMPLATE_NAMES), 'SHA256SUMS'].sort());
    expect(readdirSync(outDir).filter((file) => file !== 'SHA256SUMS' && !file.includes(VERSION))).toEqual([]);
    expect(releaseOutput).toContain('sha256sum -c SHA256SUMS');
  });

  it('writes SHA256SUMS that sha256sum -c verifies in the release folder, for every other file, and that catches a changed file', () => {
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: outDir, encoding: 'utf8' });
    expect([check.status, check.stderr]).toEqual([0, '']);
    expect(check.stdout.trim().split('\n').sort()).toEqual(readdirSync(outDir).filter((file) => file !== 'SHA256SUMS').sort().map((file) => `${file}: OK`));

    const tampered = mkdtempSync(join(tmpdir(), 'release-tampered-'));
    try {
      cpSync(outDir, tampered, { recursive: true });
      writeFileSync(join(tampered, TEMPLATE_NAMES['conformance-pack.yml'] ?? ''), `${readFileSync(join(outDir, TEMPLATE_NAMES['conformance-pack.yml'] ?? ''), 'utf8')}\n`);
      const failed = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: tampered, encoding: 'utf8' });
      expect(failed.status).not.toBe(0);
      expect(failed.stdout).toContain(`${TEMPLATE_NAMES['conformance-pack.yml']}: FAILED`);
    } finally {
      rmSync(tampered, { recursive: true, force: true });
    }
  });

  it('zips the bundle, its source map and the runtime wrapper (executable), and the bundle exports the handler the template names', async () => {
    const entries = zipEntries(readFileSync(join(outDir, ZIP)));
    expect(entries.map((entry) => entry.name).sort()).toEqual(['src/handler.js', 'src/handler.js.map', WRAPPER]);
    const wrapper = entries.find((entry) => entry.name === WRAPPER);
    expect((wrapper?.unixMode ?? 0) & 0o500).toBe(0o500);
    expect(wrapper?.content.equals(readFileSync(join(PROJECT_ROOT, WRAPPER)))).toBe(true);

    const fn = mapping(mapping(mapping(accountStack()['Resources'], 'Resources')['Function'], 'Function')['Properties'], 'Properties');
    expect(fn['Handler']).toBe('src/handler.handler');
    expect(mapping(mapping(fn['Environment'], 'Environment')['Variables'], 'Variables')['AWS_LAMBDA_EXEC_WRAPPER']).toBe(`/var/task/${WRAPPER}`);
    const unpacked = mkdtempSync(join(tmpdir(), 'release-zip-'));
    try {
      mkdirSync(join(unpacked, 'src'));
      writeFileSync(join(unpacked, 'src', 'handler.js'), entries.find((entry) => entry.name === 'src/handler.js')?.content ?? '');
      const { stdout } = await run(process.execPath, ['-e', `process.stdout.write(typeof require(${JSON.stringify(join(unpacked, 'src', 'handler.js'))}).handler)`], { env: { PATH: process.env['PATH'] ?? '' } });
      expect(stdout).toBe('function');
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });

  it.each(Object.entries(TEMPLATE_NAMES))('ships templates/%s unchanged, as %s', (source, name) => {
    expect(readFileSync(join(outDir, name)).equals(readFileSync(join(PROJECT_ROOT, 'templates', source)))).toBe(true);
  });

  it('packs the CLI: the tarball holds dist/cli.js at this version, and it runs', async () => {
    const unpacked = mkdtempSync(join(tmpdir(), 'release-cli-'));
    try {
      await run('tar', ['-xzf', join(outDir, TARBALL), '-C', unpacked]);
      expect((JSON.parse(readFileSync(join(unpacked, 'package', 'package.json'), 'utf8')) as { version: string }).version).toBe(VERSION);
      const help = spawnSync(process.execPath, [join(unpacked, 'package', 'dist', 'cli.js'), '--help'], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
      expect([help.status, help.stdout]).toEqual([0, expect.stringContaining('iam-cert-expiry')]);
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });

  it('gives the one-account template a parameter per setting, code from bucket + key, no Transform, and the outputs a deployment needs', () => {
    const stack = accountStack();
    expect(stack).not.toHaveProperty('Transform');
    expect(Object.keys(mapping(stack['Parameters'], 'Parameters'))).toEqual(
      expect.arrayContaining(['CodeBucket', 'CodeKey', 'DaysToExpiration', 'MaximumExecutionFrequency', 'AlertEmail', 'AlertTopicArn', 'CheckUsage', 'UsageRegions', 'SecurityHubFindings', 'OwnerTagKey', 'RunbookUrl']),
    );
    expect(Object.keys(mapping(stack['Outputs'], 'Outputs'))).toEqual(expect.arrayContaining(['FunctionArn', 'FunctionRoleArn', 'ExpiredRuleName', 'ExpiringRuleName']));
  });

  it('resolves the rules\' InputParameters for set and for blank values: set ones reach the rule, blank ones are left out', () => {
    const code = { CodeBucket: 'my-code-bucket', CodeKey: ZIP };
    const rules = (given: Record<string, string>) => {
      const resolved = new ResolvedTemplate(accountStack(), { ...code, ...given });
      return ['ExpiredCertificateRule', 'ExpiringCertificateRule'].map((id) => mapping(resolved.properties(id)['InputParameters'], id));
    };
    const [setExpired, setExpiring] = rules({
      DaysToExpiration: '60',
      CheckUsage: 'true',
      UsageRegions: 'us-east-1,eu-west-1',
      SecurityHubFindings: 'true',
      OwnerTagKey: 'team',
      RunbookUrl: 'https://wiki.example.com/runbook',
    });
    expect(parseRuleParameters(inputParametersText(setExpiring))).toEqual({
      ...DEFAULT_RULE_PARAMETERS,
      daysToExpiration: 60,
      checkUsage: true,
      usageRegions: ['us-east-1', 'eu-west-1'],
      securityHubFindings: true,
      ownerTagKey: 'team',
      runbookUrl: 'https://wiki.example.com/runbook',
    });
    expect(parseRuleParameters(inputParametersText(setExpired))).toMatchObject({ daysToExpiration: 0, checkUsage: true, securityHubFindings: false, ownerTagKey: 'team' });

    const [blankExpired, blankExpiring] = rules({ CheckUsage: 'true', UsageRegions: '', SecurityHubFindings: 'true', RunbookUrl: '' });
    expect([Object.keys(blankExpired ?? {}).sort(), Object.keys(blankExpiring ?? {}).sort()]).toEqual([
      ['checkUsage', 'daysToExpiration', 'ownerTagKey'],
      ['checkUsage', 'daysToExpiration', 'ownerTagKey', 'securityHubFindings'],
    ]);
    for (const input of [setExpired, setExpiring, blankExpired, blankExpiring]) expect(inputParametersText(input).length).toBeLessThanOrEqual(MAX_INPUT_PARAMETERS_LENGTH);
  });

  it('gives the function\'s role exactly the actions the function calls, as serverless.yml\'s role does', () => {
    const resources = mapping(accountStack()['Resources'], 'Resources');
    const statements = (document: TemplateValue | undefined): TemplateValue[] => list(mapping(document, 'PolicyDocument')['Statement'], 'Statement');
    const role = mapping(mapping(resources['FunctionRole'], 'FunctionRole')['Properties'], 'Properties');
    const base = list(role['Policies'], 'Policies').flatMap((policy) => statements(mapping(policy, 'policy')['PolicyDocument'])).flatMap(actionsOf).filter((action) => !action.startsWith('logs:'));
    const optional = Object.values(resources)
      .map((resource) => mapping(resource, 'resource'))
      // The function's own policies: the scheduler's role (evaluateAtExpiry) has one of its own.
      .filter((resource) => resource['Type'] === 'AWS::IAM::RolePolicy' && JSON.stringify(mapping(resource['Properties'], 'Properties')['RoleName']) === '{"Ref":"FunctionRole"}')
      .flatMap((resource) => statements(mapping(resource['Properties'], 'Properties')['PolicyDocument']).flatMap(actionsOf))
      // Not a call: what CreateSchedule and UpdateSchedule need to hand Scheduler its role.
      .filter((action) => action !== 'iam:PassRole');
    const serverlessRole = list(mapping(mapping(mapping(loadTemplate(join(PROJECT_ROOT, 'serverless.yml'))['provider'], 'provider')['iam'], 'iam')['role'], 'role')['statements'], 'statements').flatMap(actionsOf);

    expect([...base].sort()).toEqual([...serverlessRole].sort());
    expect(new Set([...base, ...optional])).toEqual(actionsCalledBy(join(PROJECT_ROOT, 'src', 'handler.ts')));
    expect(optional.filter((action) => !['sts:AssumeRole', ...USAGE_SCAN_IAM_ACTIONS, ...SECURITY_HUB_FINDINGS_IAM_ACTIONS, ...EXPIRY_EVENTS_IAM_ACTIONS, ...EVALUATION_SCHEDULE_IAM_ACTIONS].includes(action))).toEqual([]);
  });

  it.each(Object.values(TEMPLATE_NAMES))('%s passes offline lint: declared references, used parameters and conditions, within CloudFormation\'s quotas', (name) => {
    const text = readFileSync(join(outDir, name));
    const template = released(name);
    const parameters = Object.keys(mapping(template['Parameters'] ?? {}, 'Parameters'));
    const conditions = Object.keys(mapping(template['Conditions'] ?? {}, 'Conditions'));
    const resources = mapping(template['Resources'], 'Resources');
    const outputs = Object.keys(mapping(template['Outputs'] ?? {}, 'Outputs'));
    const problems: string[] = [];
    const declared = new Set([...parameters, ...Object.keys(resources)]);
    // Fn::ForEach (AWS::LanguageExtensions) declares its loop variable.
    const loopVariables = new Set(Object.keys(resources).filter((key) => key.startsWith('Fn::ForEach::')).map((key) => String(list(resources[key], key)[0])));
    for (const ref of refsIn(template['Resources'])) if (!declared.has(ref) && !ref.startsWith('AWS::') && !loopVariables.has(ref)) problems.push(`Ref to undeclared ${ref}`);
    const body = JSON.stringify(template);
    for (const [, resource] of body.matchAll(/"Fn::GetAtt":\["([^"]+)"/g)) if (!((resource ?? '') in resources)) problems.push(`GetAtt of undeclared ${resource}`);
    for (const [, condition] of body.matchAll(/"(?:Condition|Fn::If)":\[?"(\w+)"/g)) if (!conditions.includes(condition ?? '')) problems.push(`undeclared condition ${condition}`);
    // Declared once as a key; used at least once more.
    for (const condition of conditions) if (body.split(`"${condition}"`).length - 1 < 2) problems.push(`unused condition ${condition}`);
    const used = new Set([...refsIn(template), ...[...body.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1] ?? '')]);
    for (const parameter of parameters) if (!used.has(parameter)) problems.push(`unused parameter ${parameter}`);
    for (const [id, resource] of Object.entries(resources)) {
      if (id.startsWith('Fn::ForEach::')) continue;
      const dependsOn = mapping(resource, id)['DependsOn'];
      for (const target of [dependsOn ?? []].flat()) if (!(String(target) in resources)) problems.push(`${id} depends on undeclared ${String(target)}`);
    }
    expect(problems).toEqual([]);
    expect(text.length).toBeLessThanOrEqual(QUOTAS.templateBodyBytes);
    expect([Object.keys(resources).length <= QUOTAS.resources, parameters.length <= QUOTAS.parameters, outputs.length <= QUOTAS.outputs]).toEqual([true, true, true]);
  });

  it('refuses to release a version CHANGELOG.md has no entry for, before building anything', async () => {
    const dir = copyForRelease();
    try {
      writeFileSync(join(dir, 'CHANGELOG.md'), readFileSync(join(dir, 'CHANGELOG.md'), 'utf8').replace(`## [${VERSION}]`, '## [0.0.0]'));
      await expect(release(dir, join(dir, 'out'))).rejects.toMatchObject({ stderr: expect.stringContaining(`CHANGELOG.md has no "## [${VERSION}]" entry`) });
      expect(readdirSync(dir)).not.toContain('out');
      expect(readdirSync(dir)).not.toContain('dist');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
