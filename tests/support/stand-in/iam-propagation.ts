/**
 * IAM's eventual consistency as the services that read IAM certificates see
 * it. "IAM ... is eventually consistent ... changes ... take time to become
 * visible from all possible endpoints" (IAM User Guide, "Troubleshoot IAM":
 * changes that I make are not always immediately visible,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 * Two symptoms are modelled, both off by default:
 * - a certificate just uploaded is not found yet by Classic ELB
 *   ("if you recently uploaded the certificate to IAM, this error might
 *   indicate that the certificate is not fully available yet", ELB API
 *   reference, SetLoadBalancerListenerSSLCertificate, CertificateNotFound),
 *   by ELBv2 (CertificateNotFound) and by CloudFront (InvalidViewerCertificate,
 *   "The specified SSL certificate doesn't exist…", CloudFront knowledge
 *   center, "InvalidViewerCertificate");
 * - a certificate just taken off a load balancer is still "in use" for
 *   IAM's DeleteServerCertificate (DeleteConflict).
 * Counts are per certificate: its first N uses (or delete attempts) fail.
 */
export class IamPropagation {
  /** Uses of a new certificate by ELB/ELBv2/CloudFront that answer "not found", from upload on. */
  public notFoundCalls = 0;
  /** DeleteServerCertificate attempts that answer DeleteConflict after the certificate left its last listener. */
  public deleteConflictCalls = 0;
  /**
   * Whether a DeleteConflict message names the resource that uses the
   * certificate. The API reference documents the error, not its wording
   * (DeleteServerCertificate, Errors: "DeleteConflict ... The request was
   * rejected because it attempted to delete a resource that has attached
   * subordinate entities"), so both are modelled: the ARN (as IAM is seen to
   * answer) or no resource at all.
   */
  public conflictNamesUser = true;
  private readonly unseen = new Map<string, number>();
  private readonly lingering = new Map<string, { remaining: number; user: string }>();

  /** A certificate was uploaded: its ARN and id are unseen for the next {@link notFoundCalls} uses. */
  public uploaded(arn: string, id: string): void {
    if (this.notFoundCalls <= 0) return;
    this.unseen.set(arn, this.notFoundCalls);
    this.unseen.set(id, this.notFoundCalls);
  }

  /** Whether this use of `arnOrId` finds it still invisible; counts the use. */
  public stillUnseen(arnOrId: string): boolean {
    const remaining = this.unseen.get(arnOrId) ?? 0;
    if (remaining <= 0) return false;
    this.unseen.set(arnOrId, remaining - 1);
    return true;
  }

  /** A load balancer (ARN `user`) stopped serving `certificateArn`. */
  public detached(certificateArn: string, user: string): void {
    if (this.deleteConflictCalls > 0) this.lingering.set(certificateArn, { remaining: this.deleteConflictCalls, user });
  }

  /** The load balancer IAM still sees on `certificateArn` for this delete attempt, if any; counts the attempt. */
  public stillInUse(certificateArn: string): string | undefined {
    const entry = this.lingering.get(certificateArn);
    if (entry === undefined || entry.remaining <= 0) return undefined;
    entry.remaining -= 1;
    return entry.user;
  }

  /** Back to no lag. */
  public clear(): void {
    this.notFoundCalls = 0;
    this.deleteConflictCalls = 0;
    this.conflictNamesUser = true;
    this.unseen.clear();
    this.lingering.clear();
  }
}
