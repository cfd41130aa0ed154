import type { ServerCertificate } from '../../core/server-certificate';
import { describeError } from '../../errors';
import { auditCertificate, type AuditTrail } from '../audit-log';
import type { CertificateReader } from '../cli-dependencies';
import { DeleteOutcome, type CertificateRetirer } from './iam-certificate-retirer';
import { RetireDecision } from './retire-decision';

/**
 * Deletes one candidate, and only that certificate:
 * 1. an `intent` record naming its id is written and synced; if that fails,
 *    the {@link AuditLogError} propagates and nothing is deleted;
 * 2. the certificate is read again by name right before the delete, and a
 *    different id (someone re-uploaded under the same name) keeps it: IAM's
 *    DeleteServerCertificate takes only a name, so this comparison is the
 *    only guard that the certificate deleted is the one judged;
 * 3. the delete, then an `outcome` record (a failure to write it also
 *    propagates, stopping the run).
 *
 * The window left between the read and the delete is one IAM round trip.
 *
 * @returns the decision (also given to `print`, with its reason), and whether
 *   IAM refused with DeleteConflict.
 */
export async function deleteIfUnchanged(
  candidate: ServerCertificate,
  reason: string,
  certificates: CertificateReader,
  retirer: CertificateRetirer,
  audit: AuditTrail,
  print: (decision: RetireDecision, reason: string) => void,
): Promise<DeleteAttempt> {
  await audit.write('intent', { certificate: auditCertificate(candidate), action: 'delete', reason });
  const result = await attempt(candidate, reason, certificates, retirer);
  // Printed first, so a delete that happened is shown even if its record then fails.
  print(result.decision, result.reason);
  await audit.write('outcome', { certificate: auditCertificate(candidate), action: 'delete', decision: result.decision, reason: result.reason });
  return result;
}

/** What one guarded delete came to. */
export interface DeleteAttempt {
  readonly decision: RetireDecision;
  readonly reason: string;
  /** IAM answered DeleteConflict: something still uses it, or IAM has not seen a repoint yet. */
  readonly conflict: boolean;
  /** IAM's DeleteConflict message, which names the resources that use it. */
  readonly conflictMessage?: string;
}

async function attempt(candidate: ServerCertificate, reason: string, certificates: CertificateReader, retirer: CertificateRetirer): Promise<DeleteAttempt> {
  const kept = (why: string): DeleteAttempt => ({ decision: RetireDecision.Kept, reason: why, conflict: false });
  try {
    const current = await certificates.get(candidate.name);
    if (current === undefined) return kept('no longer in IAM (deleted by someone else)');
    if (current.id !== candidate.id) {
      return kept(
        `replaced under the same name since the listing (id ${candidate.id} is now ${current.id}); ` +
          'the certificate now under this name was not judged and is not deleted; run again to judge it',
      );
    }
    const { outcome, message } = await retirer.delete(current.name);
    switch (outcome) {
      case DeleteOutcome.Deleted:
        return { decision: RetireDecision.Deleted, reason, conflict: false };
      case DeleteOutcome.Conflict:
        // Also seen for a few minutes after a listener was repointed (IAM is
        // eventually consistent): running again later usually succeeds.
        return {
          decision: RetireDecision.Kept,
          reason: `IAM refused with DeleteConflict, so it is in use${message === undefined || message === '' ? '' : ` (${message})`}`,
          conflict: true,
          ...(message === undefined ? {} : { conflictMessage: message }),
        };
      case DeleteOutcome.Gone:
        return kept('no longer in IAM (NoSuchEntity at delete)');
    }
  } catch (error) {
    return { decision: RetireDecision.Failed, reason: `delete not done: ${describeError(error)}`, conflict: false };
  }
}
