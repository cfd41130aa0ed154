import { certificateFindings, consumerFinding, isIamCertificateArn } from './certificate-findings';
import type { CheckContext } from './check-context';
import type { IacDocument } from './iac-document';
import { at, field, isRecord, list, text, type IacPath } from './iac-values';
import { TerraformConfiguration } from './terraform-configuration';
import { checkPlanStatus, unreadableChange, unreadableChanges } from './terraform-plan-status';
import { checkTerraformTemplate, TEMPLATE_RESOURCES } from './terraform-templates';

/**
 * Top-level properties of `terraform show -json` output of a plan (Terraform
 * "JSON Output Format", plan representation). All but `applyable`,
 * `complete` and `errored` (written always, by Terraform releases that know
 * them) are `omitempty`: a plan with no changes has no `resource_changes`,
 * so a plan is known by its `format_version` and any of these; a state
 * (`values`) is not a plan.
 */
const PLAN_PROPERTIES = ['planned_values', 'resource_changes', 'configuration', 'prior_state', 'output_changes', 'resource_drift', 'relevant_attributes', 'variables', 'applyable', 'complete', 'errored'] as const;
/** The plan format's major versions the gate reads: 0.x (Terraform 0.12–1.0) and 1.x. A newer major version is not backward-compatible, and the format's docs say to reject it. */
const SUPPORTED_FORMAT_MAJORS = new Set(['0', '1']);

/** Whether a document is `terraform show -json` output of a plan. */
export function isTerraformPlan(document: IacDocument): boolean {
  const root = document.root;
  if (!isRecord(root)) return false;
  if (typeof root['format_version'] === 'string') return PLAN_PROPERTIES.some((key) => Object.hasOwn(root, key));
  // Hand-made or trimmed plans sometimes drop the version; resource_changes alone still says what it is.
  return Array.isArray(root['resource_changes']);
}

/** Whether a document is `terraform show -json` output of a state, not a plan: a common mix-up worth naming. */
export function isTerraformState(document: IacDocument): boolean {
  return isRecord(document.root) && typeof document.root['format_version'] === 'string' && typeof document.root['terraform_version'] === 'string' && Object.hasOwn(document.root, 'values');
}

/** Why the gate cannot read this plan's format, or `undefined`. */
export function unsupportedPlanFormat(document: IacDocument): string | undefined {
  const version = text(field(document.root, 'format_version'));
  const major = version?.split('.')[0];
  if (version === undefined || major === undefined || SUPPORTED_FORMAT_MAJORS.has(major)) return undefined;
  return `Terraform plan format_version ${version} is not supported: the gate reads the 0.x and 1.x plan formats`;
}

/** Listeners and distributions that name a certificate, and the argument that does (Terraform AWS provider docs for each resource). */
const CONSUMERS: Readonly<Record<string, { readonly block?: string; readonly argument: string; readonly namesIam: (value: string) => boolean }>> = {
  aws_lb_listener: { argument: 'certificate_arn', namesIam: isIamCertificateArn },
  aws_alb_listener: { argument: 'certificate_arn', namesIam: isIamCertificateArn },
  aws_lb_listener_certificate: { argument: 'certificate_arn', namesIam: isIamCertificateArn },
  aws_alb_listener_certificate: { argument: 'certificate_arn', namesIam: isIamCertificateArn },
  aws_elb: { block: 'listener', argument: 'ssl_certificate_id', namesIam: isIamCertificateArn },
  // iam_certificate_id is the IAM certificate's id (ASCA…): any value at all points at IAM.
  aws_cloudfront_distribution: { block: 'viewer_certificate', argument: 'iam_certificate_id', namesIam: (value) => value !== '' },
};

/** Actions after which the resource exists and is managed: created, updated, replaced (delete+create) or kept. `delete`, `read` and `forget` alone leave nothing to check. */
const STAYS = new Set(['create', 'update', 'no-op']);

/**
 * Findings of a Terraform plan. Each `resource_changes[]` entry has `mode`
 * (`managed` or `data`), `type`, `address`, `change.actions`, `change.after`
 * (values after apply) and `change.after_unknown` (which are known only
 * after apply). Data sources are read, never created, so they are skipped;
 * so is a resource the plan only deletes or forgets. An errored plan, and a
 * part of the wrong type, are problems ({@link checkPlanStatus},
 * {@link unreadableChange}); an incomplete plan is named as not checked.
 */
export async function checkTerraformPlan(document: IacDocument, context: CheckContext, chain: readonly string[]): Promise<void> {
  const { findings, options } = context;
  const problem = (unreadable: { path: IacPath; message: string }) => context.problems.push({ file: document.file, position: document.position(unreadable.path), message: unreadable.message });
  checkPlanStatus(document, context);
  const unreadable = unreadableChanges(document.root);
  if (unreadable !== undefined) {
    problem(unreadable);
    return;
  }
  const configuration = new TerraformConfiguration(field(document.root, 'configuration'));
  for (const [index, change] of list(field(document.root, 'resource_changes')).entries()) {
    const unreadableEntry = unreadableChange(change, index);
    if (unreadableEntry !== undefined) {
      problem(unreadableEntry);
      continue;
    }
    if (text(field(change, 'mode')) === 'data') continue;
    const actions = list(at(change, 'change', 'actions')).map(text);
    if (actions.length > 0 && !actions.some((action) => action !== undefined && STAYS.has(action))) continue;
    const type = text(field(change, 'type'));
    const address = text(field(change, 'address')) ?? type ?? '(unnamed)';
    const after = at(change, 'change', 'after');
    const unknown = at(change, 'change', 'after_unknown');
    const where = (...path: IacPath) => document.position(['resource_changes', index, 'change', 'after', ...path]);
    if (type !== undefined && TEMPLATE_RESOURCES.has(type)) {
      const place = (...path: IacPath) => ({ file: document.file, position: where(...path) });
      await checkTerraformTemplate({ type, address, after, unknown, place }, context, chain);
      continue;
    }
    // awscc_iam_server_certificate (the AWS Cloud Control provider) has the same certificate_body argument.
    if (type === 'aws_iam_server_certificate' || type === 'awscc_iam_server_certificate') {
      const pem = text(field(after, 'certificate_body'));
      const knownOnlyAfterApply = field(unknown, 'certificate_body') === true;
      const body = pem !== undefined && !knownOnlyAfterApply ? { pem } : { unknown: knownOnlyAfterApply ? 'known after apply' : 'no certificate_body in the plan' };
      findings.push(...certificateFindings({ file: document.file, resource: address, position: where('certificate_body'), body }, options));
      continue;
    }
    const consumer = type === undefined ? undefined : CONSUMERS[type];
    if (consumer === undefined) continue;
    const { block, argument, namesIam } = consumer;
    const what = block === undefined ? argument : `${block}.${argument}`;
    const check = (value: unknown, isUnknown: boolean, path: IacPath): void => {
      if (!isUnknown && value !== undefined) {
        const known = text(value);
        if (known !== undefined && namesIam(known)) findings.push(consumerFinding(document.file, address, where(...path), what));
        return;
      }
      // Known after apply (after_unknown true; `after` then holds null), or absent from the plan:
      // only the configuration can tell, by which certificate the argument's expression references.
      const certificate = configuration.certificateReferencedBy(change, block, argument);
      if (certificate !== undefined) findings.push(consumerFinding(document.file, address, where(...path), `${what} (known after apply: ${certificate}, in this plan)`));
    };
    if (block === undefined) {
      check(field(after, argument), field(unknown, argument) === true, [argument]);
      continue;
    }
    const unknownBlocks = field(unknown, block);
    if (field(after, block) === undefined || (unknownBlocks === true && list(field(after, block)).length === 0)) {
      // The whole block is known only after apply, or the plan does not show it.
      check(undefined, true, [block]);
      continue;
    }
    list(field(after, block)).forEach((item, itemIndex) => {
      const isUnknown = unknownBlocks === true || field(list(unknownBlocks)[itemIndex], argument) === true;
      check(field(item, argument), isUnknown, [block, itemIndex, argument]);
    });
  }
}
