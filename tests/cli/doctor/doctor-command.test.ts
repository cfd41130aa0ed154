import { DOCTOR_HELP } from '../../../src/cli/doctor/doctor-help';
import { createDoctorCommand } from '../../../src/cli/doctor/doctor-command';
import type { DoctorReader } from '../../../src/cli/doctor/doctor-reader';
import { attempt } from '../../../src/cli/doctor/read-outcome';
import { CredentialsProviderError } from '@smithy/core/config';
import { AccessDeniedError } from '../../../src/errors';
import { NOW, rule } from './checks/facts';
import { STATUS_LABEL } from '../../../src/cli/doctor/print-checklist';
import { DOCTOR_FAILED, DOCTOR_NOT_YET_KNOWN } from '../../../src/cli/doctor/doctor-exit';

type Report = { exitCode: number; checks: { id: string; status: string; detail: string }[] };

/** A reader whose every AWS read fails with `error()`; the region and rules can be set. */
function failingReader(error: () => Error, overrides: Partial<DoctorReader> = {}): DoctorReader & { closed: number } {
  const fail = async (): Promise<never> => {
    throw error();
  };
  const reader = {
    closed: 0,
    region: async () => 'us-east-1',
    caller: fail,
    rules: fail,
    evaluationStatuses: fail,
    recorders: fail,
    recorderStates: fail,
    functionFailures: fail,
    functionRuns: fail,
    functionLogGroup: fail,
    newestResult: fail,
    securityHub: fail,
    assumeRole: fail,
    organizationRuleStatuses: fail,
    organizationRuleMembers: fail,
    organizationPackStatuses: fail,
    organizationPackMembers: fail,
    organizationAccounts: fail,
    aggregates: { sources: fail, sourceStatuses: fail, ruleInstances: fail, certificates: fail },
    close: () => {
      reader.closed += 1;
    },
    ...overrides,
  };
  return reader;
}

async function run(reader: DoctorReader, ...args: string[]): Promise<{ code: number; report: Report }> {
  const out: string[] = [];
  const code = await createDoctorCommand(() => reader)(['--json', ...args], { io: { stdout: (text) => void out.push(text), stderr: () => undefined }, now: NOW, target: {} });
  return { code, report: JSON.parse(out.join('')) as Report };
}

const denied = () => Object.assign(new Error('User: x is not authorized'), { name: 'AccessDeniedException' });
const SEEN_RULES = async () => [
  rule({ name: 'iam-server-certificate-expired', inputParameters: '{"securityHubFindings":"true","ExecutionRoleName":"R"}' }),
  rule({ name: 'iam-server-certificate-expiring', inputParameters: '{"daysToExpiration":"30"}' }),
];

describe('doctor command', () => {
  it('turns every failed read into a failed or skipped line, never an ok one and never a crash', async () => {
    const reader = failingReader(() => new TypeError('socket hang up'), { rules: SEEN_RULES });

    const { code, report } = await run(reader, '--aggregator', 'org');

    expect(code).toBe(2);
    const ok = report.checks.filter((item) => item.status === 'ok').map((item) => item.id);
    // The region is judged from its name and the rules were read: nothing else may pass.
    expect(ok.filter((id) => !id.startsWith('rule:') && !id.startsWith('rule-setup:'))).toEqual(['region']);
    expect(report.checks.find((item) => item.id === 'credentials')?.status).toBe('fail');
    expect(report.checks.find((item) => item.id === 'security-hub')).toMatchObject({ status: 'fail', detail: 'could not be read: securityhub:DescribeHub failed: TypeError: socket hang up' });
    expect(reader.closed).toBe(1);
  });

  it('fails the checks the deployment cannot be judged without when every read is refused, and skips the others with the permission', async () => {
    const reader = failingReader(denied, { rules: SEEN_RULES });

    const { code, report } = await run(reader, '--account', '111122223333');

    expect(code).toBe(2);
    const statusOf = (id: string) => report.checks.find((item) => item.id === id)?.status;
    expect(statusOf('rule-status:iam-server-certificate-expired')).toBe('fail');
    expect(statusOf('recorder')).toBe('fail');
    expect(statusOf('function-errors:rule-fn')).toBe('skipped');
    expect(statusOf('security-hub')).toBe('skipped');
    expect(statusOf('member-role:111122223333')).toBe('skipped');
    expect(report.checks.find((item) => item.id === 'function-errors:rule-fn')?.detail).toContain('needs logs:FilterLogEvents');
  });

  it('leaves a missing region to runCli as the SDK gives it (its advice, exit 253), reading nothing, and still closes the clients', async () => {
    const missing = new Error('Region is missing');
    const reader = failingReader(denied, { region: async () => Promise.reject(missing), rules: jest.fn(SEEN_RULES) });

    const running = createDoctorCommand(() => reader)([], { io: { stdout: () => undefined, stderr: () => undefined }, now: NOW, target: {} });
    await expect(running).rejects.toBe(missing);
    expect(reader.rules).not.toHaveBeenCalled();
    expect(reader.closed).toBe(1);
  });

  it('stops at the first read when the credentials do not work (runCli: exit 253), rather than failing every check for that one reason', async () => {
    const noCredentials = new CredentialsProviderError('Could not load credentials from any providers', false);
    const reader = failingReader(denied, { caller: async () => Promise.reject(noCredentials), rules: jest.fn(SEEN_RULES) });
    const out: string[] = [];

    const running = createDoctorCommand(() => reader)(['--json'], { io: { stdout: (text) => void out.push(text), stderr: () => undefined }, now: NOW, target: {} });
    await expect(running).rejects.toBe(noCredentials);
    expect(reader.rules).not.toHaveBeenCalled();
    expect(out).toEqual([]);
    expect(reader.closed).toBe(1);
  });

  it('builds its reader for the global --region and profile runCli bound', async () => {
    const targets: unknown[] = [];
    await createDoctorCommand((target) => {
      targets.push(target);
      return failingReader(denied, { rules: SEEN_RULES });
    })(['--json'], { io: { stdout: () => undefined, stderr: () => undefined }, now: NOW, target: { region: 'eu-west-1', profile: 'audit' } });
    expect(targets).toEqual([{ region: 'eu-west-1', profile: 'audit' }]);
  });

  it('prints its help without reading anything', async () => {
    const out: string[] = [];
    let built = 0;
    const code = await createDoctorCommand(() => {
      built += 1;
      return failingReader(denied);
    })(['--help'], { io: { stdout: (text) => void out.push(text), stderr: () => undefined }, now: NOW, target: {} });
    expect(code).toBe(0);
    expect(built).toBe(0);
    expect(out.join('')).toContain('Usage: iam-cert-expiry doctor');
  });

  it('lines up every flag description of its help in one column', () => {
    const flags = DOCTOR_HELP.split('\n').filter((line) => /^  -/.test(line));
    const columns = flags.map((line) => /^  (?:-h, )?--[\w-]+(?: [A-Z]+)?( +)/.exec(line)?.[0].length);
    expect(flags.length).toBeGreaterThan(5);
    expect(new Set(columns)).toEqual(new Set([columns[0]]));
  });
});

describe('attempt', () => {
  it('keeps a refusal apart from a failure, organization refusals included', async () => {
    await expect(attempt('a:B', async () => 1)).resolves.toEqual({ kind: 'read', value: 1 });
    await expect(attempt('a:B', () => Promise.reject(new AccessDeniedError('no', 'a:B', 'x')))).resolves.toMatchObject({ kind: 'denied', action: 'a:B' });
    const organization = Object.assign(new Error('not the administrator'), { name: 'OrganizationAccessDeniedException' });
    await expect(attempt('config:X', () => Promise.reject(organization))).resolves.toMatchObject({ kind: 'denied', message: 'OrganizationAccessDeniedException: not the administrator' });
    await expect(attempt('a:B', () => Promise.reject(new Error('boom')))).resolves.toEqual({ kind: 'failed', action: 'a:B', message: 'Error: boom' });
  });
});

describe('doctor documentation', () => {
  it('documents every check the command can print, in docs/cli.md, and the runbook starts from doctor', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(__dirname, '..', '..', '..');
    const reader = failingReader(() => new Error('x'), { rules: SEEN_RULES });
    const ids = new Set<string>();
    for (const args of [['--account', '111122223333'], ['--aggregator', 'org'], []]) {
      for (const item of (await run(reader, ...args)).report.checks) ids.add(item.id.split(':')[0] ?? item.id);
    }
    const cli = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
    const section = cli.slice(cli.indexOf('## `doctor`'), cli.indexOf('## Exit codes'));
    expect([...ids].filter((id) => !section.includes(`\`${id}`))).toEqual([]);
    const runbook = readFileSync(join(root, 'docs', 'runbook.md'), 'utf8');
    expect(/^## (.*)$/m.exec(runbook)?.[1]).toBe('Is the rule healthy? Run doctor');
  });

  it('the runbook names every status doctor prints, its exit codes 2 and 3, and never calls a rule that has not run a warning', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const runbook = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'runbook.md'), 'utf8');
    const section = runbook.slice(runbook.indexOf('## Is the rule healthy? Run doctor'), runbook.indexOf('\n## ', runbook.indexOf('## Is the rule healthy? Run doctor') + 1));
    const prose = section.replace(/\s+/g, ' ');
    expect(Object.values(STATUS_LABEL).filter((label) => !prose.includes(`\`${label}\``))).toEqual([]);
    expect(prose).toContain(`exits ${DOCTOR_FAILED} when a check fails, and ${DOCTOR_NOT_YET_KNOWN} when none fails but some are \`not yet known\``);
    expect(prose).toContain('`not yet known, run again after <time>`');
    expect(prose).not.toMatch(/`warn` lines[^.]*a rule that has not run yet/);
    expect(prose).toContain('no successful evaluation');
  });
});
