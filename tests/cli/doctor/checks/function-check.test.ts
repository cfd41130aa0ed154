import type { ErrorLogSearch } from '../../../../src/adapters/lambda-error-log';
import { functionErrorsCheck, summariseLine } from '../../../../src/cli/doctor/checks/function-check';
import type { Read } from '../../../../src/cli/doctor/read-outcome';
import type { FunctionLog } from '../../../../src/cli/doctor/read-deployment';
import { functionAddress } from '../../../../src/cli/doctor/rule-match';
import { hoursAgo, matched, read, rule, status } from './facts';

const ADDRESS = functionAddress('arn:aws:lambda:us-east-1:123456789012:function:rule-fn');
if (ADDRESS === undefined) throw new Error('fixture ARN');

function log(search: Read<ErrorLogSearch> | undefined): FunctionLog {
  return { function: ADDRESS as NonNullable<typeof ADDRESS>, logGroup: '/aws/lambda/rule-fn', search, since: hoursAgo(24) };
}

const failure = (hours: number, message = 'boom') => ({ at: hoursAgo(hours), message });
const rules = matched(rule(), rule({ name: 'iam-server-certificate-expired' }));
const bothSucceeded = (hours: number) =>
  read([status({ lastSuccessfulEvaluation: hoursAgo(hours) }), status({ lastSuccessfulEvaluation: hoursAgo(hours) }, 'iam-server-certificate-expired')]);

describe('functionErrorsCheck', () => {
  it('passes a searched log without failure lines', () => {
    expect(functionErrorsCheck(log(read({ kind: 'searched', lines: [], complete: true })), rules, bothSucceeded(1)).status).toBe('ok');
  });

  it('A2: needs positive evidence of a run: without a "rule run complete" line or a successful evaluation or result in the window, no failure line is a FAIL', () => {
    const clean = read({ kind: 'searched' as const, lines: [], complete: true });
    const withRuns = (latest: Date | undefined, complete = true): FunctionLog => ({ ...log(clean), runs: read({ kind: 'searched' as const, latest, complete }) });
    const stale = bothSucceeded(30);
    expect(functionErrorsCheck(withRuns(undefined), rules, stale).status).toBe('fail');
    expect(functionErrorsCheck(withRuns(undefined), rules, stale).detail[1]).toContain('But nothing shows that it ran: no "rule run complete" line since 2026-11-22T12:00:00Z');
    expect(functionErrorsCheck(withRuns(undefined, false), rules, stale).status).toBe('warn');
    expect(functionErrorsCheck(withRuns(hoursAgo(3)), rules, stale).detail[1]).toBe('Its latest "rule run complete" line: 2026-11-23T09:00:00Z.');
    expect(functionErrorsCheck(withRuns(undefined), rules, bothSucceeded(3)).status).toBe('ok');
    const results = new Map([['iam-server-certificate-expiring', read({ at: hoursAgo(5), read: 2, complete: true })]]);
    expect(functionErrorsCheck(withRuns(undefined), rules, read([]), results).status).toBe('ok');
  });

  it('fails when the latest failure is newer than a rule’s last successful evaluation, showing the latest three in full', () => {
    const lines = [failure(1, 'a'.repeat(3000)), failure(2, 'b'), failure(3, 'c'), failure(4, 'd')];
    const result = functionErrorsCheck(log(read({ kind: 'searched', lines, complete: true })), rules, bothSucceeded(2));
    expect(result.status).toBe('fail');
    expect(result.detail).toEqual([
      '/aws/lambda/rule-fn: 4 failure line(s); the latest at 2026-11-23T11:00:00Z.',
      `2026-11-23T11:00:00Z ${'a'.repeat(3000)}`,
      '2026-11-23T10:00:00Z b',
      '2026-11-23T09:00:00Z c',
    ]);
  });

  it('only warns when every rule of the function succeeded after the latest failure', () => {
    const result = functionErrorsCheck(log(read({ kind: 'searched', lines: [failure(3)], complete: true })), rules, bothSucceeded(1));
    expect(result.status).toBe('warn');
    expect(result.detail[0]).toContain('the function has recovered');
  });

  it('fails when one rule of the function has not succeeded since, or no status is known', () => {
    const one = read([status({ lastSuccessfulEvaluation: hoursAgo(1) })]);
    expect(functionErrorsCheck(log(read({ kind: 'searched', lines: [failure(3)], complete: true })), rules, one).status).toBe('fail');
    expect(functionErrorsCheck(log(read({ kind: 'searched', lines: [failure(3)], complete: true })), rules, undefined).status).toBe('fail');
  });

  it('says "at least" when the search stopped at its cap', () => {
    const result = functionErrorsCheck(log(read({ kind: 'searched', lines: [failure(1)], complete: false })), rules, undefined);
    expect(result.detail[0]).toContain('at least 1 failure line(s)');
  });

  it.each([
    ['a log in another account or region', undefined, 'not searched: the function is in account 123456789012'],
    ['a refused search', { kind: 'denied', action: 'logs:FilterLogEvents', message: 'AccessDeniedException: no' } as const, 'not readable (needs logs:FilterLogEvents on arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/rule-fn:*)'],
    ['a log group that does not exist', read({ kind: 'no-log-group' } as const), 'does not exist here'],
    ['a search that stopped before any answer', read({ kind: 'searched', lines: [], complete: false } as const), 'stopped at its page limit'],
  ])('skips, never passes, %s', (_case, search, expected) => {
    const result = functionErrorsCheck(log(search as Read<ErrorLogSearch> | undefined), rules, undefined);
    expect(result.status).toBe('skipped');
    expect(result.detail[0]).toContain(expected);
  });

  it('fails a search that failed', () => {
    expect(functionErrorsCheck(log({ kind: 'failed', action: 'logs:FilterLogEvents', message: 'ServiceUnavailableException' }), rules, undefined).status).toBe('fail');
  });
});

describe('summariseLine', () => {
  it('shortens the handler’s Powertools failure line to rule, error name and message', () => {
    const line = '{"level":"ERROR","message":"rule run failed; AWS Config will retry","rule":"r1","error":{"name":"AccessDeniedError","message":"may not call x","stack":"at …"}}';
    expect(summariseLine(line)).toBe('r1: AccessDeniedError: may not call x');
  });

  it('keeps the runtime’s text lines, JSON inside included, as they are when they are not an object with a message', () => {
    expect(summariseLine('2026-11-23T11:59:00.000Z abc Task timed out after 120.00 seconds')).toBe('2026-11-23T11:59:00.000Z abc Task timed out after 120.00 seconds');
    expect(summariseLine('2026-11-23T11:59:00.000Z\tabc\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"x"}')).toContain('Invoke Error');
  });
});
