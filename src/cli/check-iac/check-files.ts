import { realpath } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { GateOptions } from './certificate-findings';
import type { CheckContext } from './check-context';
import { checkTemplateDocument, isCloudFormationTemplate } from './cloudformation-template';
import { duplicateKeyFindings } from './duplicate-key-findings';
import type { IacFinding, IacParseProblem } from './findings';
import { parseIacDocument, type IacDocument } from './iac-document';
import { fsErrorReason, IacParseError, readIacText } from './read-iac-file';
import { TemplateFiles } from './template-files';
import { documentSource } from './template-view';
import { checkTerraformPlan, isTerraformPlan, isTerraformState, unsupportedPlanFormat } from './terraform-plan';

/** Why a file or folder was skipped: it is neither a plan nor a template, or it was reached before (a link) and is read once. */
export const SkipKind = {
  NotIac: 'not-a-plan-or-template',
  Repeat: 'reached-again',
} as const;

export type SkipKind = (typeof SkipKind)[keyof typeof SkipKind];

/** A file a directory search found that is not a plan or template, or a file or folder reached a second time, and why it was skipped. */
export interface SkippedFile {
  readonly file: string;
  readonly kind: SkipKind;
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

/** Extensions of YAML files: flow-style YAML may start like JSON (`{`) and be no JSON. */
const YAML_EXTENSIONS = new Set(['.yaml', '.yml']);

/**
 * Reads and checks each file. A file named on the command line must be a
 * plan or a template: anything else is a problem (exit 1), since naming it
 * was a mistake. A file a directory search found that parses but is clearly
 * neither (package.json, cdk.out/manifest.json, CI files) is skipped with a
 * notice, since directories hold other JSON and YAML too. A file that cannot
 * be read or parsed is a problem either way (a directory search finds only
 * `.json`, `.yaml`, `.yml` and `.template` files, the extensions of plans and
 * templates): a broken template, a truncated plan or an empty `terraform
 * show` output cannot be told from a file that is no template, and the gate
 * must not pass what it did not read. So is a file that starts like JSON and
 * is not JSON, unless it is named `.yaml`/`.yml` (flow-style YAML). The
 * local templates a template nests or includes are read and checked with it.
 */
export async function checkFiles(files: readonly string[], options: GateOptions, explicit: ReadonlySet<string>): Promise<GateResult> {
  const result: GateResult = { findings: [], problems: [], checked: [], notices: [] };
  for (const file of files) {
    let document: IacDocument;
    try {
      document = parseIacDocument(file, await readIacText(file));
    } catch (error) {
      if (error instanceof IacParseError) result.problems.push({ file, position: error.position, message: error.message });
      // fs errors (EACCES, EISDIR, …), in plain words.
      else result.problems.push({ file, position: undefined, message: `the file cannot be read: ${fsErrorReason(error)}` });
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
      await checkTemplateDocument(document, documentSource, context, { prefix: '', chain });
    } else {
      // Read as YAML only because it is not JSON: what is wrong with it as JSON says more than "not a template".
      const what = document.jsonError?.message ?? (isTerraformState(document) ? 'a Terraform state, not a plan: give terraform show -json of a saved plan (terraform plan -out plan.tfplan)' : NOT_IAC);
      const brokenJson = document.jsonError !== undefined && !YAML_EXTENSIONS.has(extname(file).toLowerCase());
      if (explicit.has(file) || brokenJson) result.problems.push({ file, position: document.jsonError?.position, message: what });
      else result.notices.push({ file, kind: SkipKind.NotIac, reason: document.jsonError === undefined ? what : `${NOT_IAC} (read as YAML: ${what})` });
    }
    for (const read of files.documents) {
      if (read !== document && !result.checked.includes(read.file)) result.checked.push(read.file);
      // Terraform applies the binary plan, never its JSON: a key repeated there cannot make the gate read other
      // values than those deployed, and looking for one would cost a pass over a file of up to hundreds of MB.
      if (!(isPlan && read === document)) result.findings.push(...duplicateKeyFindings(read.duplicateKeys(), { file: read.file }));
    }
  }
  // A template with a repeated key is checked once for each of its readings: what they find alike is reported once.
  result.findings.splice(0, result.findings.length, ...once(result.findings, (finding) => [finding.rule.id, finding.level, finding.file, finding.position, finding.resource, finding.message]));
  result.problems.splice(0, result.problems.length, ...once(result.problems, (problem) => [problem.file, problem.position, problem.message]));
  return result;
}

/** The items in order, each only the first time its key is seen. */
function once<T>(items: readonly T[], key: (item: T) => unknown): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const text = JSON.stringify(key(item));
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}
