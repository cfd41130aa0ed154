import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate, mapping } from '../../scripts/cloudformation-yaml';
import { ACCOUNT_FILTER_TYPES, DETAILED_STATUSES, STACK_INSTANCE_FILTER_NAMES } from './support/stack-set-api';

/**
 * docs/organization.md is what a compliance team runs, command by command:
 * these checks keep its commands runnable as written and in step with the
 * templates they deploy.
 */
const ROOT = join(__dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'organization.md'), 'utf8');

/** The text of a section, from its heading to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = DOC.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/organization.md has no heading "${heading}"`);
  const level = /^#+/.exec(heading)?.[0].length ?? 1;
  const rest = DOC.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return next < 0 ? rest : rest.slice(0, next);
}

/** Every shell command of the sh code blocks in `text`, continuation lines joined, comments removed, in order. */
function commandsIn(text: string): string[] {
  return [...text.matchAll(/^[ \t]*```sh\n([\s\S]*?)^[ \t]*```/gm)].flatMap((block) =>
    (block[1] ?? '')
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
      .filter((line) => line !== ''),
  );
}

/** The values after `--name` in a command, up to the next option. */
function option(command: string, name: string): string[] {
  const words = command.split(/\s+/);
  const start = words.indexOf(name);
  if (start < 0) return [];
  const end = words.findIndex((word, index) => index > start && word.startsWith('--'));
  return words.slice(start + 1, end < 0 ? undefined : end);
}

function parametersOf(template: string): string[] {
  return Object.keys(mapping(loadTemplate(join(ROOT, 'templates', template))['Parameters'], `${template} Parameters`));
}

const ALL_COMMANDS = commandsIn(DOC);
const STACK_SET_COMMANDS = ALL_COMMANDS.filter((command) => /\baws cloudformation [\w-]*(stack-set|stack-instances)/.test(command));

describe('docs/organization.md', () => {
  it('makes the Config recorder a hard prerequisite of the per-account roll-out, with the error that says why', () => {
    const prerequisites = section('### 1. Prerequisites');

    expect(DOC).not.toContain('Periodic runs work without it');
    expect(prerequisites).toMatch(/hard prerequisite/);
    expect(prerequisites).toContain('NoAvailableConfigurationRecorderException');
    expect(prerequisites).toMatch(/OUTDATED[\s\S]*FAILED/);
  });

  it('shows how to find the accounts whose stack instance failed, with filter names and values CloudFormation knows', () => {
    const failed = section('### 4b. Accounts whose stack instance failed');
    const lists = commandsIn(failed).filter((command) => command.startsWith('aws cloudformation list-stack-instances') || command.includes('$(aws cloudformation list-stack-instances'));
    const filters = lists.flatMap((command) => option(command, '--filters'));

    expect(lists.length).toBeGreaterThan(0);
    for (const filter of filters) {
      const { Name: name, Values: value } = Object.fromEntries(filter.split(',').map((pair) => pair.split('='))) as { Name?: string; Values?: string };
      expect([filter, STACK_INSTANCE_FILTER_NAMES.includes(name ?? ''), DETAILED_STATUSES.includes(value ?? '')]).toEqual([filter, true, true]);
    }
    expect(filters).toContain('Name=DETAILED_STATUS,Values=FAILED');
    // Nothing retries them by itself: the doc says so, not "no action from anyone".
    expect(failed).toMatch(/Nothing retries such an\s+instance/);
  });

  it('gives the one command that re-runs only those accounts, for a service-managed StackSet, with every parameter the template has', () => {
    const failed = section('### 4b. Accounts whose stack instance failed');
    const [retry, ...others] = commandsIn(failed).filter((command) => command.startsWith('aws cloudformation update-stack-set'));
    const [targets] = retry === undefined ? [] : option(retry, '--deployment-targets');
    const fields = Object.fromEntries((targets ?? '').split(/,(?=[A-Za-z]+=)/).map((pair) => pair.split('=')));

    expect(others).toEqual([]);
    expect(retry).toContain('--use-previous-template');
    expect(Object.keys(fields).sort()).toEqual(['AccountFilterType', 'Accounts', 'OrganizationalUnitIds']);
    expect(ACCOUNT_FILTER_TYPES).toContain(fields['AccountFilterType']);
    expect(fields['AccountFilterType']).toBe('INTERSECTION');
    expect(option(retry ?? '', '--regions')).toEqual(['us-east-1']);
    expect(option(retry ?? '', '--parameters').sort()).toEqual(parametersOf('member-account-stack.yml').map((name) => `ParameterKey=${name},UsePreviousValue=true`).sort());
  });

  it('runs every StackSet command with --call-as, so it works from the management account and from a delegated administrator', () => {
    expect(STACK_SET_COMMANDS.length).toBeGreaterThanOrEqual(8);
    expect(STACK_SET_COMMANDS.filter((command) => !/--call-as "?\$CALL_AS"?/.test(command))).toEqual([]);
    expect(DOC).toContain('CALL_AS=DELEGATED_ADMIN');
  });

  it('defines every shell variable before a command uses it', () => {
    const undefinedUses: string[] = [];
    const assigned = new Set<string>();
    for (const command of ALL_COMMANDS) {
      for (const match of command.matchAll(/(?:^|;\s*)([A-Z_][A-Z0-9_]*)=/g)) assigned.add(match[1] ?? '');
      for (const match of command.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g)) {
        if (!assigned.has(match[1] ?? '')) undefinedUses.push(`${match[1]}: ${command.slice(0, 80)}`);
      }
    }
    expect(undefinedUses).toEqual([]);
  });

  it.each([
    ['iam-server-certificate-expiry', 'member-account-stack.yml'],
    ['iam-server-certificate-expiry-member-role', 'member-account-role.yml'],
  ])('passes the StackSet %s only parameters its template has', (stackSet, template) => {
    const known = new Set(parametersOf(template));
    const used = STACK_SET_COMMANDS.filter((command) => option(command, '--stack-set-name')[0] === stackSet).flatMap((command) =>
      option(command, '--parameters').map((parameter) => /^ParameterKey=([^,]+)/.exec(parameter)?.[1] ?? parameter),
    );
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !known.has(name))).toEqual([]);
  });

  it('passes the conformance pack only input parameters it has, and documents every one of them', () => {
    const known = parametersOf('conformance-pack.yml');
    const used = ALL_COMMANDS.filter((command) => command.startsWith('aws configservice put-organization-conformance-pack')).flatMap((command) =>
      option(command, '--conformance-pack-input-parameters').map((parameter) => /^ParameterName=([^,]+)/.exec(parameter)?.[1] ?? parameter),
    );
    const c5 = section('### C5. The rules in every account: an organization conformance pack');

    expect(used).toEqual(expect.arrayContaining(['SecurityHubFindings', 'OwnerTagKey', 'RunbookUrl']));
    expect(used.filter((name) => !known.includes(name))).toEqual([]);
    expect(known.filter((name) => !c5.includes(`| \`${name}\``))).toEqual([]);
    expect(c5).toMatch(/EnableSecurityHubFindings=true/);
  });

  it('cites the sources that say what it claims about conformance packs', () => {
    const why = section('### Why the rules are in the StackSet, not in an organization conformance pack');

    expect(why).not.toContain('(Config API reference, `PutOrganizationConformancePack`)');
    expect(why).toContain('If a new account joins an organization, the rule or\nconformance pack is deployed to that account');
    expect(why).toContain('"Managing conformance packs across all accounts in your organization"');
    expect(why).toContain('`InsufficientPermissionsException`');
  });

  it('says how to give the member role a path, and what ExecutionRoleName then is', () => {
    const c3 = section('### C3. The member role in every account: a StackSet');

    expect(c3).toContain('ParameterKey=RolePath,ParameterValue=/service-role/');
    expect(c3).toContain('`service-role/IamServerCertificateExpiryRule`');
    expect(c3).toMatch(/path without its\s+leading slash, followed by the role name/);
  });

  it('names the recording region, never a "home region"', () => {
    expect(DOC).not.toMatch(/home\s+region/i);
  });
});
