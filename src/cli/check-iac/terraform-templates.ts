import { dirname } from 'node:path';
import { certificateFindings, uncheckedTemplateFinding } from './certificate-findings';
import type { CheckContext } from './check-context';
import { checkCloudFormation } from './cloudformation-template';
import { IacRule, type SourcePlace } from './findings';
import { findDuplicateKeys, type DuplicateKeys } from './duplicate-keys';
import type { IacDocument } from './iac-document';
import { field, isRecord, text, type IacPath } from './iac-values';
import { LineIndex } from './line-index';
import { checkEmbeddedTemplate } from './nested-templates';
import { shadowedVariants } from './shadowed-values';

const SERVERLESS_APPLICATION_STACK = 'aws_serverlessapplicationrepository_cloudformation_stack';
const SERVICE_CATALOG_PRODUCT = 'aws_servicecatalog_provisioned_product';

/**
 * Terraform resources that deploy CloudFormation: a stack or stack set with
 * its template in `template_body` (a string) or at `template_url` (AWS
 * provider `aws_cloudformation_stack`, `aws_cloudformation_stack_set`; AWS
 * Cloud Control provider `awscc_cloudformation_stack`,
 * `awscc_cloudformation_stack_set`), any CloudFormation resource type
 * through the Cloud Control API (`aws_cloudcontrolapi_resource`: `type_name`,
 * and `desired_state`, the resource's properties as a JSON string, usually
 * written with `jsonencode`), and the stacks of templates kept elsewhere: an
 * AWS Serverless Application Repository application
 * (`aws_serverlessapplicationrepository_cloudformation_stack`:
 * `application_id`, `semantic_version`) and an AWS Service Catalog product
 * (`aws_servicecatalog_provisioned_product`: `product_id` or `product_name`).
 */
export const TEMPLATE_RESOURCES: ReadonlySet<string> = new Set([
  'aws_cloudformation_stack',
  'aws_cloudformation_stack_set',
  'awscc_cloudformation_stack',
  'awscc_cloudformation_stack_set',
  'aws_cloudcontrolapi_resource',
  SERVERLESS_APPLICATION_STACK,
  SERVICE_CATALOG_PRODUCT,
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
 * gate did not check (IAMCERT007), and so is the template of an application
 * or product; the desired state of an IAM server certificate known only after
 * apply is an unknown body (IAMCERT003), and so is a Cloud Control resource
 * whose `type_name` is known only after apply.
 */
export async function checkTerraformTemplate(change: TemplateChange, context: CheckContext, chain: readonly string[]): Promise<void> {
  const { type, address, after, unknown, place } = change;
  const knownAfterApply = (argument: string): boolean => field(unknown, argument) === true;
  const nesting = { prefix: `${address}/`, chain };
  if (type === 'aws_cloudcontrolapi_resource') {
    await checkCloudControl(change, context, chain);
    return;
  }
  if (type === SERVERLESS_APPLICATION_STACK || type === SERVICE_CATALOG_PRODUCT) {
    const [what, why, argument] =
      type === SERVERLESS_APPLICATION_STACK
        ? [`of the AWS Serverless Application Repository application ${text(field(after, 'application_id')) ?? '(known after apply)'}${versionOf(after)}`, 'only CloudFormation reads it', 'application_id']
        : [`of the AWS Service Catalog product ${text(field(after, 'product_name')) ?? text(field(after, 'product_id')) ?? '(known after apply)'}`, 'only Service Catalog reads it', 'product_id'];
    context.findings.push(uncheckedTemplateFinding(place(argument), address, what, why, context.options));
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
/** The types whose resources deploy a template (`TemplateBody`, `TemplateURL`). */
const STACK_TYPES: ReadonlySet<string> = new Set(['AWS::CloudFormation::Stack', 'AWS::CloudFormation::StackSet']);

function versionOf(after: unknown): string {
  const version = text(field(after, 'semantic_version'));
  return version === undefined ? '' : ` version ${version}`;
}

async function checkCloudControl(change: TemplateChange, context: CheckContext, chain: readonly string[]): Promise<void> {
  const { address, after, unknown, place } = change;
  const typeName = field(unknown, 'type_name') === true ? undefined : text(field(after, 'type_name'));
  const desired = text(field(after, 'desired_state'));
  const where = place('desired_state');
  if (typeName === undefined) {
    await checkUnknownType(change, context, chain);
    return;
  }
  if (desired === undefined || field(unknown, 'desired_state') === true) {
    if (typeName === SERVER_CERTIFICATE) {
      const why = field(unknown, 'desired_state') === true ? 'desired_state known after apply' : 'no desired_state in the plan';
      context.findings.push(...certificateFindings({ file: where.file, resource: address, position: where.position, body: { unknown: why } }, context.options));
    } else if (STACK_TYPES.has(typeName)) {
      context.findings.push(uncheckedTemplateFinding(where, address, 'in its desired_state', 'known after apply', context.options));
    }
    return;
  }
  for (const properties of desiredStates(change, desired, context)) await checkAs(typeName, properties, change, context, chain);
}

/**
 * A Cloud Control resource whose `type_name` is known only after apply (or
 * missing from the plan) may be anything, an IAM server certificate
 * included: an unknown certificate (IAMCERT003, an error unless
 * `--allow-unknown`), never a pass. What its desired state holds is judged
 * too, as the types the gate checks would read it: a `CertificateBody` as a
 * certificate's, a `TemplateBody` or `TemplateURL` as a stack's.
 */
async function checkUnknownType(change: TemplateChange, context: CheckContext, chain: readonly string[]): Promise<void> {
  const { address, after, unknown, place } = change;
  const where = place('type_name');
  const why = field(unknown, 'type_name') === true ? 'its type_name is known only after apply' : 'the plan shows no type_name';
  context.findings.push({
    rule: IacRule.Unknown,
    level: context.options.allowUnknown ? 'warning' : 'error',
    ...where,
    resource: address,
    message: `${address}: ${why}, so the gate cannot tell what it deploys: it may be an IAM server certificate (${SERVER_CERTIFICATE}) whose expiry it cannot check, or a stack whose template it cannot see`,
  });
  const desired = field(unknown, 'desired_state') === true ? undefined : text(field(after, 'desired_state'));
  for (const properties of desired === undefined ? [] : desiredStates(change, desired, context)) {
    if (!isRecord(properties)) continue;
    if (Object.hasOwn(properties, 'CertificateBody')) await checkAs(SERVER_CERTIFICATE, properties, change, context, chain);
    if (Object.hasOwn(properties, 'TemplateBody') || Object.hasOwn(properties, 'TemplateURL')) await checkAs('AWS::CloudFormation::Stack', properties, change, context, chain);
  }
}

/**
 * The properties a `desired_state` string holds, and, for each key it sets
 * twice, the properties with the hidden value in place (the gate does not
 * know which one Cloud Control keeps, so it checks both); none (and a
 * problem) when it is not JSON, or a hidden value cannot be checked.
 */
function desiredStates(change: TemplateChange, desired: string, context: CheckContext): unknown[] {
  let properties: unknown;
  try {
    properties = JSON.parse(desired);
  } catch (error) {
    context.problems.push({ ...change.place('desired_state'), message: `the desired_state of ${change.address} is not JSON (${error instanceof Error ? error.message : String(error)}), so Cloud Control would refuse it` });
    return [];
  }
  const where = change.place('desired_state');
  let duplicates: DuplicateKeys | undefined;
  const document: IacDocument = { file: where.file, syntax: 'json', root: properties, position: () => where.position, duplicateKeys: () => (duplicates ??= findDuplicateKeys(desired, new LineIndex(desired))) };
  const readings: unknown[] = [properties];
  for (const variant of shadowedVariants(document)) {
    if ('document' in variant) readings.push(variant.document.root);
    else context.problems.push({ ...where, message: `the desired_state of ${change.address} sets ${JSON.stringify(variant.unplaced.key)} twice inside a value another repeated key hides: the gate could not check it; remove the repeated keys` });
  }
  const { unjudged } = document.duplicateKeys();
  if (unjudged > 0) context.problems.push({ ...where, message: `the desired_state of ${change.address} hides ${unjudged} more values behind repeated keys than the gate checks (MAX_SHADOWED_VALUES): remove the repeated keys` });
  return readings;
}

/** Checks the properties as one resource of `typeName`, as CloudFormation would read it: every value at the desired_state's place. */
async function checkAs(typeName: string, properties: unknown, change: TemplateChange, context: CheckContext, chain: readonly string[]): Promise<void> {
  const where = change.place('desired_state');
  const source = { root: { Resources: { [change.address]: { Type: typeName, Properties: properties } } }, locate: () => where, folder: dirname(where.file) };
  await checkCloudFormation(source, context, { prefix: '', chain });
}
