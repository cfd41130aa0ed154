/**
 * What the rule knows of an IAM server certificate: its metadata, never its
 * body or key. Adapters translate IAM's response into this shape.
 */
export interface ServerCertificate {
  /** Unique within the account, whatever the path (IAM UploadServerCertificate). */
  readonly name: string;
  /** IAM's stable id, `ASCA…`. */
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  /** The certificate's notAfter, as IAM stores it. */
  readonly expiration: Date;
}
