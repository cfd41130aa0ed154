import type { CertificateTags, PolicyParameters } from '../../src/core/certificate-policy';

/** The instant the certificate-policy tests judge at. */
export const NOW = new Date('2026-11-23T12:00:00.000Z');
export const DAY = 86_400_000;
/** The warning rule with tagOverrides, and the strict rule with them. */
export const WARNING: PolicyParameters = { daysToExpiration: 30, tagOverrides: true, maxExceptionDays: 90 };
export const STRICT: PolicyParameters = { ...WARNING, daysToExpiration: 0 };

/** A certificate named `shop` expiring `daysLeft` days after {@link NOW}. */
export const cert = (daysLeft: number) => ({ name: 'shop', expiration: new Date(NOW.getTime() + daysLeft * DAY) });

/** Tags as read from IAM. */
export const tagged = (tags: Record<string, string>): CertificateTags => ({ kind: 'read', tags: new Map(Object.entries(tags)) });
