import { TagServerCertificateCommand, UntagServerCertificateCommand } from '@aws-sdk/client-iam';
import { HandlerError } from '../support/bundle/handler-process';
import { useStandIn, verdicts } from '../support/e2e-harness';
import { ACCOUNT_ID, changeEvent, periodicEvent } from '../support/events';
import type { StandIn } from '../support/stand-in/stand-in';

const EXPIRED_RULE = 'iam-server-certificate-expired';
const EXPIRING_RULE = 'iam-server-certificate-expiring';
const DAY = 86_400_000;
const EXCEPTION = 'iam-cert-expiry:exception';
const WINDOW = 'iam-cert-expiry:window-days';
const rule = (days: number, extra: Record<string, string> = {}): string => JSON.stringify({ daysToExpiration: String(days), tagOverrides: 'true', ...extra });

jest.setTimeout(30_000);

/** A UTC date `days` from now, as an exception tag names its last day. */
const dayFromNow = (days: number): string => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

function seed(standIn: StandIn): void {
  const now = Date.now();
  standIn.seedCertificates([
    { name: 'expired', expiration: new Date(now - 10 * DAY) },
    { name: 'expiring', expiration: new Date(now + 5 * DAY), tags: [{ key: 'owner', value: 'team-web' }] },
    { name: 'wide', expiration: new Date(now + 45 * DAY) },
    { name: 'later', expiration: new Date(now + 200 * DAY) },
    { name: 'far', expiration: new Date(now + 500 * DAY) },
  ]);
}

const annotation = (standIn: StandIn, ruleName: string, id: string): string => standIn.evaluations(ruleName).find((e) => e.resourceId === id)?.annotation ?? '';
const tagReads = (standIn: StandIn): string[] =>
  standIn.calls
    .all()
    .filter((call) => call.operation === 'ListServerCertificateTags')
    .map(() => 'read');

describe('per-certificate windows and exceptions by IAM tag, through the bundled handler (issue 21)', () => {
  const context = useStandIn({ AWS_MAX_ATTEMPTS: '2' });

  it('E1: tags set with TagServerCertificate change the warning rule\'s verdicts, never the strict rule\'s, and are read only where they can matter', async () => {
    const { standIn, handler, iam } = context();
    seed(standIn);
    const reason = 'CHG-1234 vendor renewal';
    for (const name of ['expired', 'expiring']) {
      await iam.send(new TagServerCertificateCommand({ ServerCertificateName: name, Tags: [{ Key: EXCEPTION, Value: `${dayFromNow(20)} ${reason}` }] }));
    }
    await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'wide', Tags: [{ Key: WINDOW, Value: '60' }] }));
    await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'far', Tags: [{ Key: EXCEPTION, Value: 'not an exception' }] }));
    standIn.calls.clear();

    const summary = await handler(periodicEvent(EXPIRING_RULE, standIn.resultTokenFor(EXPIRING_RULE), rule(30), new Date()));
    expect(verdicts(standIn, EXPIRING_RULE)).toEqual({ expired: 'COMPLIANT', expiring: 'COMPLIANT', wide: 'NON_COMPLIANT', later: 'COMPLIANT', far: 'COMPLIANT' });
    expect(annotation(standIn, EXPIRING_RULE, 'expiring')).toMatch(new RegExp(`^Expires .* but excepted\\. exception through ${dayFromNow(20)}: ${reason}$`));
    expect(annotation(standIn, EXPIRING_RULE, 'wide')).toContain('within its tagged 60-day window');
    // far is over a year from expiry: its tags cannot change anything, so they are not read.
    expect(tagReads(standIn)).toHaveLength(4);
    expect(summary).toMatchObject({ expired: 1, expiring: 2, excepted: 2, tagReads: 4 });

    standIn.calls.clear();
    await handler(periodicEvent(EXPIRED_RULE, standIn.resultTokenFor(EXPIRED_RULE), rule(0), new Date()));
    expect(verdicts(standIn, EXPIRED_RULE)).toMatchObject({ expired: 'NON_COMPLIANT', expiring: 'COMPLIANT', wide: 'COMPLIANT' });
    expect(annotation(standIn, EXPIRED_RULE, 'expired')).toMatch(new RegExp(`exception through ${dayFromNow(20)} \\(${reason}\\) does not waive IAM\\.26$`));
    // The strict rule reads only the expired certificate's tags.
    expect(tagReads(standIn)).toHaveLength(1);
  });

  it('E2: an exception removed with UntagServerCertificate, or one that has ended, no longer counts', async () => {
    const { standIn, handler, iam } = context();
    seed(standIn);
    await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'expiring', Tags: [{ Key: EXCEPTION, Value: `${dayFromNow(20)} CHG-1` }] }));
    await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'expired', Tags: [{ Key: EXCEPTION, Value: `${dayFromNow(-2)} CHG-2` }] }));
    await handler(periodicEvent(EXPIRING_RULE, standIn.resultTokenFor(EXPIRING_RULE), rule(30), new Date()));
    expect(verdicts(standIn, EXPIRING_RULE)).toMatchObject({ expiring: 'COMPLIANT', expired: 'NON_COMPLIANT' });
    expect(annotation(standIn, EXPIRING_RULE, 'expired')).toMatch(new RegExp(`exception ignored: ended ${dayFromNow(-2)}$`));

    await iam.send(new UntagServerCertificateCommand({ ServerCertificateName: 'expiring', TagKeys: [EXCEPTION] }));
    await handler(changeEvent(EXPIRING_RULE, standIn.resultTokenFor(EXPIRING_RULE), rule(30), { resourceId: 'expiring', name: 'expiring', status: 'OK', captureTime: new Date() }));
    expect(verdicts(standIn, EXPIRING_RULE)).toMatchObject({ expiring: 'NON_COMPLIANT' });
  });

  it('E3: without iam:ListServerCertificateTags, delivers every result judged without overrides, says so, then fails naming the action', async () => {
    const { standIn, handler, iam } = context();
    seed(standIn);
    await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'expiring', Tags: [{ Key: EXCEPTION, Value: `${dayFromNow(20)} CHG-1` }] }));
    standIn.denyAction(ACCOUNT_ID, 'iam:ListServerCertificateTags');

    const failure = handler(periodicEvent(EXPIRING_RULE, standIn.resultTokenFor(EXPIRING_RULE), rule(30), new Date()), { invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:rule` });
    await expect(failure).rejects.toBeInstanceOf(HandlerError);
    await expect(failure).rejects.toMatchObject({ name: 'TagReadError' });
    await expect(failure).rejects.toThrow('iam:ListServerCertificateTags');
    expect(verdicts(standIn, EXPIRING_RULE)).toEqual({ expired: 'NON_COMPLIANT', expiring: 'NON_COMPLIANT', wide: 'COMPLIANT', later: 'COMPLIANT', far: 'COMPLIANT' });
    expect(annotation(standIn, EXPIRING_RULE, 'expiring')).toMatch(/tags unread \(AccessDenied\): judged without exception or window tags$/);
    expect(annotation(standIn, EXPIRING_RULE, 'far')).not.toContain('tags unread');
  });

  it('E4: with Security Hub findings and owners, one tag read per certificate serves both, an excepted expiring finding is PASSED and an excepted expired one FAILED', async () => {
    const { standIn, handler, iam } = context();
    seed(standIn);
    for (const name of ['expired', 'expiring']) {
      await iam.send(new TagServerCertificateCommand({ ServerCertificateName: name, Tags: [{ Key: EXCEPTION, Value: `${dayFromNow(20)} CHG-1234 vendor renewal` }] }));
    }
    standIn.calls.clear();
    await handler(periodicEvent(EXPIRING_RULE, standIn.resultTokenFor(EXPIRING_RULE), rule(30, { securityHubFindings: 'true' }), new Date()));

    expect(tagReads(standIn)).toHaveLength(5);
    const finding = (standIn.findings() as unknown as Array<Record<string, unknown> & { Id: string }>).find((f) => f.Id.endsWith('/expiring'));
    expect(finding).toMatchObject({
      Compliance: { Status: 'PASSED' },
      FindingProviderFields: { Severity: { Label: 'INFORMATIONAL', Original: 'Excepted' } },
      ProductFields: { ExceptionStatus: 'active', ExceptionLastDay: dayFromNow(20), ExceptionReason: 'CHG-1234 vendor renewal', Owner: 'team-web' },
    });
    expect(String(finding?.['Description'])).toContain('Owner: team-web.');
    // COMPLIANT in the warning rule, but expired: its one finding fails IAM.26 as any expired certificate's does.
    expect(verdicts(standIn, EXPIRING_RULE)).toMatchObject({ expired: 'COMPLIANT' });
    const expired = (standIn.findings() as unknown as Array<Record<string, unknown> & { Id: string }>).find((f) => f.Id.endsWith('/expired'));
    expect(expired).toMatchObject({
      Compliance: { Status: 'FAILED' },
      FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'Expired' } },
      ProductFields: { ExceptionStatus: 'active', ExceptionLastDay: dayFromNow(20) },
    });
    expect(annotation(standIn, EXPIRING_RULE, 'expiring')).toMatch(/CHG-1234 vendor renewal; owner team-web$/);
  });

  it('E5: with tagOverrides off (the default), reads no tag and judges exactly as before', async () => {
    const { standIn, handler, iam } = context();
    seed(standIn);
    await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'expiring', Tags: [{ Key: EXCEPTION, Value: `${dayFromNow(20)} CHG-1` }, { Key: WINDOW, Value: '7' }] }));
    standIn.calls.clear();
    const summary = await handler(periodicEvent(EXPIRING_RULE, standIn.resultTokenFor(EXPIRING_RULE), JSON.stringify({ daysToExpiration: '30' }), new Date()));
    expect(tagReads(standIn)).toEqual([]);
    expect(verdicts(standIn, EXPIRING_RULE)).toMatchObject({ expiring: 'NON_COMPLIANT' });
    expect(annotation(standIn, EXPIRING_RULE, 'expiring')).toMatch(/^Expires .*within the 30-day window\. Renew and re-upload before .*, then repoint consumers of expiring\.$/);
    expect(summary).not.toHaveProperty('excepted');
    expect(summary).not.toHaveProperty('tagReads');
  });
});
