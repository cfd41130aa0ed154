import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliServices } from '../../src/cli/cli-dependencies';
import { AGGREGATE_REPORT_ACTIONS, AGGREGATE_REPORT_OPTIONAL_ACTIONS, REPORT_IAM_ACTIONS, RETIRE_IAM_ACTIONS, ROTATE_IAM_ACTIONS } from '../../src/cli/required-actions';
import { actionsCalledBy } from '../deploy/support/sdk-actions';
import { DOCTOR_AGGREGATOR_IAM_ACTIONS } from '../../src/cli/doctor/doctor-actions';

const ROOT = join(__dirname, '..', '..');

/**
 * Where rotate's AWS calls are: its own services (IAM reads and upload,
 * repoints, TLS check: everything aws-rotation.ts builds), and the shared
 * CLI services it uses (the usage scan, the ACM advice, the guarded delete
 * of `--retire-old`). The shared services reach rotate through an interface,
 * so the files that implement them are named here.
 */
const ROTATE_CALLS_IN = ['src/cli/rotate/aws-rotation.ts', 'src/usage/reference-finder.ts', 'src/adapters/acm-certificates.ts', 'src/cli/retire/iam-certificate-retirer.ts'];

/** Actions IAM checks without a command of their own: tags sent with UploadServerCertificate are authorized as TagServerCertificate. */
const IMPLIED = ['iam:TagServerCertificate'];

describe('ROTATE_IAM_ACTIONS', () => {
  it('is exactly what the rotate code calls, plus the tag permission its upload needs', () => {
    const called = new Set(ROTATE_CALLS_IN.flatMap((file) => [...actionsCalledBy(join(ROOT, file))]));
    expect([...new Set(ROTATE_IAM_ACTIONS)].sort()).toEqual([...called, ...IMPLIED].sort());
    expect(ROTATE_IAM_ACTIONS).toHaveLength(new Set(ROTATE_IAM_ACTIONS).size);
  });

  it('covers every shared CLI service the rotate code uses, so a new one cannot slip past the list', () => {
    const used = new Set(
      ['src/cli/rotate/plan-rotation.ts', 'src/cli/rotate/act-rotation.ts', 'src/cli/rotate/rotate-command.ts', 'src/cli/scan-usage.ts']
        .flatMap((file) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/services\.(\w+)/g)].map((match) => match[1] ?? '')),
    );
    // acm, usage, retirer: the files above; certificates.get is GetServerCertificate (also rotation-iam.ts);
    // defaultRegion reads the SDK's configuration only.
    expect([...used].filter((service) => !['acm', 'usage', 'retirer', 'certificates', 'defaultRegion'].includes(service))).toEqual([]);
    expect(used.has('acm') && used.has('retirer') && used.has('usage')).toBe(true);
  });

  it('is the list docs/cli.md gives for rotate', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    const section = docs.slice(docs.indexOf('`rotate` needs'), docs.indexOf('```', docs.indexOf('```json', docs.indexOf('`rotate` needs')) + 7));
    const listed = [...section.matchAll(/"([a-z0-9]+:[A-Za-z]+)"/g)].map((match) => match[1]);
    expect([...new Set(listed)].sort()).toEqual([...new Set(ROTATE_IAM_ACTIONS)].sort());
  });
});

/**
 * The files that implement each shared CLI service (awsServices in
 * cli-dependencies.ts); a Record, so a new service does not compile until it
 * is named here.
 */
const SERVICE_FILES: Readonly<Record<keyof CliServices, readonly string[]>> = {
  certificates: ['src/adapters/iam-certificate-store.ts'],
  usage: ['src/usage/reference-finder.ts'],
  retirer: ['src/cli/retire/iam-certificate-retirer.ts'],
  acm: ['src/adapters/acm-certificates.ts'],
  aggregates: ['src/adapters/config-aggregate-reader.ts'],
  organization: ['src/adapters/organization-accounts.ts'],
  ruleDeployments: ['src/adapters/config-organization-status.ts'],
  // The SDK's own configuration, and STS GetCallerIdentity, which needs no permission.
  defaultRegion: [],
  identity: [],
};

/**
 * Store actions reached through one method of CertificateReader only: a
 * command whose files never call that method does not need them (retire
 * reads no tags; report reads the window and exception tags).
 */
const BY_METHOD: Readonly<Record<string, string>> = { tagsOf: 'iam:ListServerCertificateTags' };

/**
 * ConfigOrganizationStatus serves doctor too: of its methods, `report
 * --aggregator` needs only those the deployment proof (organization-rule-proof.ts,
 * its `status.METHOD(` calls) reaches. Every method is named here with its action.
 */
const ORGANIZATION_STATUS_FILE = 'src/adapters/config-organization-status.ts';
const ORGANIZATION_STATUS_BY_METHOD: Readonly<Record<string, string>> = {
  ruleStatuses: 'config:DescribeOrganizationConfigRuleStatuses',
  ruleMembers: 'config:GetOrganizationConfigRuleDetailedStatus',
  packStatuses: 'config:DescribeOrganizationConformancePackStatuses',
  packMembers: 'config:GetOrganizationConformancePackDetailedStatus',
};
const PROOF_FILE = 'src/adapters/organization-rule-proof.ts';

/** The shared services the files use (`services.x`), and the actions their implementations call. */
function actionsThroughServices(files: readonly string[]): { used: Set<string>; actions: Set<string> } {
  const used = new Set(files.flatMap((file) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/services\.(\w+)/g)].map((match) => match[1] ?? '')));
  const actions = new Set<string>();
  for (const service of used) {
    const implementations = SERVICE_FILES[service as keyof CliServices];
    if (implementations === undefined) throw new Error(`services.${service} has no implementation listed in SERVICE_FILES`);
    for (const file of implementations) for (const action of actionsCalledBy(join(ROOT, file))) actions.add(action);
  }
  const text = files.map((file) => readFileSync(join(ROOT, file), 'utf8')).join('\n');
  for (const [method, action] of Object.entries(BY_METHOD)) if (!new RegExp(`certificates\\.${method}\\b`).test(text)) actions.delete(action);
  if (used.has('ruleDeployments')) {
    const proof = readFileSync(join(ROOT, PROOF_FILE), 'utf8');
    for (const [method, action] of Object.entries(ORGANIZATION_STATUS_BY_METHOD)) if (!new RegExp(`status\\.${method}\\(`).test(proof)) actions.delete(action);
  }
  return { used, actions };
}

/** The Action list of the JSON statements in the docs/cli.md paragraph that starts with `marker`, up to the next heading or paragraph marker `until`. */
function documentedActions(marker: string, until: string): string[] {
  const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
  const start = docs.indexOf(marker);
  const section = docs.slice(start, docs.indexOf(until, start));
  return [...new Set([...section.matchAll(/"([a-z0-9]+:[A-Za-z]+)"/g)].map((match) => match[1] ?? ''))].sort();
}

describe('REPORT_IAM_ACTIONS and RETIRE_IAM_ACTIONS', () => {
  it('grant the tag reads to report, which reads window and exception tags, and not to retire, which reads none', () => {
    const store = actionsCalledBy(join(ROOT, 'src/adapters/iam-certificate-store.ts'));
    expect(Object.values(BY_METHOD).every((action) => store.has(action))).toBe(true);
    expect(REPORT_IAM_ACTIONS).toContain('iam:ListServerCertificateTags');
    expect(RETIRE_IAM_ACTIONS).not.toContain('iam:ListServerCertificateTags');
  });

  it('REPORT_IAM_ACTIONS is exactly what the services report uses call', () => {
    const { used, actions } = actionsThroughServices(['src/cli/report/report-command.ts', 'src/cli/scan-usage.ts', 'src/cli/caller-identity.ts']);
    expect(actions.has('iam:ListServerCertificateTags')).toBe(true);
    expect([...used].sort()).toEqual(['acm', 'certificates', 'identity', 'usage']);
    expect([...REPORT_IAM_ACTIONS].sort()).toEqual([...actions].sort());
    expect(REPORT_IAM_ACTIONS).toHaveLength(new Set(REPORT_IAM_ACTIONS).size);
  });

  it('RETIRE_IAM_ACTIONS is exactly what the services retire uses call: no ACM action', () => {
    const { used, actions } = actionsThroughServices([
      'src/cli/retire/retire-command.ts',
      'src/cli/retire/delete-if-unchanged.ts',
      'src/cli/scan-usage.ts',
      'src/cli/open-audit.ts',
      'src/cli/caller-identity.ts',
    ]);
    expect([...used].sort()).toEqual(['certificates', 'identity', 'retirer', 'usage']);
    expect([...RETIRE_IAM_ACTIONS].sort()).toEqual([...actions].sort());
    expect(RETIRE_IAM_ACTIONS).toHaveLength(new Set(RETIRE_IAM_ACTIONS).size);
    expect(RETIRE_IAM_ACTIONS.some((action) => action.startsWith('acm:'))).toBe(false);
  });

  it('are the lists docs/cli.md gives for report and retire', () => {
    expect(documentedActions('`report` (drop', '`retire` needs')).toEqual([...REPORT_IAM_ACTIONS].sort());
    expect(documentedActions('`retire` needs', '`rotate` needs')).toEqual([...RETIRE_IAM_ACTIONS].sort());
  });
});

describe('AGGREGATE_REPORT_ACTIONS and AGGREGATE_REPORT_OPTIONAL_ACTIONS', () => {
  it('are together exactly what the services report --aggregator uses call', () => {
    const { used, actions } = actionsThroughServices(['src/cli/report/aggregate-command.ts']);
    expect([...used].sort()).toEqual(['aggregates', 'organization', 'ruleDeployments']);
    expect([...AGGREGATE_REPORT_ACTIONS, ...AGGREGATE_REPORT_OPTIONAL_ACTIONS].sort()).toEqual([...actions].sort());
  });

  it('leave out the organization reads only doctor makes (report reads the members of the named pack, never every pack’s status)', () => {
    const statusActions = actionsCalledBy(join(ROOT, ORGANIZATION_STATUS_FILE));
    expect([...statusActions].sort()).toEqual(Object.values(ORGANIZATION_STATUS_BY_METHOD).sort());
    expect([...AGGREGATE_REPORT_ACTIONS, ...AGGREGATE_REPORT_OPTIONAL_ACTIONS]).not.toContain('config:DescribeOrganizationConformancePackStatuses');
    expect(DOCTOR_AGGREGATOR_IAM_ACTIONS).toContain('config:DescribeOrganizationConformancePackStatuses');
  });

  it('are the lists docs/cli.md and docs/organization.md give for report --aggregator', () => {
    expect(documentedActions('Permissions, in', '## ')).toEqual([...AGGREGATE_REPORT_ACTIONS, ...AGGREGATE_REPORT_OPTIONAL_ACTIONS].sort());
    const organization = readFileSync(join(ROOT, 'docs', 'organization.md'), 'utf8');
    const start = organization.indexOf('The caller of `report --aggregator`');
    const section = organization.slice(start, organization.indexOf('```', organization.indexOf('```json', start) + 7));
    expect([...new Set([...section.matchAll(/"([a-z0-9]+:[A-Za-z]+)"/g)].map((match) => match[1]))].sort()).toEqual([...AGGREGATE_REPORT_ACTIONS, ...AGGREGATE_REPORT_OPTIONAL_ACTIONS].sort());
  });
});
