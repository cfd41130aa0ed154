import type { GateOptions } from './certificate-findings';
import { cloudFormationFindings, isCloudFormationTemplate } from './cloudformation-template';
import type { IacFinding, IacParseProblem } from './findings';
import { parseIacDocument, type IacDocument } from './iac-document';
import { IacParseError, readIacText } from './read-iac-file';
import { isTerraformPlan, isTerraformState, terraformPlanFindings, unsupportedPlanFormat } from './terraform-plan';

/** A file a directory search found that is not a plan or template, and why it was skipped. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** What a check of some files found. */
export interface GateResult {
  readonly findings: IacFinding[];
  readonly problems: IacParseProblem[];
  /** Files that were a Terraform plan or a CloudFormation template. */
  readonly checked: string[];
  /** Files of another kind (package.json, tsconfig.json, …) a directory search found, skipped, and why. */
  readonly notices: SkippedFile[];
}

const NOT_IAC = 'neither a Terraform plan (terraform show -json) nor a CloudFormation template';

/**
 * Reads and checks each file. A file named on the command line must be a
 * plan or a template: anything else is a problem (exit 1), since naming it
 * was a mistake. A file a directory search found that is not one, or does
 * not parse, is skipped with a notice, since directories hold other JSON and
 * YAML too (package.json, cdk.out/manifest.json, CI files). A file the gate
 * gave up on at one of its limits (too big, too deeply nested, aliases that
 * expand too far) is a problem either way: the gate cannot tell it is not a
 * plan, and must not pass what it did not read.
 */
export async function checkFiles(files: readonly string[], options: GateOptions, explicit: ReadonlySet<string>): Promise<GateResult> {
  const result: GateResult = { findings: [], problems: [], checked: [], notices: [] };
  for (const file of files) {
    let document: IacDocument;
    try {
      document = parseIacDocument(file, await readIacText(file));
    } catch (error) {
      if (error instanceof IacParseError) {
        if (explicit.has(file) || error.failClosed) result.problems.push({ file, position: error.position, message: error.message });
        else result.notices.push({ file, reason: `not JSON or YAML: ${error.message}` });
      } else {
        // fs errors (EACCES, EISDIR, …) and the like: always a problem, naming the file.
        result.problems.push({ file, position: undefined, message: error instanceof Error ? error.message : String(error) });
      }
      continue;
    }
    if (isTerraformPlan(document)) {
      const unsupported = unsupportedPlanFormat(document);
      if (unsupported !== undefined) {
        result.problems.push({ file, position: document.position(['format_version']), message: unsupported });
        continue;
      }
      result.checked.push(file);
      result.findings.push(...terraformPlanFindings(document, options));
    } else if (isCloudFormationTemplate(document)) {
      result.checked.push(file);
      result.findings.push(...cloudFormationFindings(document, options));
    } else {
      const what = isTerraformState(document) ? 'a Terraform state, not a plan: give terraform show -json of a saved plan (terraform plan -out plan.tfplan)' : NOT_IAC;
      if (explicit.has(file)) result.problems.push({ file, position: undefined, message: what });
      else result.notices.push({ file, reason: what });
    }
  }
  return result;
}
