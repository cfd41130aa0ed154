import { PROBE_LABEL, serverNameFor } from '../../../src/cli/rotate/server-name';

describe('serverNameFor', () => {
  it('sends a load balancer the new certificate\'s first plain name', () => {
    expect(serverNameFor(['*.example.com', 'www.example.com'], { host: 'lb-1.elb.amazonaws.com', port: 443 })).toBe('www.example.com');
  });

  it('sends a distribution its first plain alias the certificate covers', () => {
    expect(serverNameFor(['*.example.com'], { host: 'www.example.com', port: 443, names: ['*.example.com', 'www.example.com'] })).toBe('www.example.com');
  });

  it('with wildcard aliases only, sends a name of the certificate the alias matches', () => {
    expect(serverNameFor(['api.example.com', 'other.test'], { host: 'd1.cloudfront.net', port: 443, names: ['*.example.com'] })).toBe('api.example.com');
  });

  it('with wildcards on both sides, makes up a name under the alias, never the wildcard itself', () => {
    expect(serverNameFor(['*.example.com'], { host: 'd1.cloudfront.net', port: 443, names: ['*.example.com'] })).toBe(`${PROBE_LABEL}.example.com`);
  });

  it('gives nothing when no name fits', () => {
    expect(serverNameFor(['*.other.test'], { host: 'd1.cloudfront.net', port: 443, names: ['*.example.com'] })).toBeUndefined();
  });
});
