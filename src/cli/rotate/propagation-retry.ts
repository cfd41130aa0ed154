import { InvalidViewerCertificate } from '@aws-sdk/client-cloudfront';
import { CertificateNotFoundException as ElbCertificateNotFound } from '@aws-sdk/client-elastic-load-balancing';
import { CertificateNotFoundException as Elbv2CertificateNotFound } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describeError } from '../../errors';
import { UsageService } from '../../usage/certificate-usage';

/**
 * How long after its upload a certificate "not found" by a consumer is taken
 * for IAM not having made it visible there yet, and retried. IAM is
 * eventually consistent (IAM User Guide, "Troubleshoot IAM": changes are not
 * always immediately visible), and ELB says so of this very error: "if you
 * recently uploaded the certificate to IAM, this error might indicate that
 * the certificate is not fully available yet" (ELB API reference,
 * SetLoadBalancerListenerSSLCertificate, CertificateNotFound). Five minutes
 * covers the usual delay of seconds with room to spare; the Classic ELB
 * troubleshooting page's "wait approximately 15 minutes" is for the console's
 * cross-region case, and a rerun after this window carries on where it
 * stopped. Past it, the error is reported as it is.
 */
export const CERTIFICATE_PROPAGATION_WINDOW_MS = 5 * 60_000;

/** The first wait before a retry; each next one doubles, up to {@link MAX_RETRY_DELAY_MS}. */
export const FIRST_RETRY_DELAY_MS = 2_000;

/** The longest wait between two tries. */
export const MAX_RETRY_DELAY_MS = 30_000;

/** Time for the retries: injected so tests neither wait nor depend on the wall clock. */
export interface RetryClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: RetryClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** One retry, as the caller audits and prints it. */
export interface RetryNotice {
  /** The API call that failed, e.g. `SetLoadBalancerListenerSSLCertificate`. */
  readonly call: string;
  /** The try that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  /** The error's name and message. */
  readonly reason: string;
}

/** Told before each wait; awaited, so an audit record is on disk before the call is sent again. */
export type OnRetry = (notice: RetryNotice) => Promise<void>;

export interface PropagationRetry {
  readonly clock: RetryClock;
  readonly onRetry: OnRetry;
}

/**
 * The error each consumer service answers while IAM has not made a new
 * certificate visible to it yet, as the SDK deserializes it (the stand-in's
 * wire errors too: `CertificateNotFound` and `InvalidViewerCertificate` come
 * back as these classes):
 * - Classic ELB and ELBv2: `CertificateNotFound` ("if you recently uploaded
 *   the certificate to IAM, this error might indicate that the certificate is
 *   not fully available yet", ELB API reference,
 *   SetLoadBalancerListenerSSLCertificate; ELBv2 API reference, ModifyListener
 *   and AddListenerCertificates: "The specified certificate does not exist");
 * - CloudFront: `InvalidViewerCertificate` ("The specified SSL certificate
 *   doesn't exist…", among other causes: only retried within the window after
 *   the upload, so a real misconfiguration of an older certificate fails at once).
 */
export const NOT_SEEN_YET: Readonly<Record<UsageService, (error: unknown) => boolean>> = {
  [UsageService.Elb]: (error) => error instanceof ElbCertificateNotFound,
  [UsageService.Elbv2]: (error) => error instanceof Elbv2CertificateNotFound,
  [UsageService.CloudFront]: (error) => error instanceof InvalidViewerCertificate,
};

/** Sends one call that names the new certificate, retrying while its consumer has not seen it yet. */
export type SendNamingNew = <T>(callName: string, call: () => Promise<T>) => Promise<T>;

/**
 * How a repoint of a `service` consumer sends the calls that name a
 * certificate uploaded at `uploadedAt`: retried on that service's
 * {@link NOT_SEEN_YET} error within the propagation window.
 */
export function sendNamingNew(service: UsageService, uploadedAt: Date | undefined, retry: PropagationRetry): SendNamingNew {
  return (callName, call) => retryWhileUnseen(callName, call, NOT_SEEN_YET[service], uploadedAt, retry);
}

/**
 * Sends `call` and, while it fails with the "certificate not visible yet"
 * error `unseen` recognises and the new certificate is within the
 * propagation window (counted from `uploadedAt`, else from the first try),
 * waits with exponential backoff and sends it again. Any other error, or the
 * same one past the window, is thrown as it is.
 */
export async function retryWhileUnseen<T>(
  callName: string,
  call: () => Promise<T>,
  unseen: (error: unknown) => boolean,
  uploadedAt: Date | undefined,
  retry: PropagationRetry,
): Promise<T> {
  const since = uploadedAt ?? retry.clock.now();
  const deadline = since.getTime() + CERTIFICATE_PROPAGATION_WINDOW_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const delayMs = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1));
      if (!unseen(error) || retry.clock.now().getTime() + delayMs > deadline) throw error;
      await retry.onRetry({ call: callName, attempt, delayMs, reason: describeError(error) });
      await retry.clock.sleep(delayMs);
    }
  }
}
