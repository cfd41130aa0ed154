import { uncheckedHint, uncheckedLevel } from './certificate-findings';
import type { CheckContext } from './check-context';
import { IacRule } from './findings';
import type { IacDocument } from './iac-document';
import { field, isRecord, type IacPath } from './iac-values';

/**
 * The plan's verdict on itself (Terraform `internal/plans/plan.go`, exported
 * as is by `terraform show -json`, `internal/command/jsonplan/plan.go`;
 * `errored` added in Terraform 1.5, hashicorp/terraform#33372, `applyable`
 * and `complete` in #34642; absent from older plans, which say nothing
 * either way):
 * - `errored`: "the Changes information is incomplete because the planning
 *   operation failed"; such a plan cannot be applied;
 * - `complete`: false when some resource instances have no planned action
 *   yet (deferred to a later plan-and-apply round, `deferred_changes`);
 * - `applyable`: false also for a plan that succeeded with nothing to change,
 *   which is no reason to fail the gate, so it is only checked for its type.
 */
const PLAN_FLAGS = ['errored', 'complete', 'applyable'] as const;

/** The name of a plan-level finding, where a finding about a resource names its address. */
const PLAN_RESOURCE = 'plan';

/**
 * Judges what a plan says of itself, before its changes are read. A flag of
 * the wrong type, or an errored plan, is a problem (exit 1, naming the file
 * and field): its changes are not all there. An incomplete plan is a
 * template the gate did not check (IAMCERT007, an error unless
 * `--allow-unchecked`): the rounds after this one are not in it.
 */
export function checkPlanStatus(document: IacDocument, context: CheckContext): void {
  const problem = (path: IacPath, message: string) => context.problems.push({ file: document.file, position: document.position(path), message });
  const root = document.root;
  for (const flag of PLAN_FLAGS) {
    const value = field(root, flag);
    if (value !== undefined && typeof value !== 'boolean') problem([flag], `${flag} is ${describeJsonType(value)}, not true or false: this is not the JSON terraform show -json writes of a plan`);
  }
  if (field(root, 'errored') === true) {
    problem(['errored'], 'the plan errored (errored: true): terraform plan failed, so the changes it lists are incomplete and it cannot be applied; fix the errors and plan again');
    return;
  }
  // A deferred change is one this round does not apply, whatever `complete` says: its body is not judged here.
  const deferred = field(root, 'deferred_changes');
  const deferredCount = Array.isArray(deferred) ? deferred.length : 0;
  if (field(root, 'complete') === false || deferredCount > 0) {
    const why = field(root, 'complete') === false ? 'complete: false' : `deferred_changes lists ${deferredCount}`;
    context.findings.push({
      rule: IacRule.UncheckedTemplate,
      level: uncheckedLevel(context.options),
      file: document.file,
      position: document.position(field(root, 'complete') === false ? ['complete'] : ['deferred_changes']),
      resource: PLAN_RESOURCE,
      message:
        `${PLAN_RESOURCE}: the plan is incomplete (${why}): Terraform left some changes to a later plan-and-apply round (deferred_changes), and the gate sees only this round, so those were not checked; ` +
        `run the gate on the plan of each later round before it is applied${uncheckedHint(context.options)}`,
    });
  }
}

/**
 * Why a plan's `resource_changes`, or one of its entries, cannot be read, or
 * `undefined`. Every part the gate reads must have its documented type
 * (Terraform "JSON Output Format", change representation): read as "absent",
 * a part of another type would pass a plan the gate never looked into.
 * `change.after` is an object, or null for a resource the plan deletes.
 */
export function unreadableChanges(root: unknown): { path: IacPath; message: string } | undefined {
  const changes = field(root, 'resource_changes');
  if (changes === undefined || Array.isArray(changes)) return undefined;
  return { path: ['resource_changes'], message: unreadable('resource_changes', changes, 'a list') };
}

/** Why one `resource_changes[index]` entry cannot be read, or `undefined`. */
export function unreadableChange(change: unknown, index: number): { path: IacPath; message: string } | undefined {
  const name = `resource_changes[${index}]`;
  if (!isRecord(change)) return { path: ['resource_changes', index], message: unreadable(name, change, 'an object') };
  const type = field(change, 'type');
  // Every entry names its resource type (Terraform "JSON Output Format"): one without it cannot be told from a certificate.
  if (typeof type !== 'string') return { path: ['resource_changes', index, 'type'], message: unreadable(`${name}.type`, type, 'a string') };
  const inner = field(change, 'change');
  if (!isRecord(inner)) return { path: ['resource_changes', index, ...(inner === undefined ? [] : ['change'])], message: unreadable(`${name}.change`, inner, 'an object') };
  const actions = field(inner, 'actions');
  if (actions !== undefined && !(Array.isArray(actions) && actions.every((action) => typeof action === 'string'))) {
    return { path: ['resource_changes', index, 'change', 'actions'], message: unreadable(`${name}.change.actions`, actions, 'a list of strings') };
  }
  const after = field(inner, 'after');
  if (after !== undefined && after !== null && !isRecord(after)) return { path: ['resource_changes', index, 'change', 'after'], message: unreadable(`${name}.change.after`, after, 'an object (or null)') };
  return undefined;
}

function unreadable(name: string, value: unknown, expected: string): string {
  return `${name} is ${describeJsonType(value)}, not ${expected}: this is not the JSON terraform show -json writes of a plan, and the gate cannot read its changes`;
}

/** A JSON value's kind, in words: "an object", "a list", "a string", "null", "missing"… */
function describeJsonType(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.some((item) => typeof item !== 'string') && value.length > 0 ? 'a list with items that are not strings' : 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}
