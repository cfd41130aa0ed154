/**
 * Issue 21 part 1: expiry events from the bundled handler, through the stand-in's EventBridge.
 *
 * EE1 With expiryEvents on, a periodic run puts one event per expired or expiring certificate
 *     on the account's default bus, with the detail type and detail ACM-style routing needs.
 * EE2 Off (the default), a run makes no EventBridge call at all.
 * EE3 Entries EventBridge fails with a passing error are resent and the run succeeds.
 * EE4 A put that keeps failing: every evaluation is delivered, then the invocation fails (EventDeliveryError).
 * EE5 Central mode: the member account's credentials put its events on the organization's
 *     central bus, whose policy must allow that account; a bus that does not is named after delivery.
 * EE6 A bus that does not exist: a refused entry or request fails the run after delivery; an
 *     event EventBridge accepts and drops cannot be seen by the rule (docs/operations.md).
 * EE7 The role may not call events:PutEvents: AccessDeniedError naming the action, after delivery.
 * EE8 A bus in another region than the rule's is called in its own region.
 */
import { metricValues } from '../support/bundle/handler-output';
import { HandlerError } from '../support/bundle/handler-process';
import { ACCOUNT_ID, inAccount, periodicEvent } from '../support/events';
import { useStandIn, verdicts } from '../support/e2e-harness';
import type { StandIn } from '../support/stand-in/stand-in';

const RULE = 'iam-server-certificate-expiring';
const DAY = 86_400_000;
const DEFAULT_BUS = `arn:aws:events:us-east-1:${ACCOUNT_ID}:event-bus/default`;
const ON = { daysToExpiration: '30', expiryEvents: 'true' };
const FUNCTION = { invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:rule` };

jest.setTimeout(30_000);

type Detail = Record<string, unknown> & { ServerCertificateName: string };

function seed(standIn: StandIn, now: number): void {
  standIn.seedCertificates([
    { name: 'shop', expiration: new Date(now - 10 * DAY - 3_600_000), tags: [{ key: 'owner', value: 'team-web' }] },
    { name: 'api', expiration: new Date(now + 5 * DAY + 3_600_000) },
    { name: 'www', expiration: new Date(now + 365 * DAY) },
  ]);
}

const run = (standIn: StandIn, handler: ReturnType<ReturnType<typeof useStandIn>>['handler'], parameters: Record<string, string> = ON) =>
  handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), JSON.stringify(parameters), new Date()), FUNCTION);

describe('expiry events from the bundled handler (issue 21 part 1)', () => {
  const context = useStandIn({ AWS_MAX_ATTEMPTS: '2' });

  it('EE1: puts one event per expired or expiring certificate on the account\'s default bus', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    const summary = await run(standIn, handler, { ...ON, ownerTagKey: 'owner' });

    const events = standIn.busEvents(DEFAULT_BUS);
    expect(events.map((event) => [event['detail-type'], (event.detail as Detail).ServerCertificateName])).toEqual([
      ['IAM Server Certificate Expired', 'shop'],
      ['IAM Server Certificate Approaching Expiration', 'api'],
    ]);
    expect(events[0]).toMatchObject({
      source: 'iam-server-certificate-expiry',
      account: ACCOUNT_ID,
      region: 'us-east-1',
      resources: [`arn:aws:iam::${ACCOUNT_ID}:server-certificate/shop`],
      detail: {
        ServerCertificateName: 'shop',
        Arn: `arn:aws:iam::${ACCOUNT_ID}:server-certificate/shop`,
        DaysToExpiry: -10,
        AccountId: ACCOUNT_ID,
        Region: 'us-east-1',
        Rule: RULE,
        ComplianceType: 'NON_COMPLIANT',
        Owner: 'team-web',
        WindowDays: 30,
      },
    });
    expect((events[0]?.detail as Detail)['Expiration']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect((events[1]?.detail as Detail)['DaysToExpiry']).toBe(5);
    expect(summary['expiryEvents']).toEqual({ put: 2, putEventsCalls: 1 });
    expect(verdicts(standIn, RULE)).toEqual({ shop: 'NON_COMPLIANT', api: 'NON_COMPLIANT', www: 'COMPLIANT' });
    // Config first, EventBridge after.
    const order = standIn.calls.all().map((call) => call.operation).filter((operation) => operation === 'PutEvaluations' || operation === 'PutEvents');
    expect(order).toEqual(['PutEvaluations', 'PutEvents']);
  });

  it('EE2: makes no EventBridge call when expiryEvents is off, as by default', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    const summary = await run(standIn, handler, { daysToExpiration: '30' });
    expect(standIn.calls.all().filter((call) => call.service === 'events')).toEqual([]);
    expect(standIn.busEvents()).toEqual([]);
    expect(summary['expiryEvents']).toBeUndefined();
  });

  it('EE3: resends the entries EventBridge fails with a passing error, and succeeds', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    standIn.faults.add({ operation: 'PutEvents', onCalls: [1], kind: 'failed-entries', resourceIds: [`arn:aws:iam::${ACCOUNT_ID}:server-certificate/api`] });
    const summary = await run(standIn, handler);
    expect(standIn.busEvents(DEFAULT_BUS).map((event) => (event.detail as Detail).ServerCertificateName)).toEqual(['shop', 'api']);
    expect(summary['expiryEvents']).toEqual({ put: 2, putEventsCalls: 2 });
  });

  it('EE4: a put that keeps failing delivers every evaluation, then fails the invocation', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    standIn.faults.add({ operation: 'PutEvents', onCalls: 'all', kind: 'failed-entries', resourceIds: 'all' });
    const failure = run(standIn, handler);
    await expect(failure).rejects.toBeInstanceOf(HandlerError);
    await expect(failure).rejects.toMatchObject({ name: 'EventDeliveryError' });
    await expect(failure).rejects.toThrow(/EventBridge refused 2 of 2 expiry events \(2 still refused after 3 resends\).*InternalFailure/);
    expect(verdicts(standIn, RULE)).toEqual({ shop: 'NON_COMPLIANT', api: 'NON_COMPLIANT', www: 'COMPLIANT' });
    expect(standIn.callCounts()['PutEvents']).toBe(4);
    const output = ((await failure.catch((error: unknown) => error)) as HandlerError).output;
    expect(metricValues(output)).toMatchObject({ CertificatesEvaluated: 3, RunsFailed: 1 });
  });

  it('EE5: in central mode the member account puts its events on the central bus its policy lets it reach', async () => {
    const { standIn, handler } = context();
    const member = '111122223333';
    const role = `arn:aws:iam::${member}:role/IamServerCertificateExpiryRule`;
    standIn.allowAssumeRole(role);
    standIn.account(member).addCertificate({ name: 'member-expired', expiration: new Date(Date.now() - 2 * DAY) });
    const central = standIn.createEventBus({ accountId: ACCOUNT_ID, region: 'us-east-1', name: 'certificate-expiry', allowAccounts: [member] });
    const parameters = { ...ON, ExecutionRoleName: 'IamServerCertificateExpiryRule', eventBusArn: central };
    const event = () => inAccount(periodicEvent(RULE, standIn.account(member).evaluations.issueToken(RULE), JSON.stringify(parameters), new Date()), member);

    await handler(event(), FUNCTION);
    const [onBus, ...more] = standIn.busEvents(central);
    expect(more).toEqual([]);
    expect(onBus).toMatchObject({ account: member, 'detail-type': 'IAM Server Certificate Expired', detail: { AccountId: member, ServerCertificateName: 'member-expired', DaysToExpiry: -2 } });
    const [session] = standIn.sessions();
    expect(standIn.calls.all().filter((call) => call.operation === 'PutEvents').map((call) => call.accessKeyId)).toEqual([session?.accessKeyId]);

    // A bus whose policy does not let the member in: named after the member's results were delivered.
    const closed = standIn.createEventBus({ accountId: ACCOUNT_ID, region: 'us-east-1', name: 'closed' });
    const refused = handler(inAccount(periodicEvent(RULE, standIn.account(member).evaluations.issueToken(RULE), JSON.stringify({ ...parameters, eventBusArn: closed }), new Date()), member), FUNCTION);
    await expect(refused).rejects.toMatchObject({ name: 'EventDeliveryError' });
    await expect(refused).rejects.toThrow(/refused for good.*AccessDeniedException/);
    expect(standIn.account(member).evaluations.forRule(RULE).map((evaluation) => evaluation.complianceType)).toEqual(['NON_COMPLIANT']);
  });

  it('EE6: a bus that does not exist fails the run after delivery, when EventBridge says so', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    const missing = `arn:aws:events:us-east-1:${ACCOUNT_ID}:event-bus/no-such-bus`;
    const parameters = { ...ON, eventBusArn: missing };

    const entry = run(standIn, handler, parameters);
    await expect(entry).rejects.toMatchObject({ name: 'EventDeliveryError' });
    await expect(entry).rejects.toThrow(/2 refused for good, not resent.*ResourceNotFoundException: Event bus .*no-such-bus does not exist/);
    expect(standIn.callCounts()['PutEvents']).toBe(1);

    standIn.setUnknownEventBus('request-error');
    await expect(run(standIn, handler, parameters)).rejects.toMatchObject({ name: 'EventDeliveryError' });
    expect(Object.keys(verdicts(standIn, RULE)).sort()).toEqual(['api', 'shop', 'www']);

    // As AWS has been reported to do: accepted and dropped. Nothing in the answer says so; the run succeeds.
    standIn.setUnknownEventBus('accept');
    const summary = await run(standIn, handler, parameters);
    expect(summary['expiryEvents']).toEqual({ put: 2, putEventsCalls: 1 });
    expect(standIn.droppedEvents()).toHaveLength(2);
  });

  it('EE7: a role that may not call events:PutEvents gets AccessDeniedError naming the action, after delivery', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    standIn.denyAction(ACCOUNT_ID, 'events:PutEvents');
    const failure = run(standIn, handler);
    await expect(failure).rejects.toMatchObject({ name: 'AccessDeniedError' });
    await expect(failure).rejects.toThrow(/may not call events:PutEvents in account 123456789012.*Grant events:PutEvents to it/);
    expect(Object.keys(verdicts(standIn, RULE)).sort()).toEqual(['api', 'shop', 'www']);
  });

  it('EE8: puts on a bus in another region through that region\'s endpoint', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    const bus = standIn.createEventBus({ accountId: ACCOUNT_ID, region: 'eu-west-1', name: 'certificate-expiry' });
    await run(standIn, handler, { ...ON, eventBusArn: bus });
    expect(standIn.busEvents(bus).map((event) => [event.region, (event.detail as Detail)['Region']])).toEqual([
      ['eu-west-1', 'us-east-1'],
      ['eu-west-1', 'us-east-1'],
    ]);
    expect(standIn.calls.all().filter((call) => call.service === 'events').map((call) => call.region)).toEqual(['eu-west-1']);
  });
});
