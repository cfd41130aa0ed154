import { CliUsageError } from '../../src/errors';
import { parseActingFlags } from '../../src/cli/parse-flags';
import { parseRetireFlags } from '../../src/cli/retire/retire-flags';
import { parseRotateFlags } from '../../src/cli/rotate/rotate-flags';

const reasons = { auditLog: 'every change is recorded there' };

describe('parseActingFlags', () => {
  it('is a dry run without --yes, which then needs neither --regions nor --audit-log', () => {
    expect(parseActingFlags('demo', {}, reasons)).toEqual({ dryRun: true, regions: undefined, auditFile: undefined });
    expect(parseActingFlags('demo', { regions: 'eu-west-1,eu-west-1', 'audit-log': 'a.jsonl' }, reasons)).toEqual({ dryRun: true, regions: ['eu-west-1'], auditFile: 'a.jsonl' });
  });

  it('acts with --yes and --audit-log, with or without --regions: the scan covers every enabled region unless narrowed', () => {
    expect(parseActingFlags('demo', { yes: true, regions: 'us-east-1', 'audit-log': 'a.jsonl' }, reasons)).toEqual({ dryRun: false, regions: ['us-east-1'], auditFile: 'a.jsonl' });
    expect(parseActingFlags('demo', { yes: true, 'audit-log': 'a.jsonl' }, reasons)).toEqual({ dryRun: false, regions: undefined, auditFile: 'a.jsonl' });
  });

  it("refuses --yes without --audit-log, in the command's own words", () => {
    expect(() => parseActingFlags('demo', { yes: true, regions: 'us-east-1' }, reasons)).toThrow(new CliUsageError('demo', 'demo: --yes needs --audit-log FILE: every change is recorded there'));
  });

  it('refuses an empty --audit-log and a bad --regions, even on a dry run', () => {
    expect(() => parseActingFlags('demo', { 'audit-log': ' ' }, reasons)).toThrow(/^demo: --audit-log needs a file name, got /);
    expect(() => parseActingFlags('demo', { regions: 'us-east-1,' }, reasons)).toThrow(/^demo: --regions must be a comma-separated list/);
  });
});

describe('retire and rotate keep their own refusals', () => {
  const rotate = ['--from', 'api', '--certificate-body', 'new.pem', '--private-key', 'new.key'];

  it('retire', () => {
    expect(() => parseRetireFlags(['--yes', '--regions', 'us-east-1'])).toThrow(
      'retire: --yes needs --audit-log FILE: every delete is recorded there (intent before, outcome after, who and where), and nothing is deleted without that record',
    );
  });

  it('rotate', () => {
    expect(() => parseRotateFlags([...rotate, '--yes', '--regions', 'us-east-1'])).toThrow(
      'rotate: --yes needs --audit-log FILE: every step is recorded there (intent before each change, outcome after, who and where), and nothing changes without that record',
    );
    expect(() => parseRotateFlags([...rotate, '--retire-old'])).toThrow('rotate: --retire-old acts only with --yes');
    expect(parseRotateFlags([...rotate, '--yes', '--regions', 'us-east-1', '--audit-log', 'a.jsonl', '--retire-old'])).toMatchObject({ dryRun: false, retireOld: true, regions: ['us-east-1'], auditFile: 'a.jsonl' });
  });
});
