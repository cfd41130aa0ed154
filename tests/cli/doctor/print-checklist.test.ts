import { check, CheckStatus } from '../../../src/cli/doctor/check';
import { DOCTOR_JSON_SCHEMA_VERSION, formatChecklist, formatChecklistJson } from '../../../src/cli/doctor/print-checklist';

const CONTEXT = { region: 'us-east-1', account: '123456789012', aggregator: undefined, generatedAt: new Date('2026-11-23T12:00:00Z') };
const CHECKS = [
  check('region', CheckStatus.Ok, 'Region is right', ['fine'], 'never shown for ok'),
  check('rule-status:r', CheckStatus.Fail, 'Rule r ran', ['Config\'s error: E: line one\nline two \u001b[2J', 'second entry'], 'do this'),
  check('member-role', CheckStatus.Skipped, 'Role', ['not testable']),
  check('accounts-unconfirmed', CheckStatus.Warn, 'Accounts', [], 'look'),
];

describe('formatChecklistJson', () => {
  it('gives the stable schema: every check with id, status, title, detail and remedy, counts and the exit code', () => {
    const document = JSON.parse(formatChecklistJson(CHECKS, CONTEXT, 2)) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['schemaVersion', 'command', 'generatedAt', 'region', 'account', 'aggregator', 'exitCode', 'counts', 'checks']);
    expect(document).toMatchObject({ schemaVersion: DOCTOR_JSON_SCHEMA_VERSION, command: 'doctor', generatedAt: '2026-11-23T12:00:00.000Z', region: 'us-east-1', account: '123456789012', aggregator: null, exitCode: 2, counts: { ok: 1, fail: 1, warn: 1, skipped: 1 } });
    expect(document['checks']).toEqual([
      { id: 'region', status: 'ok', title: 'Region is right', detail: 'fine', remedy: null },
      { id: 'rule-status:r', status: 'fail', title: 'Rule r ran', detail: "Config's error: E: line one\nline two \u001b[2J\nsecond entry", remedy: 'do this' },
      { id: 'member-role', status: 'skipped', title: 'Role', detail: 'not testable', remedy: null },
      { id: 'accounts-unconfirmed', status: 'warn', title: 'Accounts', detail: '', remedy: 'look' },
    ]);
  });
});

describe('formatChecklist', () => {
  it('prints one line per check with its status, then each detail entry escaped on its own line, then the fix', () => {
    const text = formatChecklist(CHECKS, CONTEXT);
    expect(text.split('\n')).toEqual([
      'iam-cert-expiry doctor: account 123456789012, us-east-1',
      '',
      'ok       Region is right  [region]',
      '         fine',
      'FAIL     Rule r ran  [rule-status:r]',
      "         Config's error: E: line one\\nline two \\x1b[2J",
      '         second entry',
      '         fix: do this',
      'skipped  Role  [member-role]',
      '         not testable',
      'warn     Accounts  [accounts-unconfirmed]',
      '         fix: look',
      '',
      '4 checks: 1 ok, 1 FAIL, 1 warn, 1 skipped',
      '',
    ]);
  });
});
