import { certificateFindings, CHECK_PROCESSED_TEMPLATE, consumerFinding, uncheckedTemplateFinding } from './certificate-findings';
import type { CheckContext, TemplateNesting } from './check-context';
import { expandForEach, UNKNOWN_ITEM } from './cloudformation-foreach';
import { expandIncludes } from './cloudformation-include';
import { iamCertificateReference } from './cloudformation-references';
import type { IacDocument } from './iac-document';
import { at, entriesOf, field, isRecord, list, text, type IacPath } from './iac-values';
import { MAX_SHADOWED_VALUES } from './duplicate-keys';
import { checkNestedTemplates } from './nested-templates';
import { shadowedVariants } from './shadowed-values';
import { Origins, type Origin, type TemplateSource } from './template-view';

/**
 * Whether a document is a CloudFormation template (hand-written, or `cdk
 * synth` output): a `Resources` mapping whose entries have a string `Type`,
 * or that holds an `Fn::ForEach` loop or an `AWS::Include` (whose resources
 * appear only once expanded), or a `Resources` mapping with a template format
 * version or a `Transform` section (a macro may make every resource).
 */
export function isCloudFormationTemplate(document: IacDocument): boolean {
  const resources = entriesOf(field(document.root, 'Resources'));
  if (resources.some(([key, resource]) => text(field(resource, 'Type')) !== undefined || key.startsWith('Fn::ForEach::') || key === 'Fn::Transform')) return true;
  return (text(field(document.root, 'AWSTemplateFormatVersion')) !== undefined || field(document.root, 'Transform') !== undefined) && isRecord(field(document.root, 'Resources'));
}

/**
 * Checks the template a document holds, and again for each value a repeated
 * key hides ({@link shadowedVariants}): the worse verdict of the readings
 * stands (the same finding twice is reported once, by the caller). A hidden
 * value the gate cannot put in place is a problem: it was not judged.
 */
export async function checkTemplateDocument(document: IacDocument, sourceOf: (document: IacDocument) => TemplateSource, context: CheckContext, nesting: TemplateNesting): Promise<void> {
  await checkCloudFormation(sourceOf(document), context, nesting);
  for (const variant of shadowedVariants(document)) {
    if ('document' in variant) await checkCloudFormation(sourceOf(variant.document), context, nesting);
    else context.problems.push({ ...sourceOf(document).locate([...variant.unplaced.path]), message: `the value the repeated key ${JSON.stringify(variant.unplaced.key)} hides (at line ${variant.unplaced.position.line}, column ${variant.unplaced.position.column}) could not be checked: the object that holds it is itself hidden by a repeated key; remove the repeated keys` });
  }
  const { unjudged } = document.duplicateKeys();
  if (unjudged > 0) context.problems.push({ ...sourceOf(document).locate([]), message: `${unjudged} more value${unjudged === 1 ? '' : 's'} hidden by repeated keys than the gate checks (MAX_SHADOWED_VALUES, ${MAX_SHADOWED_VALUES}) were not checked; remove the repeated keys` });
}

/**
 * Checks a CloudFormation template, its `AWS::Include` snippets and
 * `Fn::ForEach` loops expanded first: `AWS::IAM::ServerCertificate`
 * resources (an inline `CertificateBody` string is checked; a `Ref`, `Fn::Sub`,
 * other intrinsic or dynamic reference is not known before deployment), the
 * properties that point a listener or distribution at an IAM certificate
 * (CloudFormation resource reference for each type), and the templates it
 * deploys as nested stacks, stack sets and serverless applications.
 */
export async function checkCloudFormation(source: TemplateSource, context: CheckContext, nesting: TemplateNesting): Promise<void> {
  const origins = new Origins(source);
  const base: Origin = { source, path: [] };
  const included = await expandIncludes(base, source.root, origins, context, nesting);
  const { root, problems } = expandForEach(base, included, origins);
  for (const problem of problems) context.problems.push({ ...problem.place, message: problem.message });
  const { findings, options } = context;
  const resources = entriesOf(field(root, 'Resources'));
  const certificateIds = new Set(resources.filter(([, resource]) => text(field(resource, 'Type')) === 'AWS::IAM::ServerCertificate').map(([id]) => id));
  for (const [logicalId, resource] of resources) {
    const name = `${nesting.prefix}${logicalId}`;
    const properties = field(resource, 'Properties');
    const where = (...path: IacPath) => origins.locate(root, ['Resources', logicalId, 'Properties', ...path]);
    const consumer = (value: unknown, path: IacPath, what: string): void => {
      const reference = iamCertificateReference(value, certificateIds);
      if (reference === undefined) return;
      const place = where(...path);
      findings.push(consumerFinding(place.file, name, place.position, `${what} (${reference})`));
    };
    const type = text(field(resource, 'Type'));
    switch (type) {
      case 'AWS::IAM::ServerCertificate': {
        const place = where('CertificateBody');
        findings.push(...certificateFindings({ file: place.file, resource: name, position: place.position, body: certificateBody(field(properties, 'CertificateBody')) }, options));
        break;
      }
      case 'AWS::ElasticLoadBalancingV2::Listener':
      case 'AWS::ElasticLoadBalancingV2::ListenerCertificate':
        list(field(properties, 'Certificates')).forEach((certificate, index) =>
          consumer(field(certificate, 'CertificateArn'), ['Certificates', index, 'CertificateArn'], 'Certificates[].CertificateArn'),
        );
        break;
      case 'AWS::ElasticLoadBalancing::LoadBalancer':
        list(field(properties, 'Listeners')).forEach((listener, index) => consumer(field(listener, 'SSLCertificateId'), ['Listeners', index, 'SSLCertificateId'], 'Listeners[].SSLCertificateId'));
        break;
      case 'AWS::CloudFront::Distribution': {
        // IamCertificateId is the IAM certificate's id (ASCA…): any value at all points at IAM.
        const path = ['DistributionConfig', 'ViewerCertificate', 'IamCertificateId'];
        const iamId = at(properties, ...path);
        if (iamId !== undefined && iamId !== null) {
          const place = where(...path);
          findings.push(consumerFinding(place.file, name, place.position, 'DistributionConfig.ViewerCertificate.IamCertificateId'));
        }
        break;
      }
      default:
        if (type !== undefined && isModuleType(type)) {
          const place = origins.locate(root, ['Resources', logicalId, 'Type']);
          findings.push(uncheckedTemplateFinding(place, name, `of the module ${type}`, 'a CloudFormation module: CloudFormation expands it from the registry at deployment', options, CHECK_PROCESSED_TEMPLATE));
        } else if (type !== undefined) {
          const part = (path: IacPath): TemplateSource => ({
            root: path.reduce<unknown>((value, step) => field(value, String(step)), properties),
            locate: (inner) => where(...path, ...inner),
            folder: source.folder,
          });
          await checkNestedTemplates({ type, name, properties, where, part }, context, nesting);
        }
        break;
    }
  }
}

/**
 * Whether a resource type is a CloudFormation module: registered in the
 * CloudFormation registry, named `Organization::Service::UseCase::MODULE`,
 * and resolved into its resources (any type, an IAM server certificate
 * among them) only when CloudFormation processes the template at deployment
 * (AWS CloudFormation User Guide, "Use modules from the CloudFormation
 * private registry": "CloudFormation generates a processed template that
 * resolves any included modules into the appropriate resources"). The gate
 * never sees the module's template: the processed template is the one to check.
 */
function isModuleType(type: string): boolean {
  return type.endsWith('::MODULE');
}

/**
 * A dynamic reference (`{{resolve:ssm:…}}`, `{{resolve:ssm-secure:…}}`,
 * `{{resolve:secretsmanager:…}}`) anywhere in a string: CloudFormation puts the
 * stored value in its place at deployment (AWS CloudFormation User Guide,
 * "Get values stored in other services using dynamic references").
 */
const DYNAMIC_REFERENCE = /\{\{resolve:([^:}]*)/;

/** What the gate can read of a `CertificateBody` value. */
function certificateBody(body: unknown): { pem: string } | { unknown: string } {
  const pem = text(body);
  if (pem !== undefined) {
    const dynamic = DYNAMIC_REFERENCE.exec(pem);
    if (dynamic === null) return { pem };
    return { unknown: `set by a dynamic reference, {{resolve:${dynamic[1] ?? ''}:…}}, resolved at deployment` };
  }
  return { unknown: body === undefined ? 'no CertificateBody' : `set by ${describeIntrinsic(body)}` };
}

/** `Ref BodyParam`, `Fn::Sub`, `Fn::If`…: what sets a value that is not a literal string. */
function describeIntrinsic(value: unknown): string {
  const [name, argument] = entriesOf(value)[0] ?? [];
  if (name === undefined || !isRecord(value) || Object.keys(value).length !== 1) return 'a value that is not a string';
  if (name === UNKNOWN_ITEM) return String(argument);
  return name === 'Ref' && typeof argument === 'string' ? `Ref ${argument} (a parameter or resource, known at deployment)` : `${name} (an intrinsic function, evaluated at deployment)`;
}
