import { ACCOUNT_ID, daysParameter, inAccount, periodicEvent } from '../support/events';
import { deleteCertificate, uploadCertificate, useStandIn } from '../support/e2e-harness';

const STRICT = 'iam-server-certificate-expired';
const MEMBER = '111122223333';
const ROLE_NAME = 'IamServerCertificateExpiryRule';
const ACCOUNT = 'AWS::::Account';
const CERTIFICATE = 'AWS::IAM::ServerCertificate';

/**
 * An account with no server certificate, the case of most accounts of an
 * Organization. Whether AWS Config accepts `PutEvaluations` with an empty
 * list is not documented (the model allows it; moto refuses it), so every
 * scenario runs against a stand-in that accepts one and against one that
 * refuses one as moto does: the rule must succeed under both, and report the
 * same thing.
 */
describe.each(['accept', 'refuse'] as const)('a periodic run of the bundled handler in an account with no certificates, Config set to %s empty lists', (emptyLists) => {
  const context = useStandIn();
  beforeEach(() => context().standIn.setEmptyEvaluations(emptyLists));

  it('E1: reports the account itself NOT_APPLICABLE, saying IAM holds no certificates, in one PutEvaluations', async () => {
    const { standIn, handler } = context();
    const notification = new Date('2026-11-23T10:00:00.000Z');

    const summary = await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), notification));

    expect(standIn.evaluations(STRICT).map((stored) => ({ ...stored, recordedTime: undefined, resultToken: undefined }))).toEqual([
      {
        ruleName: STRICT,
        resourceType: ACCOUNT,
        resourceId: ACCOUNT_ID,
        complianceType: 'NOT_APPLICABLE',
        annotation: expect.stringMatching(/^IAM holds no server certificates in this account at this periodic check: nothing to judge, so nothing is reported compliant\./),
        orderingTimestamp: notification,
        recordedTime: undefined,
        resultToken: undefined,
      },
    ]);
    expect(standIn.callCounts()['PutEvaluations']).toBe(1);
    expect(summary).toMatchObject({ certificatesEvaluated: 0, notApplicable: 0, staleCleared: 0, accountNotApplicable: 1, putEvaluationsCalls: 1 });
  });

  it('E2: clears the result of the last certificate once it is deleted, and reports the account as well', async () => {
    const { standIn, handler, iam } = context();
    const now = new Date();
    await uploadCertificate(iam, 'last-one', now, -3);
    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), now));
    expect(standIn.evaluations(STRICT).map((stored) => [stored.resourceType, stored.resourceId, stored.complianceType])).toEqual([[CERTIFICATE, 'last-one', 'NON_COMPLIANT']]);

    await deleteCertificate(iam, 'last-one');
    const summary = await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), new Date(now.getTime() + 60_000)));

    expect(standIn.evaluations(STRICT).map((stored) => [stored.resourceType, stored.resourceId, stored.complianceType])).toEqual([
      [CERTIFICATE, 'last-one', 'NOT_APPLICABLE'],
      [ACCOUNT, ACCOUNT_ID, 'NOT_APPLICABLE'],
    ]);
    expect(summary).toMatchObject({ staleCleared: 1, accountNotApplicable: 1, putEvaluationsCalls: 1 });
  });

  it('E3: sends the account result in test mode for TESTMODE, storing nothing', async () => {
    const { standIn, handler } = context();

    await handler(periodicEvent(STRICT, 'TESTMODE', daysParameter(0), new Date()));

    expect(standIn.testModeEvaluations()).toBe(1);
    expect(standIn.callCounts()['PutEvaluations']).toBe(1);
    expect(standIn.evaluations()).toEqual([]);
  });

  it('E4: reports a member account with no certificates under the member\'s id, in the member\'s Config', async () => {
    const { standIn, handler } = context();
    standIn.allowAssumeRole(`arn:aws:iam::${MEMBER}:role/${ROLE_NAME}`);
    // The central account holds a certificate: reading it instead of the member's would show.
    standIn.seedCertificates([{ name: 'central-only', expiration: new Date(Date.now() - 86_400_000) }]);
    const token = standIn.account(MEMBER).evaluations.issueToken(STRICT);
    const event = inAccount(periodicEvent(STRICT, token, JSON.stringify({ daysToExpiration: '0', ExecutionRoleName: ROLE_NAME }), new Date()), MEMBER);

    await handler(event, { invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:rule` });

    expect(standIn.account(MEMBER).evaluations.forRule(STRICT).map((stored) => [stored.resourceType, stored.resourceId, stored.complianceType])).toEqual([
      [ACCOUNT, MEMBER, 'NOT_APPLICABLE'],
    ]);
    expect(standIn.evaluations()).toEqual([]);
  });

  it('E5: reports no account result once the account holds a certificate', async () => {
    const { standIn, handler, iam } = context();
    await uploadCertificate(iam, 'first', new Date(), 200);

    await handler(periodicEvent(STRICT, standIn.resultTokenFor(STRICT), daysParameter(0), new Date()));

    expect(standIn.evaluations(STRICT).map((stored) => [stored.resourceType, stored.complianceType])).toEqual([[CERTIFICATE, 'COMPLIANT']]);
  });
});
