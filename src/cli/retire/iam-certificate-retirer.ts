import { DeleteConflictException, DeleteServerCertificateCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';

/** What IAM did with a delete request. */
export const DeleteOutcome = {
  Deleted: 'deleted',
  /** IAM refused with `DeleteConflict`: something (typically a load balancer) still uses it. */
  Conflict: 'conflict',
  /** IAM answered `NoSuchEntity`: someone else deleted it first. */
  Gone: 'gone',
} as const;

export type DeleteOutcome = (typeof DeleteOutcome)[keyof typeof DeleteOutcome];

/** The outcome, with IAM's message for a refusal (a `DeleteConflict` names the load balancer ARN). */
export interface DeleteResult {
  readonly outcome: DeleteOutcome;
  readonly message?: string;
}

/** Deletes server certificates; the one write the CLI makes. */
export interface CertificateRetirer {
  delete(name: string): Promise<DeleteResult>;
}

/**
 * `iam:DeleteServerCertificate`, with IAM's two expected refusals turned into
 * outcomes; any other error is thrown. Kept apart from the read-only
 * `IamCertificateStore` so the rule's Lambda never holds code that deletes.
 */
export class IamCertificateRetirer implements CertificateRetirer {
  public constructor(private readonly client: IAMClient) {}

  public async delete(name: string): Promise<DeleteResult> {
    try {
      await this.client.send(new DeleteServerCertificateCommand({ ServerCertificateName: name }));
      return { outcome: DeleteOutcome.Deleted };
    } catch (error) {
      // IAM: "Certificate: ASCA… is currently in use by arn:aws:elasticloadbalancing:…. Please remove it first…"
      if (error instanceof DeleteConflictException || nameOf(error) === 'DeleteConflict') {
        return { outcome: DeleteOutcome.Conflict, message: messageOf(error) };
      }
      if (error instanceof NoSuchEntityException || nameOf(error) === 'NoSuchEntity') {
        return { outcome: DeleteOutcome.Gone, message: messageOf(error) };
      }
      throw error;
    }
  }
}

/** Error codes as the SDK names them, for errors deserialized without their class. */
function nameOf(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
