import { matchesPattern } from './event-pattern';

const event = { source: 'iam-server-certificate-expiry', 'detail-type': 'IAM Server Certificate Expired', resources: ['arn:a', 'arn:b'], detail: { DaysToExpiry: -3, Owner: 'team-web', Usage: 'in-use' } };

describe('the test matcher of EventBridge event patterns (tests/support/event-pattern.ts)', () => {
  it('matches literals exactly, any of a list, nested objects, and any element of an array field', () => {
    expect(matchesPattern({ source: ['iam-server-certificate-expiry'] }, event)).toBe(true);
    expect(matchesPattern({ source: ['IAM-server-certificate-expiry'] }, event)).toBe(false);
    expect(matchesPattern({ detail: { Owner: ['team-db', 'team-web'] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { Owner: ['team-web'], Usage: ['not-referenced'] } }, event)).toBe(false);
    expect(matchesPattern({ resources: ['arn:b'] }, event)).toBe(true);
    // A field the event does not have never matches a literal.
    expect(matchesPattern({ detail: { ConsumersOmitted: [0] } }, event)).toBe(false);
  });

  it('models numeric ranges, prefix, exists, anything-but and $or; refuses what it does not model', () => {
    expect(matchesPattern({ detail: { DaysToExpiry: [{ numeric: ['<', 0] }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { DaysToExpiry: [{ numeric: ['>=', 0, '<=', 7] }] } }, event)).toBe(false);
    expect(matchesPattern({ source: [{ prefix: 'iam-' }] }, event)).toBe(true);
    expect(matchesPattern({ detail: { Owner: [{ exists: false }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { Usage: [{ 'anything-but': ['not-referenced'] }] } }, event)).toBe(true);
    expect(matchesPattern({ $or: [{ detail: { Owner: ['x'] } }, { 'detail-type': ['IAM Server Certificate Expired'] }] }, event)).toBe(true);
    expect(() => matchesPattern({ source: [{ suffix: 'expiry' }] }, event)).toThrow(/not modelled/);
    expect(() => matchesPattern({ source: 'iam-server-certificate-expiry' }, event)).toThrow(/array or an object/);
  });
});
