import { readFile } from 'node:fs/promises';
import type { GateOptions } from './certificate-findings';
import { cloudFormationFindings, isCloudFormationTemplate } from './cloudformation-template';
import type { IacFinding, IacParseProblem } from './findings';
import { IacParseError, parseIacDocument } from './iac-document';
import { isTerraformPlan, terraformPlanFindings } from './terraform-plan';

/** What a check of some files found. */
export interface GateResult {
  readonly findings: IacFinding[];
  readonly problems: IacParseProblem[];
  /** Files that were a Terraform plan or a CloudFormation template. */
  readonly checked: string[];
  /** Files of another kind (package.json, tsconfig.json, …), skipped. */
  readonly skipped: string[];
}

/**
 * Reads and checks each file. A file named on the command line that cannot
 * be parsed is a problem (exit 1); a file found in a directory search that is
 * not a plan or template is skipped, since directories hold other JSON too.
 */
export async function checkFiles(files: readonly string[], options: GateOptions, explicit: ReadonlySet<string>): Promise<GateResult> {
  const result: GateResult = { findings: [], problems: [], checked: [], skipped: [] };
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      result.problems.push({ file, position: undefined, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    let document;
    try {
      document = parseIacDocument(file, text);
    } catch (error) {
      if (!(error instanceof IacParseError)) throw error;
      if (explicit.has(file)) result.problems.push({ file, position: error.position, message: error.message });
      else result.skipped.push(file);
      continue;
    }
    if (isTerraformPlan(document)) {
      result.checked.push(file);
      result.findings.push(...terraformPlanFindings(document, options));
    } else if (isCloudFormationTemplate(document)) {
      result.checked.push(file);
      result.findings.push(...cloudFormationFindings(document, options));
    } else if (explicit.has(file)) {
      result.problems.push({ file, position: undefined, message: 'neither a Terraform plan (terraform show -json) nor a CloudFormation template' });
    } else {
      result.skipped.push(file);
    }
  }
  return result;
}
