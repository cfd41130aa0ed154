import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliClientSettings } from '../../src/cli/aws-target';

describe('cliClientSettings', () => {
  let dir = '';
  const saved = { config: process.env['AWS_CONFIG_FILE'], credentials: process.env['AWS_SHARED_CREDENTIALS_FILE'] };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aws-target-'));
    // A profile whose credentials come from a process that counts its runs: each resolution of fromIni runs it again.
    const counter = join(dir, 'runs');
    const script = join(dir, 'credentials.sh');
    writeFileSync(script, `#!/bin/sh\necho run >> '${counter}'\necho '{"Version":1,"AccessKeyId":"AKIATESTCOUNTED00001","SecretAccessKey":"secret"}'\n`);
    chmodSync(script, 0o700);
    writeFileSync(join(dir, 'config'), `[profile counted]\ncredential_process = ${script}\n`);
    writeFileSync(join(dir, 'credentials'), '');
    process.env['AWS_CONFIG_FILE'] = join(dir, 'config');
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials');
  });

  afterEach(() => {
    for (const [name, value] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("resolves a profile's credentials once for every client that shares the settings, not once per client", async () => {
    const { credentials } = cliClientSettings({ profile: 'counted', region: 'us-east-1' });
    const identities = await Promise.all([credentials?.(), credentials?.(), credentials?.()]);
    await credentials?.();
    expect(identities.map((identity) => identity?.accessKeyId)).toEqual(['AKIATESTCOUNTED00001', 'AKIATESTCOUNTED00001', 'AKIATESTCOUNTED00001']);
    expect(readFileSync(join(dir, 'runs'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
