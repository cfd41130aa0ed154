/** One request the stand-in received. */
export interface RecordedCall {
  readonly service: 'iam' | 'config' | 'sts' | 'elb' | 'elbv2' | 'cloudfront' | 'securityhub' | 'acm' | 'organizations' | 'account' | 'logs' | 'events' | 'scheduler' | 'lambda';
  /** The region an ELB or ELBv2 call acted in (its SigV4 credential scope's); faults can be limited to it. */
  readonly region?: string;
  /**
   * The region in the SigV4 credential scope of any signed call, global
   * services' too (IAM, STS, Organizations, Account, CloudFront): through an
   * endpoint override the SDK signs for the client's region, so this shows
   * which region a client was built for (`--region` in the CLI's tests).
   */
  readonly signedRegion?: string;
  /** The API operation; the usage-scan services' carry a prefix (`elb:`, `elbv2:`, `cloudfront:`, `account:`, `logs:`): ELB and ELBv2 share names. */
  readonly operation: string;
  /** The access key id from the SigV4 `Authorization` header, `undefined` if unsigned. */
  readonly accessKeyId: string | undefined;
  /** The account the call acted on: an assumed session's, else the stand-in's central account. */
  readonly accountId: string;
  /** The fault injected into this call, if any. */
  readonly fault: string | undefined;
}

// SigV4: `AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/iam/aws4_request, SignedHeaders=…, Signature=…`
// (AWS General Reference, "Signature Version 4 signing process", Authorization header).
const CREDENTIAL = /Credential=([^/,\s]+)\//;

/** The access key id a SigV4 `Authorization` header was signed with. */
export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return CREDENTIAL.exec(authorization)?.[1];
}

/**
 * Every call the stand-in answered, in order, faulted ones included: tests
 * and the benchmark assert exact call counts per operation.
 */
export class CallLog {
  private calls: RecordedCall[] = [];

  /** Records one call. */
  public record(call: RecordedCall): void {
    this.calls.push(call);
  }

  /** How many calls `operation` has received so far (1 for the first call). */
  public countOf(operation: string): number {
    let count = 0;
    for (const call of this.calls) if (call.operation === operation) count += 1;
    return count;
  }

  /** Calls per operation, e.g. `{ ListServerCertificates: 3, PutEvaluations: 25 }`. */
  public counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
    return counts;
  }

  /** A copy of every call recorded. */
  public all(): RecordedCall[] {
    return [...this.calls];
  }

  /** Forgets every call. */
  public clear(): void {
    this.calls = [];
  }
}
