import { inspect } from 'node:util';

const REDACTED = '[private key]';

/**
 * A private key's PEM, held so that it cannot leak by accident: printing,
 * string interpolation, JSON and `util.inspect` all give `[private key]`.
 * Only {@link reveal} returns the PEM, and only the IAM upload and the
 * key-match check call it.
 */
export class PrivateKey {
  readonly #pem: string;

  public constructor(pem: string) {
    this.#pem = pem;
  }

  /** The PEM text, for `UploadServerCertificate` and the key-match check only. */
  public reveal(): string {
    return this.#pem;
  }

  public toString(): string {
    return REDACTED;
  }

  public toJSON(): string {
    return REDACTED;
  }

  public [inspect.custom](): string {
    return REDACTED;
  }
}
