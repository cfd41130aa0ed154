import { DEFAULT_RULE_NAMES } from '../../core/deployed-rule-names';
import { ExitCode } from '../exit-codes';
import { exitCodes, GLOBAL_FLAGS, PROGRAM } from '../help-text';
import { DOCTOR_FAILED, DOCTOR_NOT_YET_KNOWN } from './doctor-exit';
import { DEFAULT_CONFORMANCE_PACK } from './read-deployment';

/** `iam-cert-expiry doctor --help`. */
export const DOCTOR_HELP = `Usage: ${PROGRAM} doctor [--rule NAME]... [--account ID]... [--log-group NAME] [--json]
       ${PROGRAM} doctor --aggregator NAME [--conformance-pack NAME]... [--rule NAME]... [--log-group NAME] [--json]

Why is my rule not reporting? Checks a live deployment and prints a checklist:
each check, its result (ok, FAIL, warn, skipped with the reason) and what to
do. Read-only: it changes nothing. Run it with the credentials (--profile) of
the rules' account, in their region (--region).

Checks: the region is where Config records AWS::IAM::ServerCertificate; the
rules exist (also as OrgConfigRule-NAME-… or NAME-conformance-pack-…), are set
up to run periodically, and ran successfully last time (Config's error in
full); the configuration recorder exists, is recording and records the type;
the function's log holds no failure from the last 24 h; Security Hub is on
when a rule imports findings; the member role can be assumed (--account).
With --aggregator, also every account of the aggregator: aggregation
failures, organization rule and conformance pack deployments per account,
accounts whose rules are missing, silent or not proven the deployment's;
for an organization aggregator, compared with AWS Organizations' account list
(unreadable: coverage unverified, a failure).

Flags:
  --rule NAME              A rule name to check (repeatable; default ${DEFAULT_RULE_NAMES.join(' and ')})
  --account ID             Try the rules' member role (ExecutionRoleName) in this account (repeatable)
  --aggregator NAME        Also check every account of this Config aggregator (from its account)
  --conformance-pack NAME  With --aggregator: the organization conformance pack to check (repeatable;
                           default ${DEFAULT_CONFORMANCE_PACK})
  --log-group NAME         The function's log group (default: its LoggingConfig, else
                           /aws/lambda/FUNCTION; the one-account stack's LogGroupName output)
  --json                   The checklist as JSON (checks[] with id, status, title, detail, remedy)
  -h, --help               This help
${GLOBAL_FLAGS}

${exitCodes(`${ExitCode.Ok} every check holds (warnings and skipped checks allowed), ${DOCTOR_FAILED} a check failed, ${DOCTOR_NOT_YET_KNOWN} none failed but some are not yet known (a rule awaiting its first run): run again after the time printed`)}
`;
