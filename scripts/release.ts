/**
 * `npm run release`: a release that deploys without Node.js, in one folder
 * (`dist/release/`, or the first argument). Every file name carries the
 * package version:
 *
 * - `iam-server-certificate-expiry-rule-lambda-<version>.zip`: the function's
 *   code, built exactly as `npm run package` builds it for serverless.yml
 *   (bundle, source map, runtime wrapper);
 * - `account-stack-<version>.yml`: templates/member-account-stack.yml, the
 *   rule for one account with every setting a CloudFormation parameter and
 *   the code location given as bucket + key (one account, StackSets,
 *   Customizations for Control Tower, Service Catalog);
 * - the Organization templates: member-account-role, conformance-pack,
 *   central-invoke-permission and artifact-bucket, `-<version>.yml`;
 * - `iam-server-certificate-expiry-rule-<version>.tgz`: the CLI, `npm pack`
 *   of this package (its `prepack` builds dist/cli.js afresh, as for anyone
 *   who packs it), checked to hold dist/cli.js;
 * - `SHA256SUMS`, for `sha256sum -c SHA256SUMS` in that folder.
 *
 * Before writing anything it checks what a deployment would otherwise find
 * out halfway: CHANGELOG.md has a dated newest entry for the version and
 * nothing left under [Unreleased] (scripts/changelog-entry.ts), no combination of
 * parameter values gives a rule InputParameters past AWS Config's 1,024
 * characters, and each template fits CloudFormation's inline template body.
 * Offline: nothing is sent to AWS. docs/deploy.md, "Deploy from a release,
 * without Node".
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTemplate, parameterNames } from './cloudformation-yaml';
import { assertInputParametersFit, cloudFormationBound, documentedBound, type LengthBound } from './input-parameters-budget';
import { changelogProblems } from './changelog-entry';

const ROOT = resolve(__dirname, '..');
const OUT = resolve(process.argv[2] ?? join(ROOT, 'dist', 'release'));
const SERVICE = 'iam-server-certificate-expiry-rule';
/** What `npm run package` names the function's zip (serverless.yml `service`). */
const PACKAGED_ZIP = `${SERVICE}.zip`;
/** The CLI's entry in the package tarball (npm pack puts every file under package/). */
const CLI_IN_TARBALL = 'package/dist/cli.js';
/**
 * CloudFormation takes a template body of at most 51,200 bytes inline
 * (`--template-body`; CloudFormation User Guide, "CloudFormation quotas",
 * template body size in a request); larger ones must come from S3. The
 * release documents `--template-body file://…`, so every template must fit.
 */
const MAX_TEMPLATE_BODY_BYTES = 51_200;
/** Semantic Versioning 2.0.0, the version's grammar (semver.org, "Is there a suggested regular expression"). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** A template of the release: where it comes from, its name there, and how its parameters' lengths are bounded. */
interface ReleaseTemplate {
  readonly source: string;
  readonly name: string;
  /** For templates with Config rules: the bound of each parameter's length (MaxLength, or the documented one). */
  readonly bound?: LengthBound;
}

const TEMPLATES: readonly ReleaseTemplate[] = [
  { source: 'member-account-stack.yml', name: 'account-stack', bound: cloudFormationBound },
  { source: 'member-account-role.yml', name: 'member-account-role' },
  // Conformance packs: the budgets are in the parameters' descriptions (input-parameters-budget.ts, documentedBound).
  { source: 'conformance-pack.yml', name: 'conformance-pack', bound: documentedBound },
  { source: 'central-invoke-permission.yml', name: 'central-invoke-permission' },
  { source: 'artifact-bucket.yml', name: 'artifact-bucket' },
];

/** The release's file names for a version. */
export function releaseFiles(version: string): { zip: string; tarball: string; templates: Record<string, string> } {
  return {
    zip: `${SERVICE}-lambda-${version}.zip`,
    tarball: `${SERVICE}-${version}.tgz`,
    templates: Object.fromEntries(TEMPLATES.map((template) => [template.source, `${template.name}-${version}.yml`])),
  };
}

function packageVersion(): string {
  const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  if (name !== SERVICE) throw new Error(`package.json names ${name}; scripts/release.ts expects ${SERVICE}`);
  if (!SEMVER.test(version)) throw new Error(`package.json version ${version} is not a semantic version (semver.org)`);
  return version;
}

/** Everything checked before a file is written. */
function checkSources(version: string): void {
  const problems = changelogProblems(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), version);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  for (const template of TEMPLATES) {
    const path = join(ROOT, 'templates', template.source);
    const bytes = statSync(path).size;
    if (bytes > MAX_TEMPLATE_BODY_BYTES) throw new Error(`templates/${template.source} is ${bytes} bytes; CloudFormation takes ${MAX_TEMPLATE_BODY_BYTES} inline`);
    const parsed = loadTemplate(path);
    if (template.bound !== undefined) assertInputParametersFit(parsed, `templates/${template.source}`, template.bound);
  }
  // StackSets, CfCT and Service Catalog deploy the template as it is: no
  // Transform (AWS::Serverless needs `package` to upload code first), and the
  // code comes from parameters, since a template cannot carry a local zip.
  const stack = loadTemplate(join(ROOT, 'templates', 'member-account-stack.yml'));
  if ('Transform' in stack) throw new Error('templates/member-account-stack.yml has a Transform; the release template must deploy as it is');
  parameterNames(stack, 'templates/member-account-stack.yml', ['CodeBucket', 'CodeKey']);
}

/** The function's zip, as `npm run package` builds it. */
function packageLambda(into: string): void {
  const work = mkdtempSync(join(tmpdir(), 'release-package-'));
  try {
    execFileSync('sh', [join(ROOT, 'scripts', 'package.sh'), '--package', work], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    copyFileSync(join(work, PACKAGED_ZIP), into);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `npm pack` into `directory` (its `prepack` runs `npm run build:cli`);
 * fails unless it wrote `expected`, holding the CLI. Not `--json`: npm
 * prints the lifecycle scripts' output on the same stdout, so the tarball is
 * looked for by name instead.
 */
function packCli(directory: string, expected: string): void {
  execFileSync('npm', ['pack', '--pack-destination', directory], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const written = readdirSync(directory).filter((file) => file.endsWith('.tgz'));
  if (written.length !== 1 || written[0] !== expected) throw new Error(`npm pack wrote ${written.join(', ') || 'nothing'}, not ${expected}`);
  const filename = expected;
  const listing = execFileSync('tar', ['-tzf', join(directory, filename)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n');
  if (!listing.includes(CLI_IN_TARBALL)) throw new Error(`${filename} has no ${CLI_IN_TARBALL}: the CLI was not packed (package.json "files"/"bin")`);
}

/** `<sha256>  <name>` for each file, the format `sha256sum -c` reads. */
function sha256sums(directory: string): string {
  return readdirSync(directory)
    .filter((file) => file !== 'SHA256SUMS')
    .sort()
    .map((file) => `${createHash('sha256').update(readFileSync(join(directory, file))).digest('hex')}  ${file}\n`)
    .join('');
}

function main(): void {
  const version = packageVersion();
  checkSources(version);
  const files = releaseFiles(version);
  rmSync(OUT, { recursive: true, force: true });
  // The tarball first, while the release folder does not exist: a package
  // without a "files" list would otherwise pack the release into itself.
  const packed = mkdtempSync(join(tmpdir(), 'release-pack-'));
  try {
    packCli(packed, files.tarball);
    mkdirSync(OUT, { recursive: true });
    copyFileSync(join(packed, files.tarball), join(OUT, files.tarball));
  } finally {
    rmSync(packed, { recursive: true, force: true });
  }
  packageLambda(join(OUT, files.zip));
  for (const template of TEMPLATES) copyFileSync(join(ROOT, 'templates', template.source), join(OUT, files.templates[template.source] ?? template.source));
  writeFileSync(join(OUT, 'SHA256SUMS'), sha256sums(OUT));
  console.log([`Release ${version} in ${OUT}:`, ...readdirSync(OUT).sort().map((file) => `  ${file}`), '', `Check: cd ${OUT} && sha256sum -c SHA256SUMS`].join('\n'));
}

if (require.main === module) main();
