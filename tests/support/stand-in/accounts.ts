import { randomBytes } from 'node:crypto';
import { StandInState } from './state';

/** A session STS AssumeRole opened in the stand-in: its credentials and whom they act as. */
export interface AssumedSession {
  readonly accountId: string;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  /** `arn:<partition>:sts::<account>:assumed-role/<role name>/<session name>`, as STS names the session. */
  readonly arn: string;
  /** `AROA…:<session name>` (IAM User Guide, "Unique identifiers": AROA is the prefix of roles). */
  readonly assumedRoleId: string;
}

/** Why a call is refused before its service runs it. */
export interface Refusal {
  /** `token`: an assumed key without its session token; `denied`: the account denies the action. */
  readonly kind: 'token' | 'denied';
  readonly message: string;
}

// arn:aws:iam::111122223333:role/Name or role/path/Name (IAM User Guide, "IAM ARNs").
const ROLE_ARN = /^arn:([\w-]+):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** The principal the stand-in's default (Lambda) credentials stand for, in refusal messages. */
const LAMBDA_ROLE_NAME = 'stand-in-lambda-role';

/**
 * The stand-in's Organization: the central account (where the Lambda runs and
 * whose credentials `environment()` hands out) and member accounts reached
 * only through STS AssumeRole. Each account has its own IAM certificates and
 * Config results; a call acts on the account its access key belongs to, so a
 * test can prove where the rule read and wrote. Roles are not modelled beyond
 * "may be assumed" and "denies these actions".
 */
export class Accounts {
  private readonly states = new Map<string, StandInState>();
  private readonly assumable = new Set<string>();
  private readonly byAccessKey = new Map<string, AssumedSession>();
  private readonly denied = new Set<string>();
  // Never reset, so no two sessions of one stand-in ever share an access key id.
  private sequence = 0;

  public constructor(public readonly central: StandInState) {
    this.states.set(central.accountId, central);
  }

  /** The state of `accountId`, created empty on first use (recording like the central account). */
  public account(accountId: string): StandInState {
    let state = this.states.get(accountId);
    if (state === undefined) {
      state = new StandInState(accountId, this.central.recordCertificates);
      this.states.set(accountId, state);
    }
    return state;
  }

  /** Lets AssumeRole succeed for `roleArn` (its trust policy would trust the caller). */
  public allowAssumeRole(roleArn: string): void {
    if (!ROLE_ARN.test(roleArn)) throw new Error(`not a role ARN: ${roleArn}`);
    this.assumable.add(roleArn);
  }

  /** Makes every caller acting in `accountId` get AccessDenied for `action` (e.g. `iam:ListServerCertificates`). */
  public deny(accountId: string, action: string): void {
    this.denied.add(`${accountId}\u0000${action}`);
  }

  /**
   * Opens a session on `roleArn` for the caller signing with `callerKey`, or
   * returns the AccessDenied message STS gives when the role does not trust
   * the caller (or does not exist: STS does not tell the two apart).
   */
  public assume(callerKey: string | undefined, roleArn: string, sessionName: string, durationSeconds: number): AssumedSession | string {
    const match = ROLE_ARN.exec(roleArn);
    if (match === null || !this.assumable.has(roleArn)) {
      return `User: ${this.principalOf(callerKey)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
    }
    const [, partition = 'aws', accountId = '', roleName = ''] = match;
    this.sequence += 1;
    const accessKeyId = `ASIA${accountId}${String(this.sequence % 10_000).padStart(4, '0')}`;
    const session: AssumedSession = {
      accountId,
      roleArn,
      sessionName,
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `stand-in-session/${accessKeyId}/${randomBytes(24).toString('base64')}`,
      expiration: new Date(Date.now() + durationSeconds * 1000),
      arn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      assumedRoleId: `AROA${accountId}STANDIN:${sessionName}`,
    };
    this.account(accountId);
    this.byAccessKey.set(accessKeyId, session);
    return session;
  }

  /**
   * The credentials Lambda gives a function in `accountId`: a session of its
   * execution role, named after the function (Lambda Developer Guide,
   * "Lambda execution role": the runtime gets the role's temporary
   * credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
   * AWS_SESSION_TOKEN). No STS call: the per-account roll-out assumes nothing.
   */
  public functionSession(accountId: string, roleName: string, functionName: string): AssumedSession {
    const roleArn = `arn:aws:iam::${accountId}:role/${roleName}`;
    this.allowAssumeRole(roleArn);
    const session = this.assume(undefined, roleArn, functionName, 3600);
    if (typeof session === 'string') throw new Error(session);
    this.assumable.delete(roleArn);
    return session;
  }

  /** The session an access key id belongs to; `undefined` for the central account's own keys. */
  public session(accessKeyId: string | undefined): AssumedSession | undefined {
    return accessKeyId === undefined ? undefined : this.byAccessKey.get(accessKeyId);
  }

  /** Every session opened since the last {@link clear}, in order. */
  public sessions(): AssumedSession[] {
    return [...this.byAccessKey.values()];
  }

  /** The account a call signed with `accessKeyId` acts on: the session's, else the central one. */
  public stateFor(accessKeyId: string | undefined): StandInState {
    const session = this.session(accessKeyId);
    return session === undefined ? this.central : this.account(session.accountId);
  }

  /**
   * Why a call must be refused, if it must: an assumed key sent without its
   * session token (real AWS rejects the signature), or an action the
   * caller's account denies, with the message IAM's authorization gives.
   */
  public refusal(accessKeyId: string | undefined, securityToken: string | undefined, action: string): Refusal | undefined {
    const session = this.session(accessKeyId);
    if (session !== undefined && session.sessionToken !== securityToken) {
      return { kind: 'token', message: 'The security token included in the request is invalid.' };
    }
    const accountId = session?.accountId ?? this.central.accountId;
    if (!this.denied.has(`${accountId}\u0000${action}`)) return undefined;
    return {
      kind: 'denied',
      message: `User: ${this.principalOf(accessKeyId)} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
    };
  }

  /** Forgets member accounts, assumable roles, sessions and denials, and clears the central account. */
  public clear(): void {
    this.central.clear();
    this.states.clear();
    this.states.set(this.central.accountId, this.central);
    this.assumable.clear();
    this.byAccessKey.clear();
    this.denied.clear();
  }

  /** Who a call signed with `accessKeyId` is, as STS GetCallerIdentity names it. */
  public caller(accessKeyId: string | undefined): { readonly userId: string; readonly accountId: string; readonly arn: string } {
    const session = this.session(accessKeyId);
    const accountId = session?.accountId ?? this.central.accountId;
    // An assumed role's UserId is `<role id>:<session name>` (IAM User Guide, "IAM identifiers": unique ids).
    return { userId: `AROA${accountId}EXAMPLE:${session?.arn.split('/').pop() ?? 'rule'}`, accountId, arn: this.principalOf(accessKeyId) };
  }

  private principalOf(accessKeyId: string | undefined): string {
    return this.session(accessKeyId)?.arn ?? `arn:aws:sts::${this.central.accountId}:assumed-role/${LAMBDA_ROLE_NAME}/rule`;
  }
}
