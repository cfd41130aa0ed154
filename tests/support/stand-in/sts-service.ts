import type { Accounts } from './accounts';
import { element } from './iam-xml';
import { ServiceError } from './reply';

/** The STS API version every Query request names (`Version=2011-06-15`). */
export const STS_VERSION = '2011-06-15';

/** STS's XML namespace (STS API reference, AssumeRole "Examples": the response). */
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

// DurationSeconds: 900 to 43200, default 3600; RoleSessionName: 2-64 of [\w+=,.@-]
// (STS API reference, https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
const MIN_DURATION = 900;
const MAX_DURATION = 43_200;
const DEFAULT_DURATION = 3_600;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const validation = (message: string): ServiceError => new ServiceError('ValidationError', message);

/**
 * STS over Query-protocol parameters: AssumeRole (the rule) and
 * GetCallerIdentity (the CLI's audit log). Returns the inner XML of `<AssumeRoleResult>`; a role the stand-in
 * was not told to allow gets STS's `AccessDenied` (HTTP 403).
 */
export function runStsAction(accounts: Accounts, action: string, params: URLSearchParams, callerKey: string | undefined): string {
  if (action === 'GetCallerIdentity') return callerIdentity(accounts, callerKey);
  if (action !== 'AssumeRole') throw new ServiceError('InvalidAction', `Could not find operation ${action} for version ${STS_VERSION}`);
  const roleArn = params.get('RoleArn') ?? '';
  const sessionName = params.get('RoleSessionName') ?? '';
  if (roleArn.length < 20) throw validation(`1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`);
  if (!SESSION_NAME.test(sessionName)) {
    throw validation(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  }
  const durationText = params.get('DurationSeconds');
  const duration = durationText === null ? DEFAULT_DURATION : Number(durationText);
  if (!Number.isInteger(duration) || duration < MIN_DURATION || duration > MAX_DURATION) {
    throw validation(`1 validation error detected: Value '${durationText ?? ''}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${MIN_DURATION} and ${MAX_DURATION}`);
  }
  const session = accounts.assume(callerKey, roleArn, sessionName, duration);
  if (typeof session === 'string') throw new ServiceError('AccessDenied', session, 403);
  return (
    `<Credentials>${element('AccessKeyId', session.accessKeyId)}${element('SecretAccessKey', session.secretAccessKey)}` +
    `${element('SessionToken', session.sessionToken)}${element('Expiration', session.expiration.toISOString())}</Credentials>` +
    `<AssumedRoleUser>${element('AssumedRoleId', session.assumedRoleId)}${element('Arn', session.arn)}</AssumedRoleUser>`
  );
}

/**
 * GetCallerIdentity: who signed the call (`UserId`, `Account`, `Arn`). It
 * needs no permission and cannot be denied by a policy (STS API reference,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html:
 * "No permissions are required to perform this operation").
 */
function callerIdentity(accounts: Accounts, callerKey: string | undefined): string {
  const caller = accounts.caller(callerKey);
  return `${element('UserId', caller.userId)}${element('Account', caller.accountId)}${element('Arn', caller.arn)}`;
}

// SigV4 credential scope: `Credential=AKID/20261123/us-east-1/sts/aws4_request`
// (AWS General Reference, "Signature Version 4": credential scope).
const SCOPE_SERVICE = /Credential=[^/,\s]+\/\d{8}\/[\w-]+\/([\w-]+)\/aws4_request/;

/**
 * Whether a Query request is for STS rather than IAM: both POST form bodies
 * to the same stand-in, so the signing scope's service name (`sts` vs `iam`)
 * decides, else the API version in the body.
 */
export function isStsRequest(authorization: string | undefined, params: URLSearchParams): boolean {
  const service = authorization === undefined ? undefined : SCOPE_SERVICE.exec(authorization)?.[1];
  return service === undefined ? params.get('Version') === STS_VERSION : service === 'sts';
}
