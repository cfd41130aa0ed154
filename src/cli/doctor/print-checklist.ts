import { printable } from '../terminal-text';
import { CheckStatus, type Check } from './check';

/** How each status is printed: FAIL stands out in a long list. */
export const STATUS_LABEL: Readonly<Record<CheckStatus, string>> = {
  [CheckStatus.Ok]: 'ok',
  [CheckStatus.Fail]: 'FAIL',
  [CheckStatus.Warn]: 'warn',
  [CheckStatus.Skipped]: 'skipped',
  [CheckStatus.NotYetKnown]: 'not yet known',
};

/** Labels are padded to one width so titles line up. */
const LABEL_WIDTH = 8;
const INDENT = ' '.repeat(LABEL_WIDTH + 1);

/** Where the checks were made, for the heading and the JSON document. */
export interface DoctorContext {
  readonly region: string;
  readonly account: string | undefined;
  readonly aggregator: string | undefined;
  readonly generatedAt: Date;
}

/** The count of each status, in a fixed order. */
export function countByStatus(checks: readonly Check[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { ok: 0, fail: 0, warn: 0, skipped: 0, unknown: 0 };
  for (const item of checks) counts[item.status] += 1;
  return counts;
}

/**
 * The checklist for a terminal: each check's status, title and id, then
 * what was found and what to do, indented. Every piece of text goes through
 * {@link printable}, entry by entry: AWS error messages and names are shown in
 * full, but cannot move the cursor or start a line of their own.
 */
export function formatChecklist(checks: readonly Check[], context: DoctorContext): string {
  const where = [`account ${context.account ?? 'unknown'}`, context.region, ...(context.aggregator === undefined ? [] : [`aggregator ${context.aggregator}`])];
  const lines = [`iam-cert-expiry doctor: ${where.map(printable).join(', ')}`, ''];
  for (const item of checks) {
    lines.push(`${STATUS_LABEL[item.status].padEnd(LABEL_WIDTH)} ${printable(item.title)}  [${printable(item.id)}]`);
    for (const entry of item.detail) lines.push(`${INDENT}${printable(entry)}`);
    if (item.remedy !== undefined && item.status !== CheckStatus.Ok) lines.push(`${INDENT}fix: ${printable(item.remedy)}`);
  }
  const counts = countByStatus(checks);
  lines.push('', `${checks.length} checks: ${counts.ok} ok, ${counts.fail} FAIL, ${counts.warn} warn, ${counts.skipped} skipped${counts.unknown === 0 ? '' : `, ${counts.unknown} not yet known`}`);
  return `${lines.join('\n')}\n`;
}

/** The JSON document's schema version: bumped only when a field changes meaning or goes away. */
export const DOCTOR_JSON_SCHEMA_VERSION = 1;

/**
 * The checklist as one JSON document for pipelines. Stable schema (docs/cli.md):
 * `schemaVersion`, `generatedAt`, `region`, `account`, `aggregator`,
 * `exitCode`, `counts` by status, and `checks[]`, each with `id`, `status`
 * (`ok`, `fail`, `warn`, `skipped`, `unknown`: not yet known), `title`, `detail` (lines joined by `\n`)
 * and `remedy` (`null` when there is nothing to do).
 */
export function formatChecklistJson(checks: readonly Check[], context: DoctorContext, exitCode: number): string {
  const document = {
    schemaVersion: DOCTOR_JSON_SCHEMA_VERSION,
    command: 'doctor',
    generatedAt: context.generatedAt.toISOString(),
    region: context.region,
    account: context.account ?? null,
    aggregator: context.aggregator ?? null,
    exitCode,
    counts: countByStatus(checks),
    checks: checks.map((item) => ({
      id: item.id,
      status: item.status,
      title: item.title,
      detail: item.detail.join('\n'),
      remedy: item.status === CheckStatus.Ok ? null : (item.remedy ?? null),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
