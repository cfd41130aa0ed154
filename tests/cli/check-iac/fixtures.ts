import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GateOptions } from '../../../src/cli/check-iac/certificate-findings';
import { checkFiles, type GateResult } from '../../../src/cli/check-iac/check-files';
import { certificateEnding } from '../../support/certificates';

export const NOW = new Date('2026-11-24T12:00:00.000Z');

/** The gate's defaults at NOW: a 30-day window, IAM certificates allowed, unknown bodies errors. */
export const gate: GateOptions = { now: NOW, days: 30, denyIamCertificates: false, allowUnknown: false, allowUnchecked: false };

/** A PEM certificate ending `daysLeft` days after NOW. */
export async function pemEnding(daysLeft: number, name = 'www.example.com'): Promise<string> {
  return (await certificateEnding(name, NOW, daysLeft)).certificatePem;
}

/** One `resource_changes[]` entry of `terraform show -json` (Terraform "JSON Output Format"). */
export function resourceChange(
  type: string,
  name: string,
  after: Record<string, unknown>,
  options: { actions?: string[]; afterUnknown?: Record<string, unknown>; module?: string; mode?: 'managed' | 'data' } = {},
): Record<string, unknown> {
  const mode = options.mode ?? 'managed';
  const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  return {
    address: options.module === undefined ? local : `${options.module}.${local}`,
    ...(options.module === undefined ? {} : { module_address: options.module }),
    mode,
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions: options.actions ?? ['create'], before: null, after, after_unknown: options.afterUnknown ?? {}, before_sensitive: false, after_sensitive: {} },
  };
}

/** A plan document as `terraform show -json plan.tfplan` prints it, pretty-printed so findings have distinct lines; `extra` replaces top-level properties (`configuration`, …). */
export function planJson(changes: Record<string, unknown>[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', planned_values: { root_module: {} }, resource_changes: changes, configuration: {}, ...extra }, null, 2);
}

/** A `configuration` resource (module-relative address) whose arguments reference `references[argument]`; `blocks` nests arguments in a block (`listener`). */
export function configResource(type: string, name: string, references: Record<string, string[]>, block?: string): Record<string, unknown> {
  const expressions = Object.fromEntries(Object.entries(references).map(([argument, refs]) => [argument, { references: refs }]));
  return { address: `${type}.${name}`, mode: 'managed', type, name, provider_config_key: 'aws', expressions: block === undefined ? expressions : { [block]: [expressions] } };
}

// Every directory made for a test file is removed after its tests (jest runs
// this module's afterAll in each test file that imports it).
const created: string[] = [];
afterAll(() => {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A temporary directory with the given files (relative path → content), removed after the test file. */
export function directoryWith(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'check-iac-'));
  created.push(directory);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), content);
  }
  return directory;
}

/**
 * Checks one file `name` holding `content`, in a directory of its own: named
 * on the command line (`explicit`), or found by a directory search.
 */
export async function checkFile(name: string, content: string | Buffer, options: GateOptions = gate, explicit = true): Promise<GateResult> {
  const file = join(directoryWith({}), name);
  writeFileSync(file, content);
  return checkFiles([file], options, new Set(explicit ? [file] : []));
}

/** A few hundred bytes of YAML whose aliases expand to 10^9 values ("billion laughs"). */
export function yamlAliasBomb(): string {
  const levels = ['a: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level <= 8; level += 1) levels.push(`a${level}: &a${level} [${Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ')}]`);
  return `${levels.join('\n')}\n`;
}

/** A PEM as a YAML literal block at `indent` spaces. */
export function yamlBlock(pem: string, indent: number): string {
  return `|\n${pem.trim().split('\n').map((line) => `${' '.repeat(indent)}${line}`).join('\n')}\n`;
}
