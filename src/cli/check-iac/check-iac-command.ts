import { isAbsolute, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError } from '../../errors';
import type { CliEnvironment } from '../cli-dependencies';
import { ExitCode } from '../exit-codes';
import { parseDays } from '../parse-flags';
import { printable } from '../terminal-text';
import { DEFAULT_REPORT_DAYS } from '../report/report-defaults';
import { CLI_VERSION } from '../version';
import { checkFiles, SkipKind, type GateResult } from './check-files';
import { discoverFiles, type Discovery } from './discover-files';
import type { IacParseProblem } from './findings';
import { CHECK_IAC_HELP } from './help';
import { formatJson } from './print-json';
import { formatSarif } from './print-sarif';
import { formatNotice, formatProblem, formatText } from './print-text';

const COMMAND = 'check-iac';

/**
 * `iam-cert-expiry check-iac PATH...`: the pre-deploy gate. Reads only the
 * files given: it never builds an AWS client, so it runs in CI with no
 * credentials and no network.
 */
export async function checkIacCommand(args: readonly string[], environment: Pick<CliEnvironment, 'io' | 'now'>): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        days: { type: 'string' },
        json: { type: 'boolean' },
        sarif: { type: 'boolean' },
        'deny-iam-certificates': { type: 'boolean' },
        'allow-unknown': { type: 'boolean' },
        'allow-unchecked': { type: 'boolean' },
        // The default since 1.0.0 (IAMCERT007 is an error unless --allow-unchecked): still accepted, so existing CI lines keep working.
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // Node's own text names the flag ("Unknown option '--bogus'. To specify …"): its first sentence.
    const message = String((error as { message?: unknown } | null)?.message ?? error);
    throw new CliUsageError(COMMAND, `${COMMAND}: ${printable(message.split('. ')[0] ?? message)} (see: iam-cert-expiry ${COMMAND} --help)`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    environment.io.stdout(CHECK_IAC_HELP);
    return ExitCode.Ok;
  }
  if (positionals.length === 0) throw new CliUsageError(COMMAND, `${COMMAND}: give at least one file or directory (see: iam-cert-expiry ${COMMAND} --help)`);
  if (values.json === true && values.sarif === true) throw new CliUsageError(COMMAND, `${COMMAND}: --json and --sarif cannot be used together`);
  if (values.strict === true && values['allow-unchecked'] === true) throw new CliUsageError(COMMAND, `${COMMAND}: --strict and --allow-unchecked cannot be used together`);
  const options = {
    now: environment.now,
    days: parseDays(COMMAND, values.days, DEFAULT_REPORT_DAYS),
    denyIamCertificates: values['deny-iam-certificates'] === true,
    allowUnknown: values['allow-unknown'] === true,
    allowUnchecked: values['allow-unchecked'] === true,
  };
  let discovery: Discovery;
  try {
    discovery = await discoverFiles(positionals);
  } catch (error) {
    // The message names a path from the command line: escaped, as every untrusted text the CLI prints.
    throw new CliUsageError(COMMAND, `${COMMAND}: ${printable(String((error as { message?: unknown } | null)?.message ?? error))}`, { cause: error });
  }
  const checked = await checkFiles(discovery.files, options, new Set(positionals));
  const result = { ...checked, problems: [...discovery.problems, ...checked.problems], notices: [...discovery.notices, ...checked.notices] };
  result.problems.push(...nothingChecked(discovery, result));
  // On stderr in every format, so a parse error shows in a CI log even when stdout goes to a SARIF or JSON file.
  for (const notice of result.notices) environment.io.stderr(formatNotice(notice));
  for (const problem of result.problems) environment.io.stderr(formatProblem(problem));
  const output = values.sarif === true ? formatSarif(result, process.cwd(), CLI_VERSION) : values.json === true ? formatJson(result) : formatText(result);
  environment.io.stdout(output);
  if (result.problems.length > 0) return ExitCode.Error;
  return result.findings.some((finding) => finding.level === 'error') ? ExitCode.Expired : ExitCode.Ok;
}

/**
 * A problem (exit 1: nothing could be checked) for each folder given under
 * which no plan or template was checked: the gate passes only what it has
 * read, and a folder with nothing in it to read is no pass (an empty
 * `cdk.out/` is what a failed `cdk synth` leaves, an empty folder what a
 * failed `terraform show` step may). A folder whose files are already
 * problems (they cannot be read or parsed) fails the run without another.
 */
function nothingChecked(discovery: Discovery, result: GateResult): IacParseProblem[] {
  const checked = new Set(result.checked);
  return discovery.folders.flatMap((folder) => {
    // By relative path, not by prefix: join('.', 'plan.json') is 'plan.json', with no './' in front.
    const within = (file: string): boolean => {
      const path = relative(folder.path, file);
      return !isAbsolute(path) && path !== '..' && !path.startsWith(`..${sep}`);
    };
    if (folder.files.some((file) => checked.has(file)) || result.problems.some((problem) => within(problem.file))) return [];
    const skipped = result.notices.filter((notice) => notice.kind === SkipKind.NotIac && within(notice.file)).length;
    const found = skipped === 0 ? 'no .json, .yaml, .yml or .template file in it' : `${skipped} file${skipped === 1 ? '' : 's'} in it, none a plan or template`;
    return [
      {
        file: folder.path,
        position: undefined,
        message: `nothing was checked: no Terraform plan or CloudFormation template in this folder (${found}); an empty or half-written folder is what a failed cdk synth or terraform show leaves, and the gate does not pass what it has not read`,
      },
    ];
  });
}
