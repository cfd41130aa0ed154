import { DEFAULT_REPORT_DAYS } from './report-defaults';
import { ExitCode } from './exit-codes';

/** The program name, as installed by the package's `bin` entry. */
export const PROGRAM = 'iam-cert-expiry';

const EXIT_CODES = `Exit codes: ${ExitCode.Ok} ok, ${ExitCode.Error} error (bad flags, failed AWS call)`;

/** `iam-cert-expiry --help`. */
export const MAIN_HELP = `Usage: ${PROGRAM} <command> [flags]

Report and retire IAM server certificates (Security Hub IAM.26, CIS AWS 1.19).

Commands:
  report   List every certificate, its expiry, and what uses it
  retire   Delete expired certificates nothing references (dry run unless --yes)

Run '${PROGRAM} <command> --help' for a command's flags.
Credentials and region come from the standard AWS SDK chain (AWS_PROFILE, AWS_REGION, ...).
`;

/** `iam-cert-expiry report --help`. */
export const REPORT_HELP = `Usage: ${PROGRAM} report [flags]

Lists every IAM server certificate: name, id, expiry, days left, status
(expired / expiring within --days / valid) and where it is used.

Flags:
  --days N         Expiring window in days, 0 to 3650 (default ${DEFAULT_REPORT_DAYS})
  --regions a,b    Regions whose load balancers to scan (default: --region or the SDK's region)
  --no-usage       Skip the usage scan (no ELB/CloudFront permissions needed)
  --json           JSON document on stdout
  --csv            CSV (RFC 4180) on stdout
  --region R       Region for the AWS clients
  -h, --help       This help

Progress goes to stderr, results to stdout.
${EXIT_CODES}, ${ExitCode.Expired} when any certificate has expired.
`;

/** `iam-cert-expiry retire --help`. */
export const RETIRE_HELP = `Usage: ${PROGRAM} retire [flags]

Deletes expired IAM server certificates that nothing references. Dry run by
default: prints what it would delete and why. Never deletes a certificate that
is unexpired, referenced, or whose usage could not be checked, whatever the
flags. Scans usage once, right before the deletions; re-reads each certificate
right before deleting it and keeps one re-uploaded under the same name. With
--audit-log, an intent record is synced to disk before each delete (no record,
no delete) and the outcome after. IAM's DeleteConflict is reported as "in use".

Flags:
  --yes              Delete for real
  --regions a,b      Regions whose load balancers to scan (default: --region or the SDK's region)
  --audit-log FILE   Append every decision, intent and outcome, with who (STS
                     caller, AWS_PROFILE) and where, as JSON lines to FILE
  --region R         Region for the AWS clients
  -h, --help         This help

${EXIT_CODES}, including any delete that failed.
`;
