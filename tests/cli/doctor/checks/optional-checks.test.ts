import { memberRoleChecks, memberRoleSummary } from '../../../../src/cli/doctor/checks/member-role-check';
import { securityHubCheck } from '../../../../src/cli/doctor/checks/security-hub-check';
import { unreadCheck } from '../../../../src/cli/doctor/checks/unread';
import type { RoleProbe } from '../../../../src/cli/doctor/read-deployment';
import { matched, read, rule } from './facts';

const importing = matched(rule({ inputParameters: '{"securityHubFindings":"true"}' }));
const CALLER = 'arn:aws:sts::123456789012:assumed-role/Admin/alice';

describe('securityHubCheck', () => {
  it('skips when no rule imports findings', () => {
    expect(securityHubCheck(undefined, matched(rule()), 'us-east-1')).toMatchObject({ status: 'skipped', detail: [expect.stringContaining('not needed')] });
  });

  it('passes an enabled hub, fails a disabled one with the fix, and skips a refused read', () => {
    expect(securityHubCheck(read({ enabled: true, hubArn: 'arn:hub', subscribedAt: '2026-01-01T00:00:00Z' }), importing, 'us-east-1').status).toBe('ok');
    const off = securityHubCheck(read({ enabled: false, reason: 'InvalidAccessException: Account 1 is not subscribed to AWS Security Hub' }), importing, 'us-east-1');
    expect(off.status).toBe('fail');
    expect(off.remedy).toContain('aws securityhub enable-security-hub');
    expect(securityHubCheck({ kind: 'denied', action: 'securityhub:DescribeHub', message: 'no' }, importing, 'us-east-1')).toMatchObject({ status: 'skipped', detail: ['not readable (needs securityhub:DescribeHub): no'] });
  });
});

const probe = (accountId: string, outcome: RoleProbe['outcome']): RoleProbe => ({ accountId, roleArn: `arn:aws:iam::${accountId}:role/R`, outcome });
const ASSUMED = read(undefined);
const REFUSED = { kind: 'denied', action: 'sts:AssumeRole', message: 'AccessDenied: not authorized' } as const;
const BROKEN = { kind: 'failed', action: 'sts:AssumeRole', message: 'RegionDisabledException: STS is not activated' } as const;

describe('memberRoleChecks', () => {
  it('skips when the rules assume no role, and when no account was given', () => {
    expect(memberRoleChecks([], ['111122223333'], [], CALLER)).toMatchObject([{ id: 'member-role', status: 'skipped', detail: [expect.stringContaining('not needed')] }]);
    expect(memberRoleChecks(['R'], [], [], CALLER)).toMatchObject([{ status: 'skipped', remedy: expect.stringContaining('--account ID') }]);
  });

  it('passes an assumed role, skips a refused one with why STS cannot tell missing from untrusted, fails any other failure', () => {
    const checks = memberRoleChecks(['R'], ['1', '2', '3'], [probe('111111111111', ASSUMED), probe('222222222222', REFUSED), probe('333333333333', BROKEN)], CALLER);
    expect(checks.map((item) => [item.id, item.status])).toEqual([
      ['member-role:111111111111', 'ok'],
      ['member-role:222222222222', 'skipped'],
      ['member-role:333333333333', 'fail'],
    ]);
    expect(checks[1]?.detail[1]).toContain('STS answers AccessDenied both when the role does not exist and when its trust policy does not name the caller');
  });
});

describe('memberRoleSummary', () => {
  it('skips when every account refused the same caller: nothing can be told from here', () => {
    expect(memberRoleSummary(['R'], [probe('111111111111', REFUSED), probe('222222222222', REFUSED)], CALLER).status).toBe('skipped');
  });

  it('warns, naming the refused accounts, when the same caller was let in elsewhere', () => {
    const result = memberRoleSummary(['R'], [probe('111111111111', ASSUMED), probe('222222222222', REFUSED)], CALLER);
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('refused in: 222222222222');
  });

  it('fails when any look-up failed, and passes when every role was assumed', () => {
    expect(memberRoleSummary(['R'], [probe('111111111111', ASSUMED), probe('222222222222', BROKEN)], CALLER).status).toBe('fail');
    expect(memberRoleSummary(['R'], [probe('111111111111', ASSUMED)], CALLER).status).toBe('ok');
  });
});

describe('unreadCheck', () => {
  const denied = { kind: 'denied', action: 'config:DescribeConfigRules', message: 'AccessDeniedException: no' } as const;

  it('fails a refused read the checklist cannot do without, and skips one it can, naming the permission either way', () => {
    expect(unreadCheck('x', 't', denied, true)).toMatchObject({ status: 'fail', remedy: expect.stringContaining('Grant config:DescribeConfigRules') });
    expect(unreadCheck('x', 't', denied, false)).toMatchObject({ status: 'skipped', detail: ['not readable (needs config:DescribeConfigRules): AccessDeniedException: no'] });
  });

  it('fails any other failure, whether or not the check is essential', () => {
    expect(unreadCheck('x', 't', { kind: 'failed', action: 'a:B', message: 'm' }, false).status).toBe('fail');
  });
});
