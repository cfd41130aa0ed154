import { describeValue } from '../core/describe-value';
import { printable } from './terminal-text';

/**
 * Errors of the SDK's credential and token providers (`@smithy/core/config`,
 * formerly `@smithy/property-provider`): thrown before any request is sent
 * when the chain finds no credentials, a profile gives none, or a cached SSO
 * token has expired. Matched by `name`, which the SDK sets on each class, so
 * a second copy of the classes in a bundle still matches.
 */
const PROVIDER_ERRORS: ReadonlySet<string> = new Set(['CredentialsProviderError', 'TokenProviderError']);

/**
 * Codes AWS answers when the credentials themselves are expired: Query and
 * REST-XML services (IAM, STS, ELB, CloudFront) answer `ExpiredToken`, JSON
 * services (Config, ACM) `ExpiredTokenException` (AWS Management Console
 * "Common errors": ExpiredTokenException, "The security token included in
 * the request is expired", HTTP 403). Both are matched, whichever a service uses.
 */
const EXPIRED_CODES: ReadonlySet<string> = new Set(['ExpiredToken', 'ExpiredTokenException']);

/**
 * Codes AWS answers for an access key it does not know, or a temporary key
 * sent without its session token: Query services `InvalidClientTokenId`
 * ("The security token included in the request is invalid"), JSON services
 * `UnrecognizedClientException`.
 */
const UNKNOWN_KEY_CODES: ReadonlySet<string> = new Set(['InvalidClientTokenId', 'UnrecognizedClientException']);

/** How deep a `cause` chain is followed (errors wrap at most a few times; a cycle must not loop). */
const MAX_CAUSES = 8;

/**
 * One line that says what to do when the AWS credentials or configuration
 * are what failed (none found, expired, an unknown profile, no region), or
 * `undefined` when `error` is anything else. The error and its `cause`
 * chain are looked at, so a wrapped failure (e.g. STS GetCallerIdentity
 * inside `CallerIdentityError`) is recognised too.
 *
 * @param profile the profile in effect (`--profile`, else `AWS_PROFILE`), named in the advice.
 * @example
 * explainCredentialProblem(new CredentialsProviderError('Could not load credentials from any providers'), undefined);
 * // 'no AWS credentials found: run `aws configure` (access keys) or `aws sso login --profile NAME` (IAM Identity Center), then pass --profile NAME or set AWS_PROFILE'
 */
export function explainCredentialProblem(error: unknown, profile: string | undefined): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && current instanceof Error; depth += 1) {
    const advice = explainOne(current, profile);
    if (advice !== undefined) return advice;
    current = current.cause;
  }
  return undefined;
}

/**
 * Whether `error` (or its cause) is the credentials or configuration failing
 * rather than a call: a read that hits it stops the command with the advice
 * (exit 253) instead of being reported as one failed look-up.
 */
export function isCredentialProblem(error: unknown): boolean {
  return explainCredentialProblem(error, undefined) !== undefined;
}

function explainOne(error: Error, profile: string | undefined): string | undefined {
  const quoted = profile === undefined ? undefined : describeValue(profile);
  const flag = profile === undefined ? '--profile NAME' : `--profile ${shellWord(profile)}`;
  if (PROVIDER_ERRORS.has(error.name)) return explainProvider(error.message, quoted, flag);
  if (EXPIRED_CODES.has(error.name)) {
    return `the AWS credentials have expired (${error.name}): run \`aws sso login ${flag}\` for an IAM Identity Center profile, or get new temporary credentials (and unset stale AWS_ACCESS_KEY_ID/AWS_SESSION_TOKEN)`;
  }
  if (UNKNOWN_KEY_CODES.has(error.name)) {
    return `AWS does not recognise these credentials (${error.name}): the access key is wrong or deleted, or a temporary key came without its session token; check them with \`aws sts get-caller-identity${profile === undefined ? '' : ` ${flag}`}\``;
  }
  // @smithy/config-resolver: thrown when neither the client, AWS_REGION nor the profile gives a region.
  if (error.message === 'Region is missing') {
    return quoted === undefined
      ? 'no AWS region: pass --region, set AWS_REGION, or add one to your profile (`aws configure set region eu-west-1`)'
      : `no AWS region: pass --region, set AWS_REGION, or add one to profile ${quoted} (\`aws configure set region eu-west-1 ${flag}\`; is the name right? \`aws configure list-profiles\`)`;
  }
  return undefined;
}

function explainProvider(message: string, quoted: string | undefined, flag: string): string {
  // The SSO providers end every expired or unrefreshable session with "…run aws sso login…" (legacy and sso-session profiles alike).
  if (/aws sso login/.test(message)) return `the IAM Identity Center (SSO) session${quoted === undefined ? '' : ` of profile ${quoted}`} has expired: run \`aws sso login ${flag}\``;
  // Console sign-in credentials (`aws login`): "Failed to load a token for session …, please re-authenticate using aws login".
  if (/using aws login/.test(message)) return `the console sign-in session${quoted === undefined ? '' : ` of profile ${quoted}`} has expired: run \`aws login ${flag}\``;
  // The default chain's last word, and `fromIni`'s for a profile that is not there or holds no credential settings.
  if (message.startsWith('Could not load credentials from any providers') || message.startsWith('Could not resolve credentials using profile')) {
    return quoted === undefined
      ? 'no AWS credentials found: run `aws configure` (access keys) or `aws sso login --profile NAME` (IAM Identity Center), then pass --profile NAME or set AWS_PROFILE'
      : `no AWS credentials for profile ${quoted}: it is not in the AWS config or credentials file, or has no keys, SSO or role settings (check \`aws configure list-profiles\`; set it up with \`aws configure ${flag}\` or \`aws configure sso ${flag}\`)`;
  }
  return `the AWS credentials${quoted === undefined ? '' : ` of profile ${quoted}`} could not be loaded: ${printable(message)}`;
}

/** A profile name as a shell word, quoted when it holds anything a shell would split or expand. */
function shellWord(name: string): string {
  return /^[\w.@+=,/-]+$/.test(name) ? name : `'${printable(name).replace(/'/g, `'\\''`)}'`;
}
