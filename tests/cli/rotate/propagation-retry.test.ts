import { InvalidViewerCertificate } from '@aws-sdk/client-cloudfront';
import { CertificateNotFoundException as ElbCertificateNotFound } from '@aws-sdk/client-elastic-load-balancing';
import { CertificateNotFoundException as Elbv2CertificateNotFound } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CERTIFICATE_PROPAGATION_WINDOW_MS, NOT_SEEN_YET, retryWhileUnseen, sendNamingNew, type RetryClock, type RetryNotice } from '../../../src/cli/rotate/propagation-retry';

const notFound = (): Error => Object.assign(new Error('Certificate not found'), { name: 'CertificateNotFoundException' });
const unseen = (error: unknown): boolean => error instanceof Error && error.name === 'CertificateNotFoundException';

/** A clock that moves only when slept on. */
function fakeClock(start: Date): RetryClock & { slept: number[] } {
  let now = start.getTime();
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('retryWhileUnseen', () => {
  const start = new Date('2026-11-23T12:00:00Z');

  it('retries "not found yet" with doubling waits and returns the answer once the certificate is seen', async () => {
    const clock = fakeClock(start);
    const notices: RetryNotice[] = [];
    let calls = 0;
    const answer = await retryWhileUnseen(
      'ModifyListener',
      async () => {
        calls += 1;
        if (calls < 4) throw notFound();
        return 'done';
      },
      unseen,
      start,
      { clock, onRetry: async (notice) => void notices.push(notice) },
    );
    expect(answer).toBe('done');
    expect(clock.slept).toEqual([2_000, 4_000, 8_000]);
    expect(notices.map((notice) => [notice.call, notice.attempt, notice.delayMs])).toEqual([
      ['ModifyListener', 1, 2_000],
      ['ModifyListener', 2, 4_000],
      ['ModifyListener', 3, 8_000],
    ]);
    expect(notices[0]?.reason).toBe('CertificateNotFoundException: Certificate not found');
  });

  it('throws any other error at once', async () => {
    const clock = fakeClock(start);
    const denied = Object.assign(new Error('no'), { name: 'AccessDenied' });
    await expect(
      retryWhileUnseen('ModifyListener', async () => Promise.reject(denied), unseen, start, { clock, onRetry: async () => undefined }),
    ).rejects.toBe(denied);
    expect(clock.slept).toEqual([]);
  });

  it('stops retrying at the end of the window after the upload and throws the last error', async () => {
    const clock = fakeClock(start);
    const error = notFound();
    await expect(retryWhileUnseen('SetLoadBalancerListenerSSLCertificate', async () => Promise.reject(error), unseen, start, { clock, onRetry: async () => undefined })).rejects.toBe(error);
    const waited = clock.slept.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeLessThanOrEqual(CERTIFICATE_PROPAGATION_WINDOW_MS);
    expect(waited).toBeGreaterThan(CERTIFICATE_PROPAGATION_WINDOW_MS - 30_000);
    expect(Math.max(...clock.slept)).toBe(30_000);
  });

  it('does not retry at all for a certificate uploaded longer ago than the window', async () => {
    const clock = fakeClock(start);
    const uploaded = new Date(start.getTime() - CERTIFICATE_PROPAGATION_WINDOW_MS - 1);
    const error = notFound();
    await expect(retryWhileUnseen('UpdateDistribution', async () => Promise.reject(error), unseen, uploaded, { clock, onRetry: async () => undefined })).rejects.toBe(error);
    expect(clock.slept).toEqual([]);
  });
});

describe('NOT_SEEN_YET and sendNamingNew', () => {
  const start = new Date('2026-11-23T12:00:00Z');
  const elb = new ElbCertificateNotFound({ message: 'Server Certificate not found for the key: arn:new', $metadata: {} });
  const elbv2 = new Elbv2CertificateNotFound({ message: "Certificate 'arn:new' not found", $metadata: {} });
  const cloudfront = new InvalidViewerCertificate({ message: "The specified SSL certificate doesn't exist", $metadata: {} });

  it("recognises each service's own \"not seen yet\" error class, and nothing else", () => {
    expect([NOT_SEEN_YET.elb(elb), NOT_SEEN_YET.elb(elbv2), NOT_SEEN_YET.elb(cloudfront)]).toEqual([true, false, false]);
    expect([NOT_SEEN_YET.elbv2(elbv2), NOT_SEEN_YET.elbv2(elb), NOT_SEEN_YET.elbv2(cloudfront)]).toEqual([true, false, false]);
    expect([NOT_SEEN_YET.cloudfront(cloudfront), NOT_SEEN_YET.cloudfront(elb), NOT_SEEN_YET.cloudfront(elbv2)]).toEqual([true, false, false]);
    const denied = Object.assign(new Error('no'), { name: 'AccessDenied' });
    expect(Object.values(NOT_SEEN_YET).map((unseen) => unseen(denied))).toEqual([false, false, false]);
  });

  it("retries the consumer service's error within the window after the upload, and throws another service's at once", async () => {
    const clock = fakeClock(start);
    const notices: RetryNotice[] = [];
    const send = sendNamingNew('elbv2', start, { clock, onRetry: async (notice) => void notices.push(notice) });
    let calls = 0;
    await expect(
      send('AddListenerCertificates', async () => {
        calls += 1;
        if (calls === 1) throw elbv2;
        return 'added';
      }),
    ).resolves.toBe('added');
    expect(notices.map((notice) => [notice.call, notice.attempt])).toEqual([['AddListenerCertificates', 1]]);
    await expect(send('ModifyListener', async () => Promise.reject(cloudfront))).rejects.toBe(cloudfront);
    expect(clock.slept).toEqual([2_000]);
  });
});
