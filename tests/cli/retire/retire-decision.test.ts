import { retireEligibility } from '../../../src/cli/retire/retire-decision';
import { usageOf } from '../../../src/usage/usage-of';
import { inventory } from '../../fixtures/usage-inventory';

const NOW = new Date('2026-12-07T12:00:00Z');
const HOUR_MS = 3_600_000;

function certificate(expiration: Date) {
  return { name: 'old-api', id: 'ASCAOLDAPI', arn: 'arn:aws:iam::123456789012:server-certificate/old-api', path: '/', expiration, uploadDate: new Date('2025-01-01T00:00:00Z') };
}

describe('retireEligibility', () => {
  it.each([
    [-3 * HOUR_MS, 'expired 2026-12-07T09:00:00Z (less than a day ago) and not referenced'],
    [-30 * HOUR_MS, 'expired 2026-12-06T06:00:00Z (1 day ago) and not referenced'],
    [-50 * HOUR_MS, 'expired 2026-12-05T10:00:00Z (2 days ago) and not referenced'],
  ])('says how long ago as the annotations do (%i ms)', (offset, reason) => {
    const cert = certificate(new Date(NOW.getTime() + offset));
    expect(retireEligibility(cert, NOW, usageOf(cert, inventory()))).toEqual({ eligible: true, reason });
  });

  it('says "less than a day left" for a certificate expiring today, never "0 days left"', () => {
    const cert = certificate(new Date(NOW.getTime() + 5 * HOUR_MS));
    expect(retireEligibility(cert, NOW, usageOf(cert, inventory()))).toEqual({ eligible: false, reason: 'not expired: valid until 2026-12-07T17:00:00Z (less than a day left)' });
  });
});
