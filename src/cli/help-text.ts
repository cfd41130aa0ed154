import { shortControlReference } from '../core/compliance-references';
import { DEFAULT_CONFORMANCE_PACK } from '../core/deployed-rule-names';
import { DEFAULT_REPORT_DAYS } from './report/report-defaults';
import { ExitCode } from './exit-codes';

/** The program name, as installed by the package's `bin` entry. */
export const PROGRAM = 'iam-cert-expiry';

/** A command's exit codes: its own meanings of 0 to 3, then the two every AWS command shares. */
export function exitCodes(own: string): string {
  return `Exit codes: ${own}, ${ExitCode.Usage} bad command line, ${ExitCode.Credentials} no usable AWS credentials or region.`;
}

/** The line every command's help ends its flags with. */
export const GLOBAL_FLAGS = `Global flags (before or after the command): --profile NAME, --region R, --version; see ${PROGRAM} --help`;

/** `iam-cert-expiry --help`. */
export const MAIN_HELP = `Usage: ${PROGRAM} [--profile NAME] [--region R] <command> [flags]

Report and retire IAM server certificates (${shortControlReference()}).

Commands:
  report     List every certificate, its expiry, and what uses it
  retire     Delete expired certificates nothing references (dry run unless --yes)
  rotate     Replace a certificate everywhere it is served, verified over TLS (plan unless --yes)
  check-iac  Check Terraform plans and CloudFormation templates before they ship (no AWS access)
  doctor     Why is my rule not reporting? Checks a live deployment (read-only)

Global flags, before or after the command (as in the AWS CLI):
  --profile NAME   Profile of ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE,
                   else the standard SDK chain: environment variables, SSO, container
                   and instance roles)
  --region R       Region for every AWS client (default: AWS_REGION, else the profile's)
  --version        Print the version and exit
  -h, --help       This help

Run '${PROGRAM} <command> --help' for a command's flags.

Exit codes:
  ${ExitCode.Ok}    ok
  ${ExitCode.Error}    failed: an AWS call refused or failed, a file unreadable, a step or delete failed
  ${ExitCode.Expired}    report: a certificate has expired; check-iac: findings at error level;
       doctor: a check failed
  ${ExitCode.Unverified}    rotate: done, but some endpoint could not be verified over TLS;
       doctor: no check failed, but some are not yet known (run again later)
  ${ExitCode.Usage}  bad command line: unknown command or flag, missing or bad value, a --regions
       region not enabled for the account (nothing was changed)
  ${ExitCode.Credentials}  no usable AWS credentials or configuration: none found, expired
       (aws sso login), unknown profile, no region
`;

/** `iam-cert-expiry report --help`. */
export const REPORT_HELP = `Usage: ${PROGRAM} report [flags]

Lists every IAM server certificate: account, name, id, expiry, days left,
status (expired / expiring within --days / valid) and where it is used, and
which regions usage was checked in. "safe to delete" only for an expired
certificate nothing uses in any region enabled for the account.

Flags:
  --days N         Expiring window in days, 0 to 3650 (default ${DEFAULT_REPORT_DAYS})
  --regions a,b    Only these regions' load balancers (default: every region enabled
                   for the account, from account:ListRegions)
  --no-usage       Skip the usage scan (no ELB/CloudFront permissions needed)
  --json           JSON document on stdout
  --csv            CSV (RFC 4180) on stdout
  --html FILE      Also write a self-contained HTML report (counts, expiry timeline, sortable table)
  --aggregator A   Every account of Config aggregator A: both rules' results joined with the
                   recorded certificates (no usage scan); accounts that fail are listed as missing
  --concurrency N  With --aggregator: result calls in flight, 1 to 64 (default 8)
  --expired-rule a,b   With --aggregator: the deployed names of the expired rule; with
  --expiring-rule c    either flag only these names count (default: the rules' own names,
                       OrgConfigRule-<name>-<suffix> and <name>-conformance-pack-<suffix>,
                       counted only where the organization's records prove them, region by region)
  --conformance-pack P With --aggregator: the organization conformance pack that deployed the
                       rules; only its members' <name>-conformance-pack-<suffix> rules count
                       (default ${DEFAULT_CONFORMANCE_PACK}); not with --expired-rule/--expiring-rule
  --no-tags        Skip the window and exception tags (iam-cert-expiry:window-days,
                   iam-cert-expiry:exception), read by default for certificates
                   expired or within a year of expiry (iam:ListServerCertificateTags)
  --max-exception-days N
                   The rule's maxExceptionDays, 1 to 365 (default 90): an exception
                   ending further ahead is listed as ignored
  -h, --help       This help
${GLOBAL_FLAGS}

Progress goes to stderr, results to stdout.
${exitCodes(
  `${ExitCode.Ok} ok, ${ExitCode.Expired} some certificate has expired, ${ExitCode.Error} a failed AWS call (with --aggregator also: an account
missing or, for an organization aggregator, the coverage unverified)`,
)}
`;

/** `iam-cert-expiry retire --help`. */
export const RETIRE_HELP = `Usage: ${PROGRAM} retire [flags]

Deletes expired IAM server certificates that nothing references in any region
enabled for the account. Dry run by default: prints what it would delete and
why. Never deletes a certificate that is unexpired, referenced, or whose usage
was not checked in every enabled region, whatever the flags. Scans usage once, right before the deletions; re-reads each certificate
right before deleting it and keeps one re-uploaded under the same name. An
intent record is synced to the audit log before each delete (no record, no
delete) and the outcome after. IAM's DeleteConflict is reported as "in use".

Flags:
  --yes              Delete for real (needs --audit-log)
  --regions a,b      Only these regions' load balancers (default: every enabled region);
                     narrower than that, nothing is deleted and each kept one says why
  --audit-log FILE   Append every decision, intent and outcome, with who (STS
                     caller, profile) and where, as JSON lines to FILE
  --json             One JSON document on stdout: every certificate's outcome and why
  -h, --help         This help
${GLOBAL_FLAGS}

${exitCodes(`${ExitCode.Ok} ok, ${ExitCode.Error} a failed AWS call or delete`)}
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
  --yes                       Act (needs --audit-log)
  --retire-old                With --yes: delete OLD once every consumer is verified
                              (kept, exit ${ExitCode.Ok}, when IAM still answers DeleteConflict for a
                              moved consumer; exit ${ExitCode.Error} when it names one never moved
                              or names none: usage unknown, not deleted)
  --regions a,b               Only these regions' load balancers (default: every enabled region)
  --audit-log FILE            Every step as a JSON line, synced before each change
  -h, --help                  This help
${GLOBAL_FLAGS}

${exitCodes(`${ExitCode.Ok} planned or done, ${ExitCode.Error} a failed check, blocked plan or step, ${ExitCode.Unverified} some endpoint not verified`)}
`;
