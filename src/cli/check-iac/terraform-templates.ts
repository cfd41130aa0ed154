import { dirname } from 'node:path';
import { certificateFindings, uncheckedTemplateFinding } from './certificate-findings';
import type { CheckContext } from './check-context';
import { checkCloudFormation } from './cloudformation-template';
import type { SourcePlace } from './findings';
import { field, text, type IacPath } from './iac-values';
import { checkEmbeddedTemplate } from './nested-templates';

/**
 * Terraform resources that deploy CloudFormation: a stack or stack set with
 * its template in `template_body` (a string) or at `template_url` (AWS
 * provider `aws_cloudformation_stack`, `aws_cloudformation_stack_set`; AWS
 * Cloud Control provider `awscc_cloudformation_stack`,
 * `awscc_cloudformation_stack_set`), and any CloudFormation resource type
 * through the Cloud Control API (`aws_cloudcontrolapi_resource`: `type_name`,
 * and `desired_state`, the resource's properties as a JSON string, usually
 * written with `jsonencode`).
 */
export const TEMPLATE_RESOURCES: ReadonlySet<string> = new Set([
  'aws_cloudformation_stack',
  'aws_cloudformation_stack_set',
  'awscc_cloudformation_stack',
  'awscc_cloudformation_stack_set',
  'aws_cloudcontrolapi_resource',
]);

/** One planned resource of {@link TEMPLATE_RESOURCES}. */
export interface TemplateChange {
  readonly type: string;
  readonly address: string;
  /** `change.after` and `change.after_unknown` of the plan. */
  readonly after: unknown;
  readonly unknown: unknown;
  readonly place: (...path: IacPath) => SourcePlace;
}

/**
 * Checks what a stack, stack set or Cloud Control resource of a plan deploys.
 * A template body is checked as a template, its resources named
 * `address/LogicalId`; a `desired_state` as a resource of its `type_name`. A
 * body known only after apply, or a template at a URL, is a template the
 * gate did not check (IAMCERT007); the desired state of an IAM server
 * certificate known only after apply is an unknown body (IAMCERT003).
 */
export async function checkTerraformTemplate(change: TemplateChange, context: CheckContext, chain: readonly string[]): Promise<void> {
  const { type, address, after, unknown, place } = change;
  const knownAfterApply = (argument: string): boolean => field(unknown, argument) === true;
  const nesting = { prefix: `${address}/`, chain };
  if (type === 'aws_cloudcontrolapi_resource') {
    await checkCloudControl(change, context, chain);
    return;
  }
  const body = text(field(after, 'template_body'));
  const folder = dirname(place().file);
  if (body !== undefined && body !== '' && !knownAfterApply('template_body')) {
    await checkEmbeddedTemplate(body, place('template_body'), `the template_body of ${address}`, folder, context, nesting);
    return;
  }
  if (knownAfterApply('template_body')) {
    context.findings.push(uncheckedTemplateFinding(place('template_body'), address, 'in its template_body', 'known after apply', context.options));
    return;
  }
  const url = text(field(after, 'template_url'));
  if (knownAfterApply('template_url') || url !== undefined) {
    const why = url === undefined ? 'its template_url is known after apply' : 'a remote template: only CloudFormation reads it';
    context.findings.push(uncheckedTemplateFinding(place('template_url'), address, url ?? 'at its template_url', why, context.options));
  }
}

/** The type whose resources are IAM server certificates (CloudFormation resource type reference). */
const SERVER_CERTIFICATE = 'AWS::IAM::ServerCertificate';

async function checkCloudControl(change: TemplateChange, context: CheckContext, chain: readonly string[]): Promise<void> {
  const { address, after, unknown, place } = change;
  const typeName = text(field(after, 'type_name'));
  const desired = text(field(after, 'desired_state'));
  const where = place('desired_state');
  if (desired === undefined || field(unknown, 'desired_state') === true) {
    if (typeName === SERVER_CERTIFICATE) {
      const why = field(unknown, 'desired_state') === true ? 'desired_state known after apply' : 'no desired_state in the plan';
      context.findings.push(...certificateFindings({ file: where.file, resource: address, position: where.position, body: { unknown: why } }, context.options));
    } else if (typeName === 'AWS::CloudFormation::StackSet' || typeName === 'AWS::CloudFormation::Stack') {
      context.findings.push(uncheckedTemplateFinding(where, address, 'in its desired_state', 'known after apply', context.options));
    }
    return;
  }
  if (typeName === undefined) return;
  let properties: unknown;
  try {
    properties = JSON.parse(desired);
  } catch (error) {
    context.problems.push({ ...where, message: `the desired_state of ${address} is not JSON (${error instanceof Error ? error.message : String(error)}), so Cloud Control would refuse it` });
    return;
  }
  // One resource of type_name, as CloudFormation would read it: every value at the desired_state's place.
  const source = { root: { Resources: { [address]: { Type: typeName, Properties: properties } } }, locate: () => where, folder: dirname(where.file) };
  await checkCloudFormation(source, context, { prefix: '', chain });
}
