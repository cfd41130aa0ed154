import { serverCertificateId } from './ids';

/** A server certificate as the stand-in's IAM holds it. */
export interface StoredCertificate {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly uploadDate: Date;
  readonly expiration: Date;
  /** PEM body; seeded certificates may have a placeholder instead. */
  readonly body: string;
  readonly chain: string | undefined;
  /** Tags given at upload (IAM API reference, UploadServerCertificate `Tags`). */
  readonly tags: readonly CertificateTag[];
}

/** An IAM tag. */
export interface CertificateTag {
  readonly key: string;
  readonly value: string;
}

/** What a test supplies to seed a certificate without a real PEM. */
export interface CertificateSeed {
  readonly name: string;
  readonly expiration: Date;
  readonly path?: string;
  readonly uploadDate?: Date;
  readonly body?: string;
  readonly tags?: readonly CertificateTag[];
}

/** Thrown for an upload whose name exists already (IAM `EntityAlreadyExists`). */
export class DuplicateCertificateError extends Error {}

/**
 * The account's IAM server certificates, kept in upload order. Names are
 * unique account-wide whatever the path (IAM API reference,
 * UploadServerCertificate: "ServerCertificateName … unique within the account").
 */
export class CertificateStore {
  private readonly byName = new Map<string, StoredCertificate>();

  public constructor(private readonly accountId: string) {}

  /** Adds a certificate and gives it an id and ARN as IAM does. */
  public add(seed: CertificateSeed & { readonly chain?: string }): StoredCertificate {
    if (this.byName.has(seed.name)) {
      throw new DuplicateCertificateError(`The Server Certificate with name ${seed.name} already exists.`);
    }
    const path = seed.path ?? '/';
    const certificate: StoredCertificate = {
      name: seed.name,
      id: serverCertificateId(),
      arn: `arn:aws:iam::${this.accountId}:server-certificate${path}${seed.name}`,
      path,
      uploadDate: seed.uploadDate ?? new Date(),
      expiration: seed.expiration,
      body: seed.body ?? '-----BEGIN CERTIFICATE-----\n(seeded by the stand-in)\n-----END CERTIFICATE-----',
      chain: seed.chain,
      tags: seed.tags ?? [],
    };
    this.byName.set(seed.name, certificate);
    return certificate;
  }

  /** The certificate called `name`, if any. */
  public get(name: string): StoredCertificate | undefined {
    return this.byName.get(name);
  }

  /** Replaces the tags of `name` (TagServerCertificate, UntagServerCertificate); false when there is none. */
  public setTags(name: string, tags: readonly CertificateTag[]): boolean {
    const certificate = this.byName.get(name);
    if (certificate === undefined) return false;
    this.byName.set(name, { ...certificate, tags });
    return true;
  }

  /** Removes `name`; false when there was none. */
  public delete(name: string): boolean {
    return this.byName.delete(name);
  }

  /** Every certificate whose path starts with `pathPrefix`, in upload order. */
  public list(pathPrefix = '/'): StoredCertificate[] {
    return [...this.byName.values()].filter((certificate) => certificate.path.startsWith(pathPrefix));
  }

  /** Forgets every certificate. */
  public clear(): void {
    this.byName.clear();
  }
}
