import { uncheckedTemplateFinding } from './certificate-findings';
import type { CheckContext, TemplateNesting } from './check-context';
import { checkCloudFormation, checkTemplateDocument, isCloudFormationTemplate } from './cloudformation-template';
import { duplicateKeyFindings } from './duplicate-key-findings';
import type { SourcePlace } from './findings';
import { parseIacDocument } from './iac-document';
import { field, isRecord, text, type IacPath } from './iac-values';
import { IacParseError } from './read-iac-file';
import { templateLocation } from './template-files';
import { documentSource, embeddedSource, type TemplateSource } from './template-view';

/** A resource of a template that may deploy another template. */
export interface NestingResource {
  readonly type: string;
  /** Its name in findings: the logical id, after the names of the templates that nest this one. */
  readonly name: string;
  readonly properties: unknown;
  /** The place of a value under its `Properties`. */
  readonly where: (...path: IacPath) => SourcePlace;
  /** A value under its `Properties`, as a template of its own. */
  readonly part: (path: IacPath) => TemplateSource;
}

/**
 * Checks the template a resource deploys: a nested stack's or a stack set's
 * `TemplateBody` or `TemplateURL` (`AWS::CloudFormation::Stack`,
 * `AWS::CloudFormation::StackSet`), a serverless application's `Location`
 * (`AWS::Serverless::Application`). A local path is read relative to the
 * template's folder, as `aws cloudformation package` reads it before it
 * uploads the file, and checked with the resources named `Parent/Child`; a
 * loop of templates is a problem. A remote URL (`https://`, `s3://`), an
 * application of the Serverless Application Repository, a provisioned
 * product of AWS Service Catalog, or a value known only at deployment is a
 * template the gate did not check (IAMCERT007: an error, a warning with
 * `--allow-unchecked`).
 */
export async function checkNestedTemplates(resource: NestingResource, context: CheckContext, nesting: TemplateNesting): Promise<void> {
  const { type, properties } = resource;
  switch (type) {
    case 'AWS::CloudFormation::Stack':
    case 'AWS::CloudFormation::StackSet':
      await checkStackTemplate(resource, context, nesting);
      break;
    case 'AWS::Serverless::Application': {
      const location = field(properties, 'Location');
      if (isRecord(location)) {
        const application = `${text(field(location, 'ApplicationId')) ?? 'an application'}${text(field(location, 'SemanticVersion')) === undefined ? '' : ` version ${text(field(location, 'SemanticVersion'))}`}`;
        context.findings.push(uncheckedTemplateFinding(resource.where('Location'), resource.name, application, 'an AWS Serverless Application Repository application: only CloudFormation reads it', context.options));
      } else {
        await followLocation(resource, ['Location'], context, nesting);
      }
      break;
    }
    case 'AWS::ServiceCatalog::CloudFormationProvisionedProduct': {
      const product = text(field(properties, 'ProductName')) ?? text(field(properties, 'ProductId')) ?? 'a product';
      context.findings.push(uncheckedTemplateFinding(resource.where(), resource.name, `of the AWS Service Catalog product ${product}`, 'a provisioned product: only Service Catalog reads its template', context.options));
      break;
    }
    default:
      break;
  }
}

/**
 * A stack's or stack set's template: `TemplateBody` or `TemplateURL`. Both
 * types take `TemplateBody` as a string (the resource schemas of
 * `AWS::CloudFormation::Stack`, which takes it only through Cloud Control, and
 * `AWS::CloudFormation::StackSet`); a mapping with `Resources` is checked as a
 * template too (a Cloud Control `desired_state` written with `jsonencode` may
 * hold one), and `Fn::ToJsonString` of a mapping is the JSON of that mapping.
 * A resource that gives both is checked with both: the gate does not guess
 * which one CloudFormation would take.
 */
async function checkStackTemplate(resource: NestingResource, context: CheckContext, nesting: TemplateNesting): Promise<void> {
  const body = field(resource.properties, 'TemplateBody');
  if (body !== undefined) {
    const inline = text(body);
    // Fn::ToJsonString (AWS::LanguageExtensions) writes its mapping argument out as the JSON string.
    const mapping = isRecord(field(body, 'Fn::ToJsonString')) ? ['TemplateBody', 'Fn::ToJsonString'] : isRecord(body) && !isIntrinsic(body) ? ['TemplateBody'] : undefined;
    if (inline !== undefined) await checkEmbeddedTemplate(inline, resource.where('TemplateBody'), `the TemplateBody of ${resource.name}`, resource.part([]).folder, context, child(resource, nesting));
    else if (mapping !== undefined) await checkTemplate(resource.part(mapping), resource.where(...mapping), context, child(resource, nesting));
    else if (isIntrinsic(body)) context.findings.push(uncheckedTemplateFinding(resource.where('TemplateBody'), resource.name, 'in its TemplateBody', 'set by an intrinsic function, known only at deployment', context.options));
    else context.problems.push({ ...resource.where('TemplateBody'), message: `the TemplateBody of ${resource.name} is not a template (a string, or a mapping with Resources)` });
  }
  await followLocation(resource, ['TemplateURL'], context, nesting);
}

/** `{ Ref: … }`, `{ "Fn::If": … }`: one key, an intrinsic function's name. */
function isIntrinsic(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::') === true);
}

/**
 * Checks a template held in a string (a stack set's `TemplateBody`, a
 * Terraform stack's `template_body`): JSON or YAML, its findings at the
 * string's place. A string that is not a template is a problem: CloudFormation
 * would refuse it, and the gate does not pass what it cannot read.
 */
export async function checkEmbeddedTemplate(body: string, place: SourcePlace, what: string, folder: string, context: CheckContext, nesting: TemplateNesting): Promise<void> {
  let document;
  try {
    document = parseIacDocument(place.file, body);
  } catch (error) {
    if (!(error instanceof IacParseError)) throw error;
    const inner = error.position === undefined ? '' : ` (its line ${error.position.line}, column ${error.position.column})`;
    context.problems.push({ ...place, message: `${what} is not a template the gate can read${inner}: ${error.message}` });
    return;
  }
  context.findings.push(...duplicateKeyFindings(document.duplicateKeys(), { embedded: place, what }));
  if (!isCloudFormationTemplate(document)) {
    context.problems.push({ ...place, message: `${what} is not a CloudFormation template (no Resources with a Type)` });
    return;
  }
  await checkTemplateDocument(document, (read) => embeddedSource(read, place, folder), context, nesting);
}

/** Checks a template that is a value of the one being checked (a stack set's TemplateBody written as a mapping). */
async function checkTemplate(source: TemplateSource, place: SourcePlace, context: CheckContext, nesting: TemplateNesting): Promise<void> {
  if (!isRecord(field(source.root, 'Resources'))) {
    context.problems.push({ ...place, message: 'this TemplateBody is not a CloudFormation template (no Resources)' });
    return;
  }
  await checkCloudFormation(source, context, nesting);
}

/** Follows a `TemplateURL`/`Location` property: a local file is checked, anything else named as not checked. */
async function followLocation(resource: NestingResource, path: IacPath, context: CheckContext, nesting: TemplateNesting): Promise<void> {
  const value = path.reduce<unknown>((item, step) => field(item, String(step)), resource.properties);
  if (value === undefined) return;
  const place = resource.where(...path);
  const location = templateLocation(value);
  if ('remote' in location) {
    context.findings.push(uncheckedTemplateFinding(place, resource.name, location.remote, 'a remote template: only CloudFormation reads it', context.options));
    return;
  }
  if ('unknown' in location) {
    context.findings.push(uncheckedTemplateFinding(place, resource.name, `in its ${path.join('.')}`, location.unknown, context.options));
    return;
  }
  const loaded = await context.files.load(location.local, resource.part([]).folder, place, nesting.chain);
  if ('problem' in loaded) {
    context.problems.push(loaded.problem);
    return;
  }
  if (!isCloudFormationTemplate(loaded.document)) {
    context.problems.push({ ...place, message: `the template ${location.local} (${loaded.document.file}) is not a CloudFormation template (no Resources with a Type)` });
    return;
  }
  await checkTemplateDocument(loaded.document, documentSource, context, { prefix: `${resource.name}/`, chain: [...nesting.chain, loaded.realPath] });
}

function child(resource: NestingResource, nesting: TemplateNesting): TemplateNesting {
  return { prefix: `${resource.name}/`, chain: nesting.chain };
}
