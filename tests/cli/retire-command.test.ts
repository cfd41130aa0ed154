import { DeleteOutcome } from '../../src/cli/iam-certificate-retirer';
import { runCli } from '../../src/cli/run-cli';
import type { UsageInventory } from '../../src/usage/certificate-usage';
import { cert, EMPTY_INVENTORY, fakeEnvironment, inUse } from './fake-environment';

const deadFree = cert('dead-free', -40);
const deadUsed = cert('dead-used', -5);
const alive = cert('alive', 90);
const unknownUsage: UsageInventory = {
  references: [],
  failures: [{ service: 'cloudfront', region: 'global', action: 'cloudfront:ListDistributions', reason: 'AccessDenied: no' }],
};

describe('retire command', () => {
  it('deletes nothing in a dry run and prints what it would delete and why', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree, deadUsed, alive], scans: [inUse(deadUsed)] });
    await expect(runCli(['retire'], fake.environment)).resolves.toBe(0);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.stdout()).toContain('would-delete dead-free: expired 2026-10-14T12:00:00Z (40 days ago) and not referenced');
    expect(fake.stdout()).toContain('kept dead-used: expired 2026-11-18T12:00:00Z but in use by elb my-app-elb:443');
    expect(fake.stdout()).toContain('kept alive: not expired: valid until 2027-02-21T12:00:00Z (90 days left)');
    expect(fake.stderr()).toContain('dry run');
  });

  it('refuses --yes without --regions, deleting nothing, because an unscanned region could hide a consumer', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], scans: [] });
    await expect(runCli(['retire', '--yes'], fake.environment)).resolves.toBe(1);
    expect(fake.deleted).toEqual([]);
    expect(fake.stderr()).toContain('--yes needs --regions listing every region');
  });

  it('with --yes deletes only the expired certificates nothing references', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree, deadUsed, alive], scans: [inUse(deadUsed)] });
    await expect(runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment)).resolves.toBe(0);
    expect(fake.deleted).toEqual(['dead-free']);
    expect(fake.stdout()).toContain('deleted dead-free: expired');
  });

  it('never deletes a referenced expired certificate, whatever the flags', async () => {
    const fake = fakeEnvironment({ certificates: [deadUsed], scans: [inUse(deadUsed)] });
    await runCli(['retire', '--yes', '--regions', 'us-east-1,eu-west-1'], fake.environment);
    expect(fake.deleteCalls).toEqual([]);
  });

  it('never deletes an expired certificate whose usage is unknown', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], scans: [unknownUsage] });
    await expect(runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment)).resolves.toBe(0);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.stdout()).toContain('kept dead-free: expired 2026-10-14T12:00:00Z but usage unknown: AccessDenied in global for cloudfront:ListDistributions');
  });

  it('re-reads the certificate and re-scans usage right before each delete', async () => {
    const other = cert('dead-other', -3);
    const fake = fakeEnvironment({ certificates: [deadFree, other], scans: [EMPTY_INVENTORY] });
    await runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment);
    expect(fake.events).toEqual(['scan', 'get dead-free', 'scan', 'delete dead-free', 'get dead-other', 'scan', 'delete dead-other']);
  });

  it('keeps a certificate a listener was pointed at since the first scan', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], scans: [EMPTY_INVENTORY, inUse(deadFree, 'late-elb')] });
    await expect(runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment)).resolves.toBe(0);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.stdout()).toContain('kept dead-free: re-check before delete: expired 2026-10-14T12:00:00Z but in use by elb late-elb:443');
  });

  it('keeps a certificate whose usage became unknown at the re-check', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], scans: [EMPTY_INVENTORY, unknownUsage] });
    await runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment);
    expect(fake.deleteCalls).toEqual([]);
  });

  it('keeps a certificate replaced under the same name since the scan', async () => {
    const replacement = { ...cert('dead-free', 300), id: 'ASCANEW' };
    const fake = fakeEnvironment({ certificates: [deadFree], current: { 'dead-free': replacement } });
    await runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.stdout()).toContain('replaced since the scan');
  });

  it('keeps going when a certificate is already gone at the re-check', async () => {
    const other = cert('dead-other', -3);
    const fake = fakeEnvironment({ certificates: [deadFree, other], current: { 'dead-free': undefined } });
    await expect(runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment)).resolves.toBe(0);
    expect(fake.deleted).toEqual(['dead-other']);
    expect(fake.stdout()).toContain('kept dead-free: no longer in IAM');
  });

  it('treats IAM DeleteConflict as in use and goes on with the next certificate', async () => {
    const other = cert('dead-other', -3);
    const fake = fakeEnvironment({
      certificates: [deadFree, other],
      deleteOutcome: (name) => (name === 'dead-free' ? DeleteOutcome.Conflict : DeleteOutcome.Deleted),
    });
    await expect(runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment)).resolves.toBe(0);
    expect(fake.deleted).toEqual(['dead-other']);
    expect(fake.stdout()).toContain(
      'kept dead-free: IAM refused with DeleteConflict, so it is in use (Certificate: ASCA is currently in use by arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/dead-free-elb.)',
    );
  });

  it('reports an unexpected delete failure, goes on, and exits 1', async () => {
    const other = cert('dead-other', -3);
    const fake = fakeEnvironment({
      certificates: [deadFree, other],
      deleteOutcome: (name) => (name === 'dead-free' ? Object.assign(new Error('boom'), { name: 'ServiceFailure' }) : DeleteOutcome.Deleted),
    });
    await expect(runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment)).resolves.toBe(1);
    expect(fake.deleted).toEqual(['dead-other']);
    expect(fake.stdout()).toContain('failed dead-free: delete not done: ServiceFailure: boom');
  });

  it('skips the usage scan when nothing has expired', async () => {
    const fake = fakeEnvironment({ certificates: [alive] });
    await runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment);
    expect(fake.scanRequests).toEqual([]);
    expect(fake.deleteCalls).toEqual([]);
  });

  it('writes every decision as a JSON line to --audit-log', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree, deadUsed, alive], scans: [inUse(deadUsed)] });
    await runCli(['retire', '--yes', '--regions', 'us-east-1', '--audit-log', 'audit.jsonl'], fake.environment);
    expect(fake.appended.every((a) => a.file === 'audit.jsonl')).toBe(true);
    expect(fake.auditLines()).toEqual([
      {
        timestamp: '2026-11-23T12:00:01.000Z',
        certificate: { name: 'dead-free', id: 'ASCADEADFREE', arn: deadFree.arn, expiration: '2026-10-14T12:00:00Z' },
        decision: 'deleted',
        reason: 'expired 2026-10-14T12:00:00Z (40 days ago) and not referenced',
        dryRun: false,
      },
      expect.objectContaining({ certificate: expect.objectContaining({ name: 'dead-used' }), decision: 'kept', dryRun: false }),
      expect.objectContaining({ certificate: expect.objectContaining({ name: 'alive' }), decision: 'kept', dryRun: false }),
    ]);
  });

  it('marks audit lines of a dry run as such', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree] });
    await runCli(['retire', '--audit-log', 'audit.jsonl'], fake.environment);
    expect(fake.auditLines()).toEqual([expect.objectContaining({ decision: 'would-delete', dryRun: true })]);
  });

  it('stops before deciding anything when the audit log cannot be written', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], appendError: Object.assign(new Error('EACCES: permission denied'), { name: 'Error' }) });
    await expect(runCli(['retire', '--yes', '--regions', 'us-east-1', '--audit-log', '/root/audit.jsonl'], fake.environment)).resolves.toBe(1);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.regionsAsked).toEqual([]);
    expect(fake.stderr()).toContain('EACCES');
  });
});
