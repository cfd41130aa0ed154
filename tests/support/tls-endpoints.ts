import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { createSecureContext, createServer, type SecureContext } from 'node:tls';
import { covers } from '../../src/core/certificate-names';
import type { Endpoint } from '../../src/cli/rotate/rotation-services';

/** A PEM certificate and its key. */
export interface ServedCertificate {
  readonly cert: string;
  readonly key: string;
}

/** What one local endpoint serves. */
export interface EndpointSpec {
  /**
   * The names (exact or `*.` wildcard) the endpoint answers to, as a load
   * balancer's certificates or a distribution's aliases do: a handshake whose
   * SNI is one of them gets {@link serving}'s certificate, any other (or none)
   * gets the default certificate, as a load balancer gives its default and
   * CloudFront its `*.cloudfront.net` certificate.
   */
  readonly names: readonly string[];
  /** The PEM to serve for `serverName` right now (the stand-in's current certificate); undefined: the default. */
  readonly serving: (serverName: string) => string | undefined;
}

/**
 * Local TLS servers on 127.0.0.1 standing in for load balancer and
 * CloudFront endpoints: each `host:port` gets its own server, which at every
 * handshake picks the certificate by the SNI name the client sent, so a
 * repoint in the stand-in changes what the endpoint serves, and a wrong SNI
 * gets the wrong certificate, as on AWS. {@link connectTarget} is the
 * test-only map the verifier is given. {@link addSilent} adds an endpoint
 * that accepts TCP and never answers the handshake.
 */
export class TlsEndpoints {
  private readonly servers = new Map<string, { server: { close(done: () => void): void }; port: number; sockets: Set<Socket> }>();
  /** The SNI names handshakes asked for, in order, per `host:port`. */
  public readonly serverNames = new Map<string, string[]>();

  /**
   * @param key the private key of every certificate served (tests share one key pair)
   * @param fallback the certificate served to a name the endpoint was not configured with
   */
  public constructor(
    private readonly key: string,
    private readonly fallback: string,
  ) {}

  /** Starts a TLS server for `host:port` that serves by SNI as {@link EndpointSpec} says. */
  public async add(host: string, port: number, spec: EndpointSpec): Promise<void> {
    const fallback = createSecureContext({ cert: this.fallback, key: this.key });
    const server = createServer({
      cert: this.fallback,
      key: this.key,
      SNICallback: (serverName, done: (error: Error | null, context?: SecureContext) => void) => {
        this.serverNames.set(`${host}:${port}`, [...(this.serverNames.get(`${host}:${port}`) ?? []), serverName]);
        const cert = covers(spec.names, serverName) ? spec.serving(serverName) : undefined;
        done(null, cert === undefined ? fallback : createSecureContext({ cert, key: this.key }));
      },
    });
    server.on('tlsClientError', () => undefined);
    await this.listen(host, port, server);
  }

  /** Starts a server for `host:port` that accepts TCP connections and never answers (a handshake that hangs). */
  public async addSilent(host: string, port: number): Promise<void> {
    const server = createTcpServer(() => undefined);
    await this.listen(host, port, server);
  }

  /** The verifier's test-only map: a known endpoint to its local server; anything else to a closed port. */
  public readonly connectTarget = (endpoint: Endpoint): { host: string; port: number } => {
    const local = this.servers.get(`${endpoint.host}:${endpoint.port}`);
    return { host: '127.0.0.1', port: local?.port ?? 9 };
  };

  /** Stops one endpoint (it becomes unreachable). */
  public async remove(host: string, port: number): Promise<void> {
    const entry = this.servers.get(`${host}:${port}`);
    this.servers.delete(`${host}:${port}`);
    if (entry === undefined) return;
    for (const socket of entry.sockets) socket.destroy();
    await new Promise<void>((resolve) => entry.server.close(() => resolve()));
  }

  public async closeAll(): Promise<void> {
    await Promise.all(
      [...this.servers.keys()].map((key) => {
        const [host, port] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
        return this.remove(host, port);
      }),
    );
  }

  private async listen(host: string, port: number, server: TcpServer): Promise<void> {
    const sockets = new Set<Socket>();
    // Tracked so that close() does not wait on a connection the silent server holds open.
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.servers.set(`${host}:${port}`, { server, port: (server.address() as AddressInfo).port, sockets });
  }
}
