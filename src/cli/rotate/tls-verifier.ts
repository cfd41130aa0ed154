import { connect, type PeerCertificate } from 'node:tls';
import { VerifyOutcome, type Endpoint, type EndpointVerifier, type Verification } from './rotation-services';

/** How long one TLS check may take, connect and handshake included. */
export const DEFAULT_VERIFY_TIMEOUT_MS = 10_000;

/** Where to connect instead of an endpoint's own host and port. */
export type ConnectTarget = (endpoint: Endpoint) => { readonly host: string; readonly port: number };

export interface TlsVerifierOptions {
  readonly timeoutMs?: number;
  /**
   * Tests only: where to really connect for an endpoint (e.g. a load
   * balancer's DNS name to a local TLS server). The SNI name and the
   * comparison are the same either way; production passes nothing.
   */
  readonly connectTarget?: ConnectTarget;
}

/**
 * Connects with `node:tls`, sends `serverName` as SNI, and compares the leaf
 * certificate's SHA-256 fingerprint with the new certificate's. Chain trust
 * is not what is asked here (the question is "which certificate does it
 * serve", and the fingerprint answers it exactly), so the handshake does not
 * reject an untrusted chain; nothing is sent after the handshake.
 */
export class TlsEndpointVerifier implements EndpointVerifier {
  private readonly timeoutMs: number;
  private readonly connectTarget: ConnectTarget;

  public constructor(options: TlsVerifierOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
    this.connectTarget = options.connectTarget ?? ((endpoint) => endpoint);
  }

  public verify(endpoint: Endpoint, serverName: string, fingerprint256: string): Promise<Verification> {
    const target = this.connectTarget(endpoint);
    const where = `${endpoint.host}:${endpoint.port} (SNI ${serverName})`;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (verification: Verification): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(verification);
      };
      const socket = connect({ host: target.host, port: target.port, servername: serverName, rejectUnauthorized: false });
      const timer = setTimeout(
        () => finish({ outcome: VerifyOutcome.Unreachable, detail: `${where}: no TLS answer within ${this.timeoutMs} ms` }),
        this.timeoutMs,
      );
      socket.once('secureConnect', () => {
        const peer: PeerCertificate = socket.getPeerCertificate();
        const served = peer.fingerprint256 ?? '';
        if (served.toUpperCase() === fingerprint256.toUpperCase()) {
          finish({ outcome: VerifyOutcome.Verified, detail: `${where} serves the new certificate` });
        } else {
          const subject = peer.subject?.CN === undefined ? '' : ` (CN=${String(peer.subject.CN)}, until ${peer.valid_to})`;
          finish({ outcome: VerifyOutcome.OtherCertificate, detail: `${where} serves another certificate${subject}` });
        }
      });
      socket.once('error', (error) => finish({ outcome: VerifyOutcome.Unreachable, detail: `${where}: ${error.message}` }));
    });
  }
}
