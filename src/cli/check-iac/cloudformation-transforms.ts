import { CHECK_PROCESSED_TEMPLATE, uncheckedHint, uncheckedLevel, type GateOptions } from './certificate-findings';
import { IacRule, type IacFinding, type SourcePlace } from './findings';
import { field, text } from './iac-values';

/** The transform that inserts a snippet from a file (CloudFormation User Guide, "AWS::Include transform"): expanded by the gate. */
export const AWS_INCLUDE = 'AWS::Include';

/**
 * The transforms (macros hosted by CloudFormation) whose output the gate
 * checks without running them, and why that is enough:
 * - `AWS::Include`: the gate inserts the snippets itself (cloudformation-include.ts);
 * - `AWS::LanguageExtensions`: the gate expands `Fn::ForEach`
 *   (cloudformation-foreach.ts); its other functions (`Fn::ToJsonString`,
 *   `Fn::Length`, `Fn::FindInMap` defaults) leave a certificate body an
 *   intrinsic, so unknown (IAMCERT003), never passed;
 * - `AWS::Serverless-2016-10-31` (AWS SAM): not expanded, and need not be for
 *   this gate. SAM's resource types make no IAM server certificate, listener
 *   or distribution: the custom domains of `AWS::Serverless::Api` and
 *   `AWS::Serverless::HttpApi` take a certificate of AWS Certificate Manager
 *   only (AWS SAM Developer Guide, `DomainConfiguration` and
 *   `HttpApiDomainConfiguration`, `CertificateArn`: "AWS Certificate Manager
 *   is the only supported source"). The CloudFormation resources of a SAM
 *   template are checked as they are, and `AWS::Serverless::Application` is
 *   followed (nested-templates.ts).
 */
const CHECKED_TRANSFORMS: ReadonlySet<string> = new Set([AWS_INCLUDE, 'AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31']);

/**
 * The macro a `Transform` entry or an `Fn::Transform` value names: a string
 * (the template's `Transform` section lists names), or the `Name` of a
 * mapping (`{ Name, Parameters }`; AWS CloudFormation Template Reference,
 * "Fn::Transform"). `undefined` when the name is not a string.
 */
export function transformName(value: unknown): string | undefined {
  return text(value) ?? text(field(value, 'Name'));
}

/** Whether the gate checks what a transform of this name makes (see {@link CHECKED_TRANSFORMS}). */
export function isCheckedTransform(name: string | undefined): boolean {
  return name !== undefined && CHECKED_TRANSFORMS.has(name);
}

/**
 * The finding for a macro the gate cannot run: CloudFormation processes the
 * template with it before it deploys anything, and a macro may add, change
 * or remove any part of the template (AWS CloudFormation User Guide,
 * "Perform custom processing on CloudFormation templates with template
 * macros", and "CloudFormation template Transform section"), so what is
 * deployed is not what the gate read: a template the gate did not check
 * (IAMCERT007). The processed template is the one to check: CloudFormation
 * keeps it for every stack and change set (`GetTemplate` with
 * `TemplateStage` `Processed`, "Troubleshoot the processed template").
 */
export function uncheckedMacroFinding(place: SourcePlace, resource: string, name: string | undefined, where: string, options: GateOptions): IacFinding {
  const macro = name === undefined ? 'a macro whose name is not a string' : `the macro ${name}`;
  return {
    rule: IacRule.UncheckedTemplate,
    level: uncheckedLevel(options),
    ...place,
    resource,
    message:
      `${resource}: ${macro} (${where}) processes this template when CloudFormation deploys it, and may add or change any resource, so the template the gate checked is not the one deployed; ` +
      CHECK_PROCESSED_TEMPLATE +
      uncheckedHint(options),
  };
}
