import type { ServerCertificate } from '../../core/server-certificate';
import type { Usage } from '../../usage/certificate-usage';
import type { AwsTarget } from '../aws-target';
import type { PrivateKey } from './private-key';
import type { OnRetry } from './propagation-retry';

/** An IAM certificate with its upload time, as `UploadServerCertificate` answers. */
export interface UploadedCertificate extends ServerCertificate {
  /** `UploadDate`; `undefined` when IAM did not say. */
  readonly uploadedAt?: Date;
}

/** An IAM certificate with its PEM body (never a key: IAM does not return it). */
export interface CertificateWithBody extends UploadedCertificate {
  readonly body: string;
}

/** An IAM tag. */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** What `UploadServerCertificate` is sent. */
export interface UploadRequest {
  readonly name: string;
  readonly path: string;
  readonly body: string;
  readonly chain: string | undefined;
  readonly key: PrivateKey;
  readonly tags: readonly Tag[];
}

/** The IAM calls of a rotation. */
export interface RotationIam {
  /** GetServerCertificate; `undefined` when there is no such certificate. */
  read(name: string): Promise<CertificateWithBody | undefined>;
  /** ListServerCertificateTags, every page. */
  tags(name: string): Promise<Tag[]>;
  /** UploadServerCertificate; the only call that is sent the private key. */
  upload(request: UploadRequest): Promise<UploadedCertificate>;
}

/** How a certificate is named by consumers: load balancers by ARN, CloudFront by id. */
export interface CertificateRef {
  readonly arn: string;
  readonly id: string;
  /** When it was uploaded: a "not found" within the propagation window after it is retried. */
  readonly uploadedAt?: Date;
}

/** What a repoint found and did. */
export const RepointOutcome = {
  Repointed: 'repointed',
  /** It served the new certificate already (a rerun after a partial failure). */
  Already: 'already',
  /** It serves neither the old nor the new certificate now: someone else changed it; left alone. */
  ChangedElsewhere: 'changed-elsewhere',
} as const;

export type RepointOutcome = (typeof RepointOutcome)[keyof typeof RepointOutcome];

/** Where a consumer answers TLS. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  /** Names the consumer answers to (CloudFront aliases, wildcards included), preferred as SNI. */
  readonly names?: readonly string[];
}

export interface RepointResult {
  readonly outcome: RepointOutcome;
  readonly endpoint: Endpoint;
  /** The API calls made, e.g. `ModifyListener`. */
  readonly calls: readonly string[];
}

/**
 * Moves one consumer (as the usage scan found it) from one certificate to
 * another. A call that finds the new certificate not visible yet (IAM is
 * eventually consistent) is retried for a while; `onRetry` hears of each
 * retry before its wait.
 */
export interface ConsumerRepointer {
  repoint(usage: Usage, from: CertificateRef, to: CertificateRef, onRetry: OnRetry): Promise<RepointResult>;
}

/** What a TLS check of one endpoint found. */
export const VerifyOutcome = {
  /** It served the new certificate. */
  Verified: 'verified',
  /** It answered with another certificate (often: a change not yet deployed). */
  OtherCertificate: 'other-certificate',
  /** No TLS answer in time (DNS, network, timeout): not known, never counted as done. */
  Unreachable: 'unreachable',
} as const;

export type VerifyOutcome = (typeof VerifyOutcome)[keyof typeof VerifyOutcome];

export interface Verification {
  readonly outcome: VerifyOutcome;
  readonly detail: string;
}

/** Connects to an endpoint over TLS and compares the certificate it serves. */
export interface EndpointVerifier {
  verify(endpoint: Endpoint, serverName: string, fingerprint256: string): Promise<Verification>;
}

/** What `rotate` talks to, beyond the shared CLI services. */
export interface RotationServices {
  readonly iam: RotationIam;
  readonly repointer: ConsumerRepointer;
  readonly verifier: EndpointVerifier;
}

/** Builds the rotation services for the global `--region` and profile. */
export type RotationFactory = (target: AwsTarget) => RotationServices;
