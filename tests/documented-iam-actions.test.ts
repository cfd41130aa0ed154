import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../scripts/handler-bundle';

/**
 * An IAM action misspelt in a policy the docs tell people to write grants
 * nothing, silently: `organizations:ListDelegatedAdministrator` (as the Config
 * API reference words it) is not an action; `ListDelegatedAdministrators` is.
 * For these services each IAM action is named after its API operation
 * (Service Authorization Reference), so every action the docs and templates
 * name must be an operation of the service's SDK client, `<Name>Command`.
 */
const CLIENTS: Readonly<Record<string, readonly string[]>> = {
  account: ['@aws-sdk/client-account'],
  acm: ['@aws-sdk/client-acm'],
  cloudfront: ['@aws-sdk/client-cloudfront'],
  config: ['@aws-sdk/client-config-service'],
  // One prefix for the Classic and the v2 API (Service Authorization Reference, Elastic Load Balancing V2).
  elasticloadbalancing: ['@aws-sdk/client-elastic-load-balancing', '@aws-sdk/client-elastic-load-balancing-v2'],
  events: ['@aws-sdk/client-eventbridge'],
  iam: ['@aws-sdk/client-iam'],
  logs: ['@aws-sdk/client-cloudwatch-logs'],
  organizations: ['@aws-sdk/client-organizations'],
  scheduler: ['@aws-sdk/client-scheduler'],
  securityhub: ['@aws-sdk/client-securityhub'],
  sts: ['@aws-sdk/client-sts'],
};

// "organizations:ListAccounts": a known prefix, then a name in PascalCase (not an ARN's region, not "account:ID").
const ACTION = new RegExp(String.raw`(?<![\w:/-])(${Object.keys(CLIENTS).join('|')}):([A-Z][a-z][A-Za-z]*)\b(?!\*)`, 'g');

function documentedActions(): { where: string; prefix: string; name: string }[] {
  const files = ['README.md', 'serverless.yml', ...['docs', 'templates'].flatMap((folder) => readdirSync(join(ROOT, folder)).map((name) => join(folder, name)))];
  return files.flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((line, index) => [...line.matchAll(ACTION)].map((match) => ({ where: `${file}:${index + 1}`, prefix: match[1] ?? '', name: match[2] ?? '' }))),
  );
}

/**
 * Names under a prefix that are no API operation and are still right: `iam:PassRole` is a permission IAM
 * checks when a role is passed to a service in another call, and `iam:PassedToService` a condition key of
 * it (IAM User Guide, "Grant a user permissions to pass a role to an AWS service").
 */
const NOT_OPERATIONS: ReadonlySet<string> = new Set(['iam:PassRole', 'iam:PassedToService']);

function isAction(prefix: string, name: string): boolean {
  if (NOT_OPERATIONS.has(`${prefix}:${name}`)) return true;
  return (CLIENTS[prefix] ?? []).some((client) => `${name}Command` in (require(client) as Record<string, unknown>));
}

describe('IAM actions named in the README, docs and templates', () => {
  const actions = documentedActions();

  it('are found, organizations:ListDelegatedAdministrators among them', () => {
    expect(actions.length).toBeGreaterThan(50);
    expect(actions.map((action) => `${action.prefix}:${action.name}`)).toContain('organizations:ListDelegatedAdministrators');
  });

  it('tells a misspelt action from a real one', () => {
    expect(isAction('organizations', 'ListDelegatedAdministrator')).toBe(false);
    expect(isAction('organizations', 'ListDelegatedAdministrators')).toBe(true);
    expect(isAction('elasticloadbalancing', 'SetLoadBalancerListenerSSLCertificate')).toBe(true);
    expect(isAction('elasticloadbalancing', 'ModifyListener')).toBe(true);
    expect(isAction('iam', 'PassRole')).toBe(true);
    expect(isAction('iam', 'PassRoles')).toBe(false);
  });

  it('are each an operation of their service, or a permission or condition key IAM documents', () => {
    expect(actions.filter((action) => !isAction(action.prefix, action.name)).map((action) => `${action.where}: ${action.prefix}:${action.name}`)).toEqual([]);
  });
});
