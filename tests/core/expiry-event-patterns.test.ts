/**
 * The event patterns docs/operations.md gives ("Ready-to-use rules"), matched
 * against the events the rule sends (src/core/expiry-event.ts), with a small
 * matcher of EventBridge's pattern rules (tests/support/event-pattern.ts):
 * an exception may mute an approaching reminder, never an expired one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expiryEvent, type CertificateFacts, type ExpiryEvent, type ExpiryEventContext } from '../../src/core/expiry-event';
import { matchesPattern, type Json } from '../support/event-pattern';
import { certificate } from '../rule/fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const DAY = 86_400_000;
const WARNING: ExpiryEventContext = {
  daysToExpiration: 30,
  tagOverrides: true,
  maxExceptionDays: 90,
  ruleName: 'iam-server-certificate-expiring',
  accountId: '111122223333',
  region: 'us-east-1',
  runbookUrl: 'https://wiki.example.com/runbook',
};
const EXCEPTION: CertificateFacts = { tags: { kind: 'read', tags: new Map([['iam-cert-expiry:exception', '2027-01-31 CHG-1234 vendor renewal']]) } };

/** The patterns of the docs' table, by its "For" column; rows that are not a whole pattern ("add … to detail") are left out. */
function documentedPatterns(): Map<string, Json> {
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
  const table = page.slice(page.indexOf('### Ready-to-use rules'), page.indexOf('**Muting excepted certificates.**'));
  const patterns = new Map<string, Json>();
  for (const line of table.split('\n')) {
    const match = /^\| ([^|]+) \| `(\{"source"[^`]*\})` \|/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) patterns.set(match[1].trim(), JSON.parse(match[2]) as Json);
  }
  return patterns;
}

/** An event as EventBridge delivers it to a rule (EventBridge User Guide, "Amazon EventBridge events"). */
function delivered(event: ExpiryEvent | undefined): Json {
  if (event === undefined) throw new Error('expected an event');
  return {
    version: '0',
    id: 'test',
    'detail-type': event.DetailType,
    source: event.Source,
    account: WARNING.accountId,
    time: event.Time.toISOString(),
    region: WARNING.region,
    resources: [...event.Resources],
    detail: JSON.parse(event.Detail) as Json,
  };
}

const sent = (name: string, daysLeft: number, facts: CertificateFacts = {}): Json =>
  delivered(expiryEvent(certificate(name, new Date(NOW.getTime() + daysLeft * DAY).toISOString()), NOW, WARNING, facts));

describe('the event patterns docs/operations.md gives', () => {
  const patterns = documentedPatterns();
  const pattern = (row: string): Json => {
    const found = patterns.get(row);
    if (found === undefined) throw new Error(`docs/operations.md has no pattern for "${row}"`);
    return found;
  };
  const events = {
    expired: sent('expired', -10),
    expiredExcepted: sent('expired-excepted', -10, EXCEPTION),
    expiredUnused: sent('expired-unused', -3, { usage: { state: 'not-referenced', consumers: [] } }),
    expiring: sent('expiring', 5, { owner: 'team-web' }),
    expiringExcepted: sent('expiring-excepted', 5, EXCEPTION),
    expiringLater: sent('expiring-later', 20),
  };
  const matching = (row: string): string[] => Object.entries(events).filter(([, event]) => matchesPattern(pattern(row), event)).map(([name]) => name);

  it('EP1: reads every whole pattern of the table', () => {
    expect([...patterns.keys()]).toEqual([
      '7 days or less, not yet expired',
      'Expired',
      'Approaching, excepted ones muted',
      'Failing IAM.26 (expired), excepted or not',
      'Expired and used by nothing (clean-up)',
      'Both kinds, 7 days or less',
    ]);
  });

  it('EP2: the muting pattern drops the excepted approaching reminder and can match no expired certificate, excepted or not', () => {
    expect(matching('Approaching, excepted ones muted')).toEqual(['expiring', 'expiringLater']);
  });

  it('EP3: an exception mutes no expired reminder: the Expired and IAM.26 patterns match every expired certificate, the excepted one too', () => {
    expect(matching('Expired')).toEqual(['expired', 'expiredExcepted', 'expiredUnused']);
    expect(matching('Failing IAM.26 (expired), excepted or not')).toEqual(['expired', 'expiredExcepted', 'expiredUnused']);
    expect((events.expiredExcepted as { detail: Record<string, Json> }).detail).toMatchObject({ ComplianceType: 'COMPLIANT', StrictComplianceType: 'NON_COMPLIANT', ExceptionStatus: 'active' });
  });

  it('EP4: the other rows match what they say', () => {
    expect(matching('7 days or less, not yet expired')).toEqual(['expiring', 'expiringExcepted']);
    expect(matching('Both kinds, 7 days or less')).toEqual(['expiring', 'expiringExcepted']);
    expect(matching('Expired and used by nothing (clean-up)')).toEqual(['expiredUnused']);
  });

  it('EP5: the put-rule example, the first row for one owner, matches that owner\'s certificate only', () => {
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
    const example = /--event-pattern '(\{[^']*\})'/.exec(page)?.[1];
    expect(example).toBeDefined();
    expect(Object.entries(events).filter(([, event]) => matchesPattern(JSON.parse(example ?? '{}') as Json, event)).map(([name]) => name)).toEqual(['expiring']);
  });
});
