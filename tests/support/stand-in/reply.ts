/** An HTTP answer the stand-in sends. */
export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Extra response headers, e.g. CloudFront's `ETag`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An AWS error the stand-in answers with. The protocol module renders it:
 * IAM as an XML `ErrorResponse`, Config as a JSON `__type` body.
 */
export class ServiceError extends Error {
  public constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
  }
}
