import { describeError } from '../../errors';

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
  /** Default {@link CERTIFICATE_PROPAGATION_WINDOW_MS}. */
  readonly windowMs?: number;
  readonly onRetry: OnRetry;
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
  const deadline = since.getTime() + (retry.windowMs ?? CERTIFICATE_PROPAGATION_WINDOW_MS);
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

/** An error by its SDK name or its wire code: `CertificateNotFoundException` / `CertificateNotFound`. */
export function isErrorNamed(error: unknown, ...names: readonly string[]): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { Code?: unknown }).Code;
  return names.includes(error.name) || (typeof code === 'string' && names.includes(code));
}
