import { DeleteOutcome } from '../../../src/cli/retire/iam-certificate-retirer';
import { runCli } from '../../../src/cli/run-cli';
import { cert, COMPLETE_USAGE_SCOPE, EMPTY_INVENTORY, fakeEnvironment, inUse, type FakeScan } from '../fake-environment';

const deadFree = cert('dead-free', -40);
const deadUsed = cert('dead-used', -5);
const alive = cert('alive', 90);
const unknownUsage: FakeScan = {
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

  it('acts with --yes without --regions, over every region enabled for the account', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree] });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(0);
    expect(fake.scanRequests.map((request) => request.scope?.scanned)).toEqual([['eu-west-1', 'us-east-1']]);
    expect(fake.deleted).toEqual(['dead-free']);
  });

  it('with a narrower --regions deletes nothing, and says which enabled regions were left out', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree, deadUsed], scans: [inUse(deadUsed)] });
    await expect(runCli(['retire', '--yes', '--regions', 'us-east-1', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(0);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.stdout()).toContain(
      'kept dead-free: expired 2026-10-14T12:00:00Z and not referenced in the 1 regions scanned, but 1 enabled region was left out by --regions (eu-west-1): ' +
        'retire deletes only what was checked in every region enabled for the account; run it without --regions',
    );
    expect(fake.stdout()).toContain('kept dead-used: expired 2026-11-18T12:00:00Z but in use by elb my-app-elb:443');
    expect(fake.stderr()).toContain('not checked: eu-west-1 (not in --regions)');
  });

  it('deletes nothing when the account\'s regions cannot be listed', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], regions: { failure: 'AccessDeniedException: no' } });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(0);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.stdout()).toContain('kept dead-free: expired 2026-10-14T12:00:00Z but usage unknown: regions unknown (AccessDeniedException for account:ListRegions)');
  });

  it('refuses a --regions name that is not an enabled region, before it reads or records anything', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree] });
    await expect(runCli(['retire', '--yes', '--regions', 'eu-wst-1', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(252);
    expect(fake.stderr()).toContain('retire: --regions names eu-wst-1, not a region enabled for this account; the enabled regions are: eu-west-1, us-east-1');
    expect(fake.events).toEqual(['regions']);
    expect(fake.appended).toEqual([]);
  });

  it('gives every outcome as one JSON document with --json, kept ones with why', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree, deadUsed, alive], scans: [inUse(deadUsed)] });
    await expect(runCli(['retire', '--json', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(0);
    expect(JSON.parse(fake.stdout())).toEqual({
      generatedAt: '2026-11-23T12:00:00Z',
      command: 'retire',
      dryRun: false,
      account: '123456789012',
      usageScope: COMPLETE_USAGE_SCOPE,
      complete: true,
      certificates: [
        { name: 'dead-free', id: 'ASCADEADFREE', arn: deadFree.arn, expiration: '2026-10-14T12:00:00Z', decision: 'deleted', reason: 'expired 2026-10-14T12:00:00Z (40 days ago) and not referenced' },
        { name: 'dead-used', id: 'ASCADEADUSED', arn: deadUsed.arn, expiration: '2026-11-18T12:00:00Z', decision: 'kept', reason: 'expired 2026-11-18T12:00:00Z but in use by elb my-app-elb:443' },
        { name: 'alive', id: 'ASCAALIVE', arn: alive.arn, expiration: '2027-02-21T12:00:00Z', decision: 'kept', reason: 'not expired: valid until 2027-02-21T12:00:00Z (90 days left)' },
      ],
    });
  });

  it('still gives what it decided and did, as JSON, when the run stops part-way', async () => {
    const other = cert('dead-other', -3);
    const fake = fakeEnvironment({ certificates: [deadFree, other], appendErrorOn: { event: 'outcome', error: new Error('EIO') } });
    await expect(runCli(['retire', '--json', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(1);
    const document = JSON.parse(fake.stdout()) as { complete: boolean; certificates: { name: string; decision: string }[] };
    expect(document.complete).toBe(false);
    expect(document.certificates.map(({ name, decision }) => [name, decision])).toEqual([['dead-free', 'deleted']]);
  });

  it('escapes names and reasons in its text output', async () => {
    const hostile = cert('x\u001b[31m\r::error::y\nz', -2);
    const fake = fakeEnvironment({ certificates: [hostile] });
    await runCli(['retire'], fake.environment);
    expect(fake.stdout()).toBe('would-delete x\\x1b[31m\\r::error::y\\nz: expired 2026-11-21T12:00:00Z (2 days ago) and not referenced\n');
  });

  it('refuses --yes without --audit-log, deleting nothing and reading nothing: no intent record, no delete', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], scans: [] });
    await expect(runCli(['retire', '--yes', '--regions', 'us-east-1'], fake.environment)).resolves.toBe(252);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.events).toEqual([]);
    expect(fake.stderr()).toContain('retire: --yes needs --audit-log FILE');
  });

  it('with --yes deletes only the expired certificates nothing references', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree, deadUsed, alive], scans: [inUse(deadUsed)] });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(0);
    expect(fake.deleted).toEqual(['dead-free']);
    expect(fake.stdout()).toContain('deleted dead-free: expired');
  });

  it('never deletes a referenced expired certificate, whatever the flags', async () => {
    const fake = fakeEnvironment({ certificates: [deadUsed], scans: [inUse(deadUsed)] });
    await runCli(['retire', '--yes', '--regions', 'us-east-1,eu-west-1', '--audit-log', 'audit.jsonl'], fake.environment);
    expect(fake.deleteCalls).toEqual([]);
  });

  it('never deletes an expired certificate whose usage is unknown', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], scans: [unknownUsage] });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(0);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.stdout()).toContain('kept dead-free: expired 2026-10-14T12:00:00Z but usage unknown: AccessDenied in global for cloudfront:ListDistributions');
  });

  it('scans usage once, right before the deletions, however many certificates it deletes', async () => {
    const others = [cert('dead-a', -3), cert('dead-b', -4), cert('dead-c', -5)];
    const fake = fakeEnvironment({ certificates: [deadFree, ...others], scans: [EMPTY_INVENTORY] });
    await expect(runCli(['retire', '--yes', '--regions', 'us-east-1,eu-west-1', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(0);
    expect(fake.scanRequests).toHaveLength(1);
    expect(fake.scanRequests[0]?.scope?.scanned).toEqual(['eu-west-1', 'us-east-1']);
    expect(fake.deleted).toEqual(['dead-free', 'dead-a', 'dead-b', 'dead-c']);
    // The id is read again right before each delete, after the one scan.
    expect(fake.events).toEqual([
      'regions',
      'identity',
      'audit run-start',
      'scan',
      ...['dead-free', 'dead-a', 'dead-b', 'dead-c'].flatMap((name) => ['audit intent', `get ${name}`, `delete ${name}`, 'audit outcome']),
    ]);
  });

  it('never deletes a certificate re-uploaded under the same name, and says so in stdout and the audit log', async () => {
    const replacement = { ...cert('dead-free', 300), id: 'ASCANEW' };
    const other = cert('dead-other', -3);
    const fake = fakeEnvironment({ certificates: [deadFree, other], current: { 'dead-free': replacement } });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(0);
    expect(fake.deleteCalls).toEqual(['dead-other']);
    expect(fake.stdout()).toContain(
      'kept dead-free: replaced under the same name since the listing (id ASCADEADFREE is now ASCANEW); the certificate now under this name was not judged and is not deleted',
    );
    expect(fake.auditLines().find((line) => line['event'] === 'outcome' && (line['certificate'] as { name: string }).name === 'dead-free')).toMatchObject({
      decision: 'kept',
      certificate: { id: 'ASCADEADFREE' },
      reason: expect.stringContaining('id ASCADEADFREE is now ASCANEW'),
    });
  });

  it('keeps going when a certificate is already gone at the re-check', async () => {
    const other = cert('dead-other', -3);
    const fake = fakeEnvironment({ certificates: [deadFree, other], current: { 'dead-free': undefined } });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(0);
    expect(fake.deleted).toEqual(['dead-other']);
    expect(fake.stdout()).toContain('kept dead-free: no longer in IAM');
  });

  it('treats IAM DeleteConflict as in use and goes on with the next certificate', async () => {
    const other = cert('dead-other', -3);
    const fake = fakeEnvironment({
      certificates: [deadFree, other],
      deleteOutcome: (name) => (name === 'dead-free' ? DeleteOutcome.Conflict : DeleteOutcome.Deleted),
    });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(0);
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
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(1);
    expect(fake.deleted).toEqual(['dead-other']);
    expect(fake.stdout()).toContain('failed dead-free: delete not done: ServiceFailure: boom');
  });

  it('skips the usage scan when nothing has expired', async () => {
    const fake = fakeEnvironment({ certificates: [alive] });
    await runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment);
    expect(fake.scanRequests).toEqual([]);
    expect(fake.deleteCalls).toEqual([]);
  });

  it('writes who and where, every decision, and an intent before and an outcome after each delete to --audit-log', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree, deadUsed, alive], scans: [inUse(deadUsed)], profile: 'prod-admin' });
    await runCli(['retire', '--yes', '--regions', 'us-east-1,eu-west-1', '--audit-log', 'audit.jsonl'], fake.environment);
    expect(fake.appended.every((a) => a.file === 'audit.jsonl')).toBe(true);
    const lines = fake.auditLines();
    const shared = {
      runId: lines[0]?.['runId'],
      command: 'retire',
      actor: { arn: 'arn:aws:sts::123456789012:assumed-role/CertAdmin/alice', account: '123456789012', profile: 'prod-admin' },
      regions: ['eu-west-1', 'us-east-1'],
      dryRun: false,
    };
    const certificate = { name: 'dead-free', id: 'ASCADEADFREE', arn: deadFree.arn, expiration: '2026-10-14T12:00:00Z' };
    const reason = 'expired 2026-10-14T12:00:00Z (40 days ago) and not referenced';
    expect(typeof shared.runId).toBe('string');
    expect(lines).toEqual([
      { timestamp: '2026-11-23T12:00:01.000Z', event: 'run-start', ...shared },
      { timestamp: '2026-11-23T12:00:02.000Z', event: 'intent', ...shared, certificate, action: 'delete', reason },
      { timestamp: '2026-11-23T12:00:03.000Z', event: 'outcome', ...shared, certificate, action: 'delete', decision: 'deleted', reason },
      expect.objectContaining({ event: 'decision', certificate: expect.objectContaining({ name: 'dead-used' }), decision: 'kept', ...shared }),
      expect.objectContaining({ event: 'decision', certificate: expect.objectContaining({ name: 'alive' }), decision: 'kept', ...shared }),
    ]);
    // The intent reached the log before the delete was sent, the outcome after it answered.
    expect(fake.events.filter((event) => /^(audit (intent|outcome)|delete)/.test(event))).toEqual(['audit intent', 'delete dead-free', 'audit outcome']);
  });

  it('deletes nothing when the intent record cannot be written (a full disk), and stops there', async () => {
    const other = cert('dead-other', -3);
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const fake = fakeEnvironment({ certificates: [deadFree, other], appendErrorOn: { event: 'intent', error: enospc } });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(1);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.stderr()).toContain('retire: AuditLogError: audit log audit.jsonl: the intent record could not be written (Error: ENOSPC: no space left on device, write)');
  });

  it('stops the run when an outcome cannot be written, so no later delete goes unrecorded', async () => {
    const other = cert('dead-other', -3);
    const fake = fakeEnvironment({ certificates: [deadFree, other], appendErrorOn: { event: 'outcome', error: new Error('EIO') } });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(1);
    expect(fake.deleteCalls).toEqual(['dead-free']);
    expect(fake.stdout()).toContain('deleted dead-free: expired');
    expect(fake.stderr()).toContain('the outcome record could not be written');
  });

  it('names who acts and where on stderr before deleting', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], profile: 'prod-admin' });
    await runCli(['retire', '--yes', '--regions', 'us-east-1,eu-west-1', '--audit-log', 'audit.jsonl'], fake.environment);
    expect(fake.stderr()).toContain(
      'acting as arn:aws:sts::123456789012:assumed-role/CertAdmin/alice (account 123456789012, profile prod-admin); load balancers scanned in eu-west-1, us-east-1, CloudFront globally',
    );
  });

  it('deletes nothing, and lists nothing, when it cannot tell who is acting', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], identityError: Object.assign(new Error('connect ETIMEDOUT 52.94.0.1:443'), { name: 'TimeoutError' }) });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(1);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.events).toEqual(['regions', 'identity']);
    expect(fake.stderr()).toContain('cannot tell who is acting (sts:GetCallerIdentity failed: TimeoutError: connect ETIMEDOUT 52.94.0.1:443)');
  });

  it('says to log in again, with exit 253, when the credentials have expired before anything is read', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], profile: 'prod', identityError: Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }) });
    await expect(runCli(['retire', '--yes', '--audit-log', 'audit.jsonl'], fake.environment)).resolves.toBe(253);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.events).toEqual(['regions', 'identity']);
    expect(fake.stderr()).toBe(
      'listing the regions enabled for the account (account:ListRegions)\n' +
        'iam-cert-expiry retire: the AWS credentials have expired (ExpiredToken): run `aws sso login --profile prod` for an IAM Identity Center profile, or get new temporary credentials (and unset stale AWS_ACCESS_KEY_ID/AWS_SESSION_TOKEN)\n',
    );
  });

  it('names the account in --json, also on a dry run without an audit log (STS GetCallerIdentity, as report does)', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree] });
    await expect(runCli(['retire', '--json'], fake.environment)).resolves.toBe(0);
    expect(JSON.parse(fake.stdout())).toMatchObject({ dryRun: true, account: '123456789012' });
    expect(fake.events).toContain('identity');
  });

  it('does not ask STS on a dry run without an audit log', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree] });
    await runCli(['retire'], fake.environment);
    expect(fake.events).not.toContain('identity');
  });

  it('marks audit lines of a dry run as such', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree] });
    await runCli(['retire', '--audit-log', 'audit.jsonl'], fake.environment);
    expect(fake.auditLines()).toEqual([
      expect.objectContaining({ event: 'run-start', dryRun: true, regions: ['eu-west-1', 'us-east-1'] }),
      expect.objectContaining({ event: 'decision', decision: 'would-delete', dryRun: true }),
    ]);
  });

  it('stops before reading anything when the audit log cannot be written', async () => {
    const fake = fakeEnvironment({ certificates: [deadFree], appendError: Object.assign(new Error('EACCES: permission denied'), { name: 'Error' }) });
    await expect(runCli(['retire', '--yes', '--audit-log', '/root/audit.jsonl'], fake.environment)).resolves.toBe(1);
    expect(fake.deleteCalls).toEqual([]);
    expect(fake.scanRequests).toEqual([]);
    expect(fake.events).toEqual(['regions', 'identity']);
    expect(fake.stderr()).toContain('EACCES');
  });
});
