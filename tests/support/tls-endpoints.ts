import { createSecureContext, createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Endpoint } from '../../src/cli/rotate/rotation-services';

/**
 * Local TLS servers on 127.0.0.1 standing in for load balancer and
 * CloudFront endpoints: each `host:port` gets its own server, which at every
 * handshake serves the PEM that `serving()` names at that moment (the
 * stand-in's current listener or distribution certificate), so a repoint in
 * the stand-in changes what the endpoint serves, as on AWS.
 * {@link connectTarget} is the test-only map the verifier is given.
 */
export class TlsEndpoints {
  private readonly servers = new Map<string, { server: Server; port: number }>();

  public constructor(private readonly privateKeyPem: string) {}

  /** Starts a server for `host:port` that serves `serving()` (no answer at all when it returns undefined). */
  public async add(host: string, port: number, serving: () => string | undefined): Promise<void> {
    const server = createServer({
      SNICallback: (_servername, done) => {
        const cert = serving();
        if (cert === undefined) done(new Error('nothing to serve'));
        else done(null, createSecureContext({ cert, key: this.privateKeyPem }));
      },
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.servers.set(`${host}:${port}`, { server, port: (server.address() as AddressInfo).port });
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
    if (entry !== undefined) await new Promise((resolve) => entry.server.close(resolve));
  }

  public async closeAll(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((key) => {
      const [host, port] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
      return this.remove(host, port);
    }));
  }
}
