import type { FindingContext } from '../../src/core/security-hub-finding';

/** When the test findings are made. */
export const FINDINGS_NOW = new Date('2026-11-24T12:00:00.000Z');

/** A finding context in the stand-in's account and us-east-1, for the expiring rule's 30-day window. */
export function findingContext(overrides: Partial<FindingContext> = {}): FindingContext {
  return {
    partition: 'aws',
    region: 'us-east-1',
    accountId: '123456789012',
    ruleName: 'iam-server-certificate-expiring',
    daysToExpiration: 30,
    runbookUrl: 'https://wiki.example.com/runbook',
    now: FINDINGS_NOW,
    ...overrides,
  };
}
