import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GateOptions } from './certificate-findings';
import type { CheckContext } from './check-context';
import { checkCloudFormation, isCloudFormationTemplate } from './cloudformation-template';
import { duplicateKeyFindings } from './duplicate-key-findings';
import type { IacFinding, IacParseProblem } from './findings';
import { parseIacDocument, type IacDocument } from './iac-document';
import { IacParseError, readIacText } from './read-iac-file';
import { TemplateFiles } from './template-files';
import { documentSource } from './template-view';
import { checkTerraformPlan, isTerraformPlan, isTerraformState, unsupportedPlanFormat } from './terraform-plan';

/** A file a directory search found that is not a plan or template, and why it was skipped. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** What a check of some files found. */
export interface GateResult {
  readonly findings: IacFinding[];
  readonly problems: IacParseProblem[];
  /** Files that were a Terraform plan or a CloudFormation template, and the local templates they nest or include. */
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
 * plan, and must not pass what it did not read. The local templates a
 * template nests or includes are read and checked with it.
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
    // The templates this file nests or includes are read with it, and dropped with it: a plan's values never outlive its check.
    const files = new TemplateFiles();
    files.add(document);
    const context: CheckContext = { options, files, findings: result.findings, problems: result.problems };
    const chain = [await realpath(resolve(file)).catch(() => resolve(file))];
    const isPlan = isTerraformPlan(document);
    if (isPlan) {
      const unsupported = unsupportedPlanFormat(document);
      if (unsupported !== undefined) {
        result.problems.push({ file, position: document.position(['format_version']), message: unsupported });
      } else {
        result.checked.push(file);
        await checkTerraformPlan(document, context, chain);
      }
    } else if (isCloudFormationTemplate(document)) {
      result.checked.push(file);
      await checkCloudFormation(documentSource(document), context, { prefix: '', chain });
    } else {
      // Read as YAML only because it is not JSON: what is wrong with it as JSON says more than "not a template".
      const what = document.jsonError?.message ?? (isTerraformState(document) ? 'a Terraform state, not a plan: give terraform show -json of a saved plan (terraform plan -out plan.tfplan)' : NOT_IAC);
      if (explicit.has(file)) result.problems.push({ file, position: document.jsonError?.position, message: what });
      else result.notices.push({ file, reason: document.jsonError === undefined ? what : `not JSON or YAML: ${what}` });
    }
    for (const read of files.documents) {
      if (read !== document && !result.checked.includes(read.file)) result.checked.push(read.file);
      // Terraform applies the binary plan, never its JSON: a key repeated there cannot make the gate read other
      // values than those deployed, and looking for one would cost a pass over a file of up to hundreds of MB.
      if (!(isPlan && read === document)) result.findings.push(...duplicateKeyFindings(read.duplicateKeys(), { file: read.file }));
    }
  }
  return result;
}
