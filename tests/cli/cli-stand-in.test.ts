import { awsServices, type CliEnvironment } from '../../src/cli/cli-dependencies';
import { runCli } from '../../src/cli/run-cli';
import { StandIn } from '../support/stand-in/stand-in';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;

/**
 * The CLI with its real AWS wiring (SDK clients, credential chain, endpoints
 * from the environment) against the local IAM stand-in. The stand-in does not
 * speak ELB or CloudFront, so every usage look-up fails there: exactly the
 * "usage unknown" case, which must keep every certificate.
 */
describe('CLI against the IAM stand-in', () => {
  let standIn: StandIn;
  const saved = { ...process.env };

  beforeAll(async () => {
    standIn = await StandIn.start();
    Object.assign(process.env, standIn.environment(), {
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING: standIn.url,
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: standIn.url,
      AWS_ENDPOINT_URL_CLOUDFRONT: standIn.url,
      AWS_MAX_ATTEMPTS: '1',
    });
  });

  afterAll(async () => {
    await standIn.stop();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  beforeEach(() => {
    standIn.reset();
    standIn.seedCertificates([
      { name: 'old-api', expiration: new Date(NOW.getTime() - 10 * DAY) },
      { name: 'www', expiration: new Date(NOW.getTime() + 100 * DAY) },
    ]);
  });

  function environment(out: string[], err: string[]): CliEnvironment {
    return {
      services: awsServices,
      io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) },
      now: NOW,
      clock: () => NOW,
      appendLine: async () => undefined,
    };
  }

  it('reports the certificates IAM lists and exits 2 for the expired one', async () => {
    const out: string[] = [];
    await expect(runCli(['report', '--no-usage', '--json'], environment(out, []))).resolves.toBe(2);
    const report = JSON.parse(out.join('')) as { certificates: { name: string; status: string }[] };
    expect(report.certificates.map((c) => [c.name, c.status])).toEqual([
      ['old-api', 'expired'],
      ['www', 'valid'],
    ]);
  });

  it('keeps an expired certificate whose usage could not be checked, even with --yes', async () => {
    const out: string[] = [];
    const err: string[] = [];
    await expect(runCli(['retire', '--yes', '--region', 'us-east-1'], environment(out, err))).resolves.toBe(0);
    expect(out.join('')).toMatch(/kept old-api: expired \S+ but usage unknown: /);
    expect(standIn.certificate('old-api')).toBeDefined();
    expect(standIn.callCounts()['DeleteServerCertificate'] ?? 0).toBe(0);
  });
});
