import { shortControlReference } from '../core/compliance-references';
import { DEFAULT_REPORT_DAYS } from './report/report-defaults';
import { ExitCode } from './exit-codes';

/** The program name, as installed by the package's `bin` entry. */
export const PROGRAM = 'iam-cert-expiry';

const EXIT_CODES = `Exit codes: ${ExitCode.Ok} ok, ${ExitCode.Error} error (bad flags, failed AWS call)`;

/** `iam-cert-expiry --help`. */
export const MAIN_HELP = `Usage: ${PROGRAM} <command> [flags]

Report and retire IAM server certificates (${shortControlReference()}).

Commands:
  report   List every certificate, its expiry, and what uses it
  retire   Delete expired certificates nothing references (dry run unless --yes)
  rotate   Replace a certificate everywhere it is served, verified over TLS (plan unless --yes)
  check-iac  Check Terraform plans and CloudFormation templates before they ship (no AWS access)
  doctor   Why is my rule not reporting? Checks a live deployment (read-only)

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
  --html FILE      Also write a self-contained HTML report (counts, expiry timeline, sortable table)
  --aggregator A   Every account of Config aggregator A: both rules' results joined with the
                   recorded certificates (no usage scan); accounts that fail are listed as missing
  --concurrency N  With --aggregator: result calls in flight, 1 to 64 (default 8)
  --region R       Region for the AWS clients
  -h, --help       This help

Progress goes to stderr, results to stdout.
${EXIT_CODES} (also when an aggregator account is missing), ${ExitCode.Expired} when any certificate has expired.
`;

/** `iam-cert-expiry retire --help`. */
export const RETIRE_HELP = `Usage: ${PROGRAM} retire [flags]

Deletes expired IAM server certificates that nothing references. Dry run by
default: prints what it would delete and why. Never deletes a certificate that
is unexpired, referenced, or whose usage could not be checked, whatever the
flags. Scans usage once, right before the deletions; re-reads each certificate
right before deleting it and keeps one re-uploaded under the same name. An
intent record is synced to the audit log before each delete (no record, no
delete) and the outcome after. IAM's DeleteConflict is reported as "in use".

Flags:
  --yes              Delete for real (needs --regions and --audit-log)
  --regions a,b      Regions whose load balancers to scan (default: --region or the SDK's region)
  --audit-log FILE   Append every decision, intent and outcome, with who (STS
                     caller, AWS_PROFILE) and where, as JSON lines to FILE
  --region R         Region for the AWS clients
  -h, --help         This help

${EXIT_CODES}, including any delete that failed.
`;

/** `iam-cert-expiry rotate --help`. */
export const ROTATE_HELP = `Usage: ${PROGRAM} rotate --from OLD --certificate-body FILE --private-key FILE [flags]

Replaces IAM certificate OLD with a new one everywhere it is served. Plans by
default: checks the new certificate (parses, valid now, expires later than
OLD, private key matches, chain in order, names cover OLD's) and lists every
consumer and the call that will move it (Classic ELB
SetLoadBalancerListenerSSLCertificate, ALB/NLB ModifyListener or
AddListenerCertificates then RemoveListenerCertificates, CloudFront
UpdateDistribution with its ETag). With --yes: uploads the new certificate
under OLD's path and tags, repoints each consumer, then checks over TLS that
each endpoint serves it; a "not found" right after the upload is retried for
a few minutes. A rerun after a failure carries on where it stopped. The
private key is read once and sent only to IAM; a body or chain file with
anything but certificates in it is refused. Names issued ACM certificates that
could replace OLD (ACM first); "ACM not checked" when ACM cannot be read.

Flags:
  --from NAME                 The IAM certificate to replace
  --certificate-body FILE     The new certificate (PEM, one certificate)
  --private-key FILE          Its private key (PEM)
  --certificate-chain FILE    Intermediates, issuer of the certificate first
  --name NAME                 IAM name for the new one (default: OLD-<start date>)
  --yes                       Act (needs --regions and --audit-log)
  --retire-old                With --yes: delete OLD once every consumer is verified
                              (kept, exit ${ExitCode.Ok}, when IAM still answers DeleteConflict)
  --regions a,b               Regions whose load balancers to scan
  --audit-log FILE            Every step as a JSON line, synced before each change
  --region R                  Region for the AWS clients
  -h, --help                  This help

${EXIT_CODES}, ${ExitCode.Unverified} when some endpoint could not be verified.
`;
