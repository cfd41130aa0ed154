/**
 * Issue 21 part 1: one EventBridge event per expired or expiring certificate, the way ACM sends its own.
 *
 * Scenarios (numbers as in the test names):
 * X1  An expiring certificate: "IAM Server Certificate Approaching Expiration", every field of the detail.
 * X2  An expired one: "IAM Server Certificate Expired", DaysToExpiry negative.
 * X3  A certificate outside the window gets none; the strict rule (window 0) sends for expired ones only.
 * X4  With tag overrides: the certificate's own window, and an excepted certificate still gets an event
 *     that says so (COMPLIANT, ExceptionStatus active), expired ones with StrictComplianceType NON_COMPLIANT;
 *     the strict rule names the exception it does not honour;
 *     unreadable tags say `unknown`.
 * X5  Owner, consumers (at most 25, the rest counted), runbook and a named bus.
 * X6  DaysToExpiry: whole days rounded toward zero, never 0 once expired.
 */
import { ComplianceType } from '../../src/core/compliance-type';
import { daysToExpiry } from '../../src/core/evaluate-certificate';
import {
  EXPIRY_EVENT_SOURCE,
  ExpiryDetailType,
  expiryEvent,
  MAX_CONSUMERS_IN_EVENT,
  type ExpiryEventContext,
  type ExpiryEventDetail,
} from '../../src/core/expiry-event';
import { DEFAULT_RULE_PARAMETERS } from '../../src/core/rule-parameters';
import { certificate } from '../rule/fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const DAY = 86_400_000;
const RUNBOOK = 'https://wiki.example.com/runbooks/iam-certificates';
const WARNING: ExpiryEventContext = {
  daysToExpiration: 30,
  tagOverrides: false,
  maxExceptionDays: 90,
  ruleName: 'iam-server-certificate-expiring',
  accountId: '111122223333',
  region: 'us-east-1',
  runbookUrl: RUNBOOK,
};
const STRICT: ExpiryEventContext = { ...WARNING, daysToExpiration: 0, ruleName: 'iam-server-certificate-expired' };
const OVERRIDES: ExpiryEventContext = { ...WARNING, tagOverrides: true };
const tags = (values: Record<string, string>) => ({ kind: 'read' as const, tags: new Map(Object.entries(values)) });
const at = (daysLeft: number): Date => new Date(NOW.getTime() + daysLeft * DAY);

function detailOf(event: ReturnType<typeof expiryEvent>): ExpiryEventDetail {
  if (event === undefined) throw new Error('expected an event');
  return JSON.parse(event.Detail) as ExpiryEventDetail;
}

describe('expiryEvent', () => {
  it('X1: an expiring certificate gets an "Approaching Expiration" event with every field of its detail', () => {
    const shop = { ...certificate('shop', at(5.5).toISOString()), path: '/shop/' };
    const event = expiryEvent(shop, NOW, WARNING);

    expect(event).toEqual({
      Source: EXPIRY_EVENT_SOURCE,
      DetailType: 'IAM Server Certificate Approaching Expiration',
      Detail: expect.any(String),
      Resources: ['arn:aws:iam::123456789012:server-certificate/shop'],
      Time: NOW,
    });
    expect(EXPIRY_EVENT_SOURCE).toBe('iam-server-certificate-expiry');
    expect(detailOf(event)).toEqual({
      ServerCertificateName: 'shop',
      ServerCertificateId: 'ASCASHOP',
      Arn: 'arn:aws:iam::123456789012:server-certificate/shop',
      Path: '/shop/',
      Expiration: '2026-11-29T00:00:00Z',
      DaysToExpiry: 5,
      AccountId: '111122223333',
      Region: 'us-east-1',
      Rule: 'iam-server-certificate-expiring',
      ComplianceType: ComplianceType.NonCompliant,
      // Not expired: IAM.26 passes it.
      StrictComplianceType: ComplianceType.Compliant,
      WindowDays: 30,
      WindowSource: 'rule',
      ExceptionStatus: 'none',
      RunbookUrl: RUNBOOK,
    });
    // The default bus: no EventBusName at all (EventBridge API reference, PutEventsRequestEntry: "If you omit this, the default event bus is used").
    expect(event).not.toHaveProperty('EventBusName');
  });

  it('X2: an expired certificate gets an "Expired" event, DaysToExpiry negative', () => {
    const event = expiryEvent(certificate('old', at(-10.5).toISOString()), NOW, WARNING);
    expect(event?.DetailType).toBe(ExpiryDetailType.Expired);
    expect(event?.DetailType).toBe('IAM Server Certificate Expired');
    expect(detailOf(event)).toMatchObject({ DaysToExpiry: -10, ComplianceType: 'NON_COMPLIANT', Expiration: '2026-11-13T00:00:00Z' });
  });

  it('X3: none outside the window; the strict rule sends for expired certificates only', () => {
    expect(expiryEvent(certificate('fine', at(30.01).toISOString()), NOW, WARNING)).toBeUndefined();
    expect(expiryEvent(certificate('edge', at(30).toISOString()), NOW, WARNING)?.DetailType).toBe(ExpiryDetailType.Approaching);
    expect(expiryEvent(certificate('soon', at(5).toISOString()), NOW, STRICT)).toBeUndefined();
    expect(detailOf(expiryEvent(certificate('gone', at(-1).toISOString()), NOW, STRICT))).toMatchObject({ Rule: 'iam-server-certificate-expired', WindowDays: 0, DaysToExpiry: -1 });
  });

  it('X4: with tag overrides, the certificate\'s own window, and an excepted certificate still gets an event that says so', () => {
    const wide = certificate('wide', at(45).toISOString());
    expect(expiryEvent(wide, NOW, WARNING)).toBeUndefined();
    expect(detailOf(expiryEvent(wide, NOW, OVERRIDES, { tags: tags({ 'iam-cert-expiry:window-days': '60' }) }))).toMatchObject({ WindowDays: 60, WindowSource: 'tag', DaysToExpiry: 45 });

    const exception = { tags: tags({ 'iam-cert-expiry:exception': '2027-01-31 CHG-1234 vendor renewal' }) };
    const excepted = expiryEvent(certificate('excepted', at(-3).toISOString()), NOW, OVERRIDES, exception);
    expect(excepted?.DetailType).toBe(ExpiryDetailType.Expired);
    expect(detailOf(excepted)).toMatchObject({
      ComplianceType: 'COMPLIANT',
      // The IAM.26 verdict: no exception changes it.
      StrictComplianceType: 'NON_COMPLIANT',
      ExceptionStatus: 'active',
      ExceptionLastDay: '2027-01-31',
      ExceptionReason: 'CHG-1234 vendor renewal',
    });
    // The strict rule never honours it, and says which one it did not.
    expect(detailOf(expiryEvent(certificate('excepted', at(-3).toISOString()), NOW, { ...STRICT, tagOverrides: true }, exception))).toMatchObject({
      ComplianceType: 'NON_COMPLIANT',
      ExceptionStatus: 'active',
      ExceptionLastDay: '2027-01-31',
    });
    // An exception ended, and tags that could not be read.
    const ended = { tags: tags({ 'iam-cert-expiry:exception': '2026-11-01 CHG-1 old' }) };
    expect(detailOf(expiryEvent(certificate('ended', at(2).toISOString()), NOW, OVERRIDES, ended))).toMatchObject({ ComplianceType: 'NON_COMPLIANT', ExceptionStatus: 'ended', ExceptionLastDay: '2026-11-01' });
    const unread = { tags: { kind: 'unreadable' as const, reason: 'AccessDenied' } };
    expect(detailOf(expiryEvent(certificate('unread', at(2).toISOString()), NOW, OVERRIDES, unread))).toMatchObject({ ComplianceType: 'NON_COMPLIANT', ExceptionStatus: 'unknown', WindowSource: 'rule' });
    // Without overrides, the same tags change nothing.
    expect(detailOf(expiryEvent(certificate('excepted', at(-3).toISOString()), NOW, WARNING, exception))).toMatchObject({ ComplianceType: 'NON_COMPLIANT', ExceptionStatus: 'none' });
  });

  it('X5: names the owner (on one line), what serves it (at most 25, the rest counted) and the bus it goes to', () => {
    const bus = 'arn:aws:events:us-east-1:999999999999:event-bus/certificate-expiry';
    const consumers = Array.from({ length: MAX_CONSUMERS_IN_EVENT + 3 }, (_, index) => `elb lb-${index}:443 (us-east-1)`);
    const event = expiryEvent(certificate('busy', at(3).toISOString()), NOW, { ...WARNING, eventBusArn: bus }, { owner: ' team\u2028web ', usage: { state: 'in-use', consumers } });

    expect(event?.EventBusName).toBe(bus);
    const detail = detailOf(event);
    expect(detail.Owner).toBe('team web');
    expect(detail.Usage).toBe('in-use');
    expect(detail.Consumers).toEqual(consumers.slice(0, MAX_CONSUMERS_IN_EVENT));
    expect(detail.ConsumersOmitted).toBe(3);
    expect(detailOf(expiryEvent(certificate('idle', at(-3).toISOString()), NOW, WARNING, { usage: { state: 'not-referenced', consumers: [] } }))).toMatchObject({ Usage: 'not-referenced', Consumers: [] });
    expect(detailOf(expiryEvent(certificate('blank', at(3).toISOString()), NOW, WARNING, { owner: '  ' }))).not.toHaveProperty('Owner');
  });

  it.each([
    [5.99, 5],
    [1, 1],
    [0.5, 0],
    [0.000_01, 0],
    [0, -1],
    [-0.5, -1],
    [-1.5, -1],
    [-2, -2],
    [-10.2, -10],
  ])('X6: %d days left is DaysToExpiry %d', (left, expected) => {
    expect(daysToExpiry(at(left), NOW)).toBe(expected);
  });

  it('X6b: the parameters a rule runs with are enough to build its events (no field of RuleParameters is missing)', () => {
    const context: ExpiryEventContext = { ...DEFAULT_RULE_PARAMETERS, ruleName: 'r', accountId: '111122223333', region: 'us-east-1' };
    expect(detailOf(expiryEvent(certificate('x', at(-1).toISOString()), NOW, context))).toMatchObject({ Rule: 'r', RunbookUrl: DEFAULT_RULE_PARAMETERS.runbookUrl });
  });
});
