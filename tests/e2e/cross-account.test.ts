import { ACCOUNT_ID, inAccount, periodicEvent } from '../support/events';
import { useStandIn } from '../support/e2e-harness';
import type { RecordedCall } from '../support/stand-in/call-log';
import type { StandIn } from '../support/stand-in/stand-in';

const STRICT = 'iam-server-certificate-expired';
/** The Lambda's account: the stand-in's central account, and the default test event's. */
const CENTRAL = ACCOUNT_ID;
const MEMBER = '111122223333';
const OTHER_MEMBER = '444455556666';
const ROLE_NAME = 'IamServerCertificateExpiryRule';
const FUNCTION = { invokedFunctionArn: `arn:aws:lambda:us-east-1:${CENTRAL}:function:rule` };
/** The key `standIn.environment()` gives the handler process: the Lambda's own credentials. */
const LAMBDA_KEY = 'AKIASTANDIN000000001';
const SERVICE_LINKED_ROLE = `arn:aws:iam::${MEMBER}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const DAY_MS = 86_400_000;

const memberRole = (account: string): string => `arn:aws:iam::${account}:role/${ROLE_NAME}`;

/** A periodic event as an organization rule's Config sends it from `account`: its service-linked role as executionRoleArn. */
function eventFrom(account: string, resultToken: string, parameters: Record<string, string>): Record<string, unknown> {
  return inAccount(periodicEvent(STRICT, resultToken, JSON.stringify(parameters), new Date()), account);
}

/** Gives `account` one expired and one valid certificate; returns their Config resource ids. */
function seedAccount(standIn: StandIn, account: string, prefix: string): Record<string, string> {
  const state = standIn.account(account);
  const expired = state.addCertificate({ name: `${prefix}-expired`, expiration: new Date(Date.now() - 10 * DAY_MS) });
  const valid = state.addCertificate({ name: `${prefix}-valid`, expiration: new Date(Date.now() + 365 * DAY_MS) });
  return { expired: state.configIdOf(expired), valid: state.configIdOf(valid) };
}

/** resourceId → complianceType of what `account`'s Config stored for the rule. */
function verdictsIn(standIn: StandIn, account: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const evaluation of standIn.account(account).evaluations.forRule(STRICT)) result[evaluation.resourceId] = evaluation.complianceType;
  return result;
}

const serviceCalls = (calls: readonly RecordedCall[]): RecordedCall[] => calls.filter((call) => call.service !== 'sts');
const assumeRoleCalls = (calls: readonly RecordedCall[]): RecordedCall[] => calls.filter((call) => call.operation === 'AssumeRole');

describe('the bundled handler evaluating a member account of an Organization', () => {
  const context = useStandIn();

  it('makes every IAM and Config call with the assumed role key and reports into the member account when the event is for a member account', async () => {
    const { standIn, handler } = context();
    standIn.allowAssumeRole(memberRole(MEMBER));
    const ids = seedAccount(standIn, MEMBER, 'member');
    // The central account holds a certificate too: reading it would show in the verdicts.
    standIn.seedCertificates([{ name: 'central-expired', expiration: new Date(Date.now() - DAY_MS) }]);
    const token = standIn.account(MEMBER).evaluations.issueToken(STRICT);

    await handler(eventFrom(MEMBER, token, { daysToExpiration: '0', ExecutionRoleName: ROLE_NAME }), FUNCTION);

    const [session, ...moreSessions] = standIn.sessions();
    expect(moreSessions).toEqual([]);
    expect(session).toMatchObject({ roleArn: memberRole(MEMBER), sessionName: `${STRICT}@${MEMBER}`, accountId: MEMBER });
    const calls = standIn.calls.all();
    expect(assumeRoleCalls(calls)).toEqual([{ service: 'sts', operation: 'AssumeRole', accessKeyId: LAMBDA_KEY, accountId: CENTRAL, fault: undefined, signedRegion: 'us-east-1' }]);
    const operations = serviceCalls(calls).map((call) => call.operation);
    expect(operations).toEqual(expect.arrayContaining(['ListServerCertificates', 'ListDiscoveredResources', 'GetComplianceDetailsByConfigRule', 'PutEvaluations']));
    for (const call of serviceCalls(calls)) {
      expect({ operation: call.operation, accessKeyId: call.accessKeyId, accountId: call.accountId }).toEqual({
        operation: call.operation,
        accessKeyId: session?.accessKeyId,
        accountId: MEMBER,
      });
    }
    expect(session?.accessKeyId).toMatch(/^ASIA111122223333\d{4}$/);
    expect(verdictsIn(standIn, MEMBER)).toEqual({ [ids['expired'] ?? '']: 'NON_COMPLIANT', [ids['valid'] ?? '']: 'COMPLIANT' });
    expect(standIn.evaluations()).toEqual([]);
  });

  it('opens a fresh session per invocation and never mixes accounts when one warm process evaluates two members', async () => {
    const { standIn, handler } = context();
    standIn.allowAssumeRole(memberRole(MEMBER));
    standIn.allowAssumeRole(memberRole(OTHER_MEMBER));
    const firstIds = seedAccount(standIn, MEMBER, 'first');
    const secondIds = seedAccount(standIn, OTHER_MEMBER, 'second');
    const parameters = { ExecutionRoleName: ROLE_NAME };

    await handler(eventFrom(MEMBER, standIn.account(MEMBER).evaluations.issueToken(STRICT), parameters), FUNCTION);
    const firstCalls = standIn.calls.all();
    standIn.calls.clear();
    await handler(eventFrom(OTHER_MEMBER, standIn.account(OTHER_MEMBER).evaluations.issueToken(STRICT), parameters), FUNCTION);
    const secondCalls = standIn.calls.all();

    const [first, second] = standIn.sessions();
    expect([first?.accountId, second?.accountId]).toEqual([MEMBER, OTHER_MEMBER]);
    expect(new Set(serviceCalls(firstCalls).map((call) => `${call.accessKeyId}@${call.accountId}`))).toEqual(new Set([`${first?.accessKeyId}@${MEMBER}`]));
    expect(new Set(serviceCalls(secondCalls).map((call) => `${call.accessKeyId}@${call.accountId}`))).toEqual(new Set([`${second?.accessKeyId}@${OTHER_MEMBER}`]));
    expect(Object.keys(verdictsIn(standIn, MEMBER)).sort()).toEqual(Object.values(firstIds).sort());
    expect(Object.keys(verdictsIn(standIn, OTHER_MEMBER)).sort()).toEqual(Object.values(secondIds).sort());
  });

  it('assumes nothing and signs every call with the Lambda key when the event is for the Lambda own account', async () => {
    const { standIn, handler } = context();
    const [certificate] = standIn.seedCertificates([{ name: 'central-expired', expiration: new Date(Date.now() - DAY_MS) }]);

    await handler(eventFrom(CENTRAL, standIn.resultTokenFor(STRICT), { ExecutionRoleName: ROLE_NAME }), FUNCTION);

    const calls = standIn.calls.all();
    expect(assumeRoleCalls(calls)).toEqual([]);
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((call) => `${call.accessKeyId}@${call.accountId}`))).toEqual(new Set([`${LAMBDA_KEY}@${CENTRAL}`]));
    expect(standIn.evaluations(STRICT).map((evaluation) => [evaluation.resourceId, evaluation.complianceType])).toEqual([[certificate?.name, 'NON_COMPLIANT']]);
  });

  it('refuses a member account event when AssumeRoleMode is false, naming the parameter and both accounts, calling nothing', async () => {
    const { standIn, handler } = context();
    standIn.allowAssumeRole(memberRole(MEMBER));
    seedAccount(standIn, MEMBER, 'member');
    standIn.seedCertificates([{ name: 'central-expired', expiration: new Date(Date.now() - DAY_MS) }]);
    const token = standIn.account(MEMBER).evaluations.issueToken(STRICT);

    const failure = handler(eventFrom(MEMBER, token, { ExecutionRoleName: ROLE_NAME, AssumeRoleMode: 'false' }), FUNCTION);

    await expect(failure).rejects.toMatchObject({ name: 'InvalidRuleParameterError' });
    await expect(failure).rejects.toThrow(`Invalid rule parameter AssumeRoleMode: is false, but the event is for account ${MEMBER} and this function runs in account ${CENTRAL}`);
    // Nothing read in either account, nothing reported under either token.
    expect(standIn.calls.all()).toEqual([]);
    expect(verdictsIn(standIn, MEMBER)).toEqual({});
    expect(standIn.evaluations()).toEqual([]);
  });

  it('keeps the Lambda key for its own account when AssumeRoleMode is false', async () => {
    const { standIn, handler } = context();
    standIn.seedCertificates([{ name: 'central-expired', expiration: new Date(Date.now() - DAY_MS) }]);

    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), JSON.stringify({ AssumeRoleMode: 'false' }), new Date()), FUNCTION);

    const calls = standIn.calls.all();
    expect(assumeRoleCalls(calls)).toEqual([]);
    expect(new Set(calls.map((call) => `${call.accessKeyId}@${call.accountId}`))).toEqual(new Set([`${LAMBDA_KEY}@${CENTRAL}`]));
    expect(standIn.evaluations(STRICT).map((evaluation) => [evaluation.resourceId, evaluation.complianceType])).toEqual([['central-expired', 'NON_COMPLIANT']]);
  });

  it('fails naming the service-linked role and calls nothing when a member event offers only Config service-linked role', async () => {
    const { standIn, handler } = context();
    seedAccount(standIn, MEMBER, 'member');
    const token = standIn.account(MEMBER).evaluations.issueToken(STRICT);
    const event = eventFrom(MEMBER, token, { daysToExpiration: '0' });
    expect(event['executionRoleArn']).toBe(SERVICE_LINKED_ROLE);

    const failure = handler(event, FUNCTION);

    await expect(failure).rejects.toMatchObject({ name: 'RuleError' });
    await expect(failure).rejects.toThrow(`Cannot assume ${SERVICE_LINKED_ROLE} in account ${MEMBER}`);
    await expect(failure).rejects.toThrow('ExecutionRoleName');
    expect(standIn.calls.all()).toEqual([]);
    expect(verdictsIn(standIn, MEMBER)).toEqual({});
  });

  it('fails naming the role and the account when the member role does not let the Lambda assume it', async () => {
    const { standIn, handler } = context();
    seedAccount(standIn, MEMBER, 'member');
    const token = standIn.account(MEMBER).evaluations.issueToken(STRICT);

    const failure = handler(eventFrom(MEMBER, token, { ExecutionRoleName: ROLE_NAME }), FUNCTION);

    await expect(failure).rejects.toMatchObject({ name: 'AccessDeniedError' });
    await expect(failure).rejects.toThrow(`Cannot assume ${memberRole(MEMBER)} to evaluate account ${MEMBER}`);
    await expect(failure).rejects.toThrow('is not authorized to perform: sts:AssumeRole');
    // AccessDenied is final: one attempt, and no IAM or Config call on any credentials.
    expect(standIn.calls.all().map((call) => call.operation)).toEqual(['AssumeRole']);
    expect(standIn.sessions()).toEqual([]);
  });

  it('fails naming iam:ListServerCertificates and the member account and reports nothing when the member role may not list certificates', async () => {
    const { standIn, handler } = context();
    standIn.allowAssumeRole(memberRole(MEMBER));
    standIn.denyAction(MEMBER, 'iam:ListServerCertificates');
    seedAccount(standIn, MEMBER, 'member');
    const token = standIn.account(MEMBER).evaluations.issueToken(STRICT);

    const failure = handler(eventFrom(MEMBER, token, { ExecutionRoleName: ROLE_NAME }), FUNCTION);

    await expect(failure).rejects.toMatchObject({ name: 'AccessDeniedError' });
    await expect(failure).rejects.toThrow(`role ${memberRole(MEMBER)} may not call iam:ListServerCertificates in account ${MEMBER}`);
    const denied = standIn.calls.all().filter((call) => call.operation === 'ListServerCertificates');
    expect(denied.map((call) => call.accessKeyId)).toEqual([standIn.sessions()[0]?.accessKeyId]);
    expect(standIn.callCounts()['PutEvaluations']).toBeUndefined();
    expect(verdictsIn(standIn, MEMBER)).toEqual({});
  });

  it('refuses an event whose executionRoleArn is in another account, calling nothing at all', async () => {
    const { standIn, handler } = context();
    standIn.allowAssumeRole(`arn:aws:iam::${OTHER_MEMBER}:role/config-role`);
    seedAccount(standIn, OTHER_MEMBER, 'other');
    const token = standIn.account(MEMBER).evaluations.issueToken(STRICT);
    const event = { ...eventFrom(MEMBER, token, { daysToExpiration: '0' }), executionRoleArn: `arn:aws:iam::${OTHER_MEMBER}:role/config-role` };

    await expect(handler(event, FUNCTION)).rejects.toMatchObject({ name: 'InvalidEventError', message: expect.stringContaining('event.executionRoleArn names account 444455556666') });

    expect(standIn.calls.all()).toEqual([]);
    expect(standIn.sessions()).toEqual([]);
  });
});
