import { DEFAULT_REPORT_DAYS } from '../report/report-defaults';

/** `iam-cert-expiry check-iac --help`. */
export const CHECK_IAC_HELP = `Usage: iam-cert-expiry check-iac [flags] PATH...

Checks infrastructure code before it ships: Terraform plans
(terraform show -json plan.tfplan > plan.json) and CloudFormation templates
(JSON or YAML, whatever the extension; short-form tags, cdk synth output).
Fn::ForEach loops, AWS::Include snippets, YAML merge keys, and local nested
stacks, stack sets and serverless applications are expanded and checked. A
directory is searched for *.json, *.yaml, *.yml and *.template files, through
symbolic links; those that are neither a plan nor a template are skipped with
a notice. A file named on the command line must be one or the other.

Finds IAM server certificates the change creates, replaces or keeps, and
checks an inline certificate body's expiry; flags load balancer listeners and
CloudFront distributions that point at an IAM certificate (ACM is accepted
there). No network, no AWS credentials.

Flags:
  --days N                   warning window in days (default ${DEFAULT_REPORT_DAYS}); expired or expiring within it is an error
  --deny-iam-certificates    any IAM server certificate at all is an error
  --allow-unknown            a certificate body not known before deployment is a warning, not an error
  --allow-unchecked          a template the gate could not check (remote, known only at deployment, a macro
                             or module expanded at deployment, a later round of an incomplete plan) is a
                             warning, not an error
  --strict                   the default: a template the gate could not check is an error (accepted for
                             existing callers; cannot be combined with --allow-unchecked)
  --json                     findings as JSON
  --sarif                    findings as SARIF 2.1.0, for code-scanning pages
  -h, --help                 this help
Global flags: --version; --profile and --region are accepted and unused (no AWS access)

Read and parse errors are written to stderr as file:line:column: error: message
in every output format (and into the --json / --sarif report).

Exit codes: 0 nothing at error level, 2 findings at error level, 1 files that cannot
be read or parsed, or a folder in which nothing was checked (an empty scan is no pass),
252 bad command line (unknown flag, no path, a path that does not exist)
`;
