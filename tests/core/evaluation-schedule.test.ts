import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  atExpression,
  EarliestCrossing,
  evaluationSchedule,
  instantOfAt,
  MAX_SCHEDULE_NAME_LENGTH,
  MIN_SCHEDULE_LEAD_MS,
  scheduleInstant,
  scheduleNameFor,
  startEvaluationInput,
  startEvaluationTargetArn,
  WARNING_RULE_SCHEDULE_OFFSET_MS,
} from '../../src/core/evaluation-schedule';
import { nextVerdictChange, type PolicyParameters } from '../../src/core/certificate-policy';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const DAY = 86_400_000;
const STRICT: PolicyParameters = { daysToExpiration: 0, tagOverrides: false, maxExceptionDays: 90 };
const WARNING: PolicyParameters = { daysToExpiration: 30, tagOverrides: true, maxExceptionDays: 90 };
// Scheduler's Name: 1 to 64 of [0-9a-zA-Z-_.] (API reference, CreateSchedule).
const SCHEDULER_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;

const cert = (name: string, expiration: string) => ({ name, expiration: new Date(expiration) });

describe('scheduleNameFor', () => {
  it('S1: keeps a short rule name readable and ends with 12 hex digits of its SHA-256', () => {
    const hash = createHash('sha256').update('iam-server-certificate-expired').digest('hex').slice(0, 12);
    expect(scheduleNameFor('iam-server-certificate-expired')).toBe(`iam-server-certificate-expired-${hash}`);
    expect(scheduleNameFor('iam-server-certificate-expired')).toBe(scheduleNameFor('iam-server-certificate-expired'));
  });

  it('S2: fits Scheduler\'s 64 characters for Config\'s longest names, and names cut or cleaned alike still differ', () => {
    const organization = `OrgConfigRule-iam-server-certificate-expiring-${'a'.repeat(128 - 46)}`;
    expect(organization).toHaveLength(128);
    const twin = `${organization.slice(0, 127)}b`;
    expect(scheduleNameFor(organization)).toMatch(SCHEDULER_NAME);
    expect(scheduleNameFor(organization)).toHaveLength(MAX_SCHEDULE_NAME_LENGTH);
    expect(scheduleNameFor(organization).startsWith('OrgConfigRule-iam-server-certificate-expiring-aaaa')).toBe(true);
    expect(scheduleNameFor(twin)).not.toBe(scheduleNameFor(organization));
    expect(scheduleNameFor('rule with spaces/é')).toMatch(/^rule-with-spaces---[0-9a-f]{12}$/);
    expect(scheduleNameFor('rule with spaces/é')).not.toBe(scheduleNameFor('rule-with-spaces--'));
  });

  it('S3: gives every Config rule name (1 to 128 characters of anything) a valid name, and distinct names distinct schedules', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 128, unit: 'binary' }), fc.string({ minLength: 1, maxLength: 128, unit: 'binary' }), (a, b) => {
        expect(scheduleNameFor(a)).toMatch(SCHEDULER_NAME);
        if (a !== b) expect(scheduleNameFor(a)).not.toBe(scheduleNameFor(b));
      }),
    );
  });
});

describe('scheduleInstant and atExpression', () => {
  it('A1: rounds a crossing with milliseconds up to its whole second, so the verdict has flipped when it fires', () => {
    const instant = scheduleInstant(new Date('2027-01-31T12:00:00.001Z'), NOW);
    expect(instant).toEqual(new Date('2027-01-31T12:00:01.000Z'));
    expect(atExpression(instant)).toBe('at(2027-01-31T12:00:01)');
    expect(atExpression(scheduleInstant(new Date('2027-01-31T12:00:00.000Z'), NOW))).toBe('at(2027-01-31T12:00:00)');
  });

  it('A2: writes UTC, never local time, zero-padded', () => {
    expect(atExpression(new Date(Date.UTC(2027, 0, 2, 3, 4, 5)))).toBe('at(2027-01-02T03:04:05)');
  });

  it('A3: a crossing within a minute of the call, or already past, is scheduled a minute after the call', () => {
    expect(scheduleInstant(new Date(NOW.getTime() + 30_000), NOW)).toEqual(new Date(NOW.getTime() + MIN_SCHEDULE_LEAD_MS));
    expect(scheduleInstant(new Date(NOW.getTime() - DAY), NOW)).toEqual(new Date(NOW.getTime() + MIN_SCHEDULE_LEAD_MS));
    expect(scheduleInstant(new Date(NOW.getTime() - 1), new Date(NOW.getTime() + 250))).toEqual(new Date(NOW.getTime() + MIN_SCHEDULE_LEAD_MS + 1000));
    expect(scheduleInstant(new Date(NOW.getTime() + 61_000), NOW)).toEqual(new Date(NOW.getTime() + 61_000));
  });

  it('A4: is never before the crossing nor a minute after the call, and always whole seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -DAY, max: 400 * DAY }), fc.integer({ min: 0, max: 10_000 }), (offset, callDelay) => {
        const crossing = new Date(NOW.getTime() + offset);
        const call = new Date(NOW.getTime() + callDelay);
        const instant = scheduleInstant(crossing, call);
        expect(instant.getTime()).toBeGreaterThanOrEqual(crossing.getTime());
        expect(instant.getTime()).toBeGreaterThanOrEqual(call.getTime() + MIN_SCHEDULE_LEAD_MS);
        expect(instant.getTime() - Math.max(crossing.getTime(), call.getTime() + MIN_SCHEDULE_LEAD_MS)).toBeLessThan(1000);
        expect(instantOfAt(atExpression(instant))).toEqual(instant);
      }),
    );
  });

  it('A5: refuses to cut milliseconds, and reads back only well-formed at() expressions', () => {
    expect(() => atExpression(new Date('2027-01-31T12:00:00.500Z'))).toThrow(RangeError);
    expect(instantOfAt('at(2027-02-30T00:00:00)')).toBeUndefined();
    expect(instantOfAt('rate(1 day)')).toBeUndefined();
    expect(instantOfAt('at(2027-01-31T12:00:00)')).toEqual(new Date('2027-01-31T12:00:00Z'));
  });
});

describe('evaluationSchedule', () => {
  it('E1: targets StartConfigRulesEvaluation of the rule, in the partition, with the role, at the crossing', () => {
    const schedule = evaluationSchedule({
      ruleName: 'iam-server-certificate-expired',
      group: 'default',
      partition: 'aws-us-gov',
      roleArn: 'arn:aws-us-gov:iam::123456789012:role/scheduler',
      crossing: new Date('2027-01-31T12:00:00Z'),
      callTime: NOW,
      strict: true,
    });
    expect(schedule).toEqual({
      name: scheduleNameFor('iam-server-certificate-expired'),
      group: 'default',
      expression: 'at(2027-01-31T12:00:00)',
      targetArn: 'arn:aws-us-gov:scheduler:::aws-sdk:config:startConfigRulesEvaluation',
      roleArn: 'arn:aws-us-gov:iam::123456789012:role/scheduler',
      input: '{"ConfigRuleNames":["iam-server-certificate-expired"]}',
      description: expect.stringContaining('iam-server-certificate-expired'),
    });
    expect(startEvaluationTargetArn('aws')).toBe('arn:aws:scheduler:::aws-sdk:config:startConfigRulesEvaluation');
    expect(JSON.parse(startEvaluationInput('a"b'))).toEqual({ ConfigRuleNames: ['a"b'] });
  });

  it('E2: the warning rule fires WARNING_RULE_SCHEDULE_OFFSET_MS (3 minutes) after the crossing, the strict rule at it: two rules crossing together never start an evaluation in the same minute', () => {
    const request = { group: 'default', partition: 'aws', roleArn: 'arn:aws:iam::123456789012:role/scheduler', crossing: new Date('2027-01-31T12:00:00.250Z'), callTime: NOW };
    const strict = evaluationSchedule({ ...request, ruleName: 'iam-server-certificate-expired', strict: true });
    const warning = evaluationSchedule({ ...request, ruleName: 'iam-server-certificate-expiring', strict: false });
    expect(WARNING_RULE_SCHEDULE_OFFSET_MS).toBe(180_000);
    expect([strict.expression, warning.expression]).toEqual(['at(2027-01-31T12:00:01)', 'at(2027-01-31T12:03:01)']);
    // Scheduler fires an at() within its minute: the strict rule's latest start is still a clear minute before the warning rule's earliest.
    const strictLatest = (instantOfAt(strict.expression)?.getTime() ?? 0) + 59_999;
    expect((instantOfAt(warning.expression)?.getTime() ?? 0) - strictLatest).toBeGreaterThan(60_000);
    // A crossing less than a minute ahead: the strict rule a minute after the call, the warning rule still its offset after the crossing.
    const soon = { ...request, crossing: new Date(NOW.getTime() + 10_000) };
    expect(instantOfAt(evaluationSchedule({ ...soon, ruleName: 'a', strict: true }).expression)).toEqual(new Date(NOW.getTime() + 60_000));
    expect(instantOfAt(evaluationSchedule({ ...soon, ruleName: 'b', strict: false }).expression)).toEqual(new Date(NOW.getTime() + 190_000));
  });
});

describe('EarliestCrossing', () => {
  it('C1: the strict rule: the soonest expiry ahead; expired certificates never change again', () => {
    const crossing = new EarliestCrossing(NOW, STRICT);
    crossing.add(cert('expired', '2026-11-01T00:00:00Z'), undefined);
    crossing.add(cert('later', '2027-03-01T00:00:00Z'), undefined);
    crossing.add(cert('sooner', '2026-11-23T13:00:00Z'), undefined);
    expect(crossing.instant).toEqual(new Date('2026-11-23T13:00:00Z'));
    const none = new EarliestCrossing(NOW, STRICT);
    none.add(cert('expired', '2026-11-01T00:00:00Z'), undefined);
    expect(none.instant).toBeUndefined();
    expect(new EarliestCrossing(NOW, STRICT).instant).toBeUndefined();
  });

  it('C2: the warning rule: entering the window (a tagged window too), or an exception ending, whichever comes first', () => {
    const crossing = new EarliestCrossing(NOW, WARNING);
    // Expires in 100 days: its tagged 80-day window starts in 20 days, before the rule's 30-day one.
    const tagged = cert('tagged', new Date(NOW.getTime() + 100 * DAY).toISOString());
    crossing.add(tagged, { kind: 'read', tags: new Map([['iam-cert-expiry:window-days', '80']]) });
    expect(crossing.instant).toEqual(new Date(NOW.getTime() + 20 * DAY));
    // Expired, excepted until the end of 2026-11-30: the exception's end comes sooner.
    crossing.add(cert('excepted', '2026-11-01T00:00:00Z'), { kind: 'read', tags: new Map([['iam-cert-expiry:exception', '2026-11-30 CHG-1']]) });
    expect(crossing.instant).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(crossing.instant).toEqual(nextVerdictChange(cert('excepted', '2026-11-01T00:00:00Z'), NOW, WARNING, { kind: 'read', tags: new Map([['iam-cert-expiry:exception', '2026-11-30 CHG-1']]) }));
  });
});
