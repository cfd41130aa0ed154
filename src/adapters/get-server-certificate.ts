import { GetServerCertificateCommand, NoSuchEntityException, type IAMClient, type ServerCertificateMetadata } from '@aws-sdk/client-iam';
import { TimeBudget } from '../core/time-budget';

/** What `GetServerCertificate` answers of one certificate (never a private key: IAM does not return one). */
export interface StoredServerCertificate {
  /** `undefined` only if IAM left it out, which its API reference says it does not. */
  readonly metadata: ServerCertificateMetadata | undefined;
  /** The PEM body; `undefined` only if IAM left it out. */
  readonly body: string | undefined;
}

// A module of its own, importing only this one command, so each command's IAM
// permission list (derived from the SDK commands its modules import) gains
// nothing else by reading a certificate.

/**
 * `GetServerCertificate` of one certificate by name: the only place it is
 * sent. `undefined` when IAM answers `NoSuchEntity` (deleted, or never
 * there). Checks the budget before the call and gives a call it cut off as
 * a spent budget; other errors are thrown as they are.
 */
export async function getServerCertificate(
  client: IAMClient,
  name: string,
  budget: TimeBudget = TimeBudget.unlimited(),
): Promise<StoredServerCertificate | undefined> {
  budget.ensure('GetServerCertificate');
  try {
    const answer = await client.send(new GetServerCertificateCommand({ ServerCertificateName: name }), { abortSignal: budget.signal() });
    return { metadata: answer.ServerCertificate?.ServerCertificateMetadata, body: answer.ServerCertificate?.CertificateBody };
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    budget.throwIfSpentDuring('GetServerCertificate', error);
    throw error;
  }
}
