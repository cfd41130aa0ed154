import { formatPlan } from '../../../src/cli/rotate/print-rotation';
import { UploadState, type RotationPlan } from '../../../src/cli/rotate/plan-rotation';

/** The parts of a plan formatPlan reads. */
function plan(fields: Partial<RotationPlan>): RotationPlan {
  return {
    old: { name: 'api', id: 'ASCAOLD', arn: 'arn:aws:iam::123456789012:server-certificate/api', path: '/', expiration: new Date('2026-12-01T00:00:00Z'), body: '' },
    newName: 'api-2027',
    check: { checks: [], parsed: undefined },
    upload: UploadState.ToUpload,
    uploaded: undefined,
    tags: [],
    consumers: [],
    usageFailures: [],
    blockers: [],
    warnings: [],
    acm: { kind: 'none' },
    ...fields,
  } as unknown as RotationPlan;
}

describe('formatPlan', () => {
  it('escapes every line: a consumer\'s or a check\'s text cannot rewrite the terminal or forge a CI log line', () => {
    const text = formatPlan(
      plan({
        consumers: [{ usage: { service: 'cloudfront', resource: 'E1', detail: 'a\u001b[2Jb\r\n::error::forged', region: 'global' }, done: false }],
        check: { checks: [{ name: 'names', passed: false, detail: 'CN=\u009b31m\u202eevil' }], parsed: undefined } as unknown as RotationPlan['check'],
      }),
      true,
      false,
    );
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text.split('\n').some((line) => line.startsWith('::'))).toBe(false);
    expect(text).toContain('repoint cloudfront E1:a\\x1b[2Jb\\r\\n::error::forged');
    expect(text).toContain('CN=\\x9b31m\\u202eevil');
  });

  it('says which enabled regions a narrowed scan left out, as a warning', () => {
    expect(formatPlan(plan({ warnings: ['1 enabled region is not scanned (not in --regions: eu-west-1): a consumer there would stay on api'] }), true, false)).toContain(
      '\nwarning: 1 enabled region is not scanned (not in --regions: eu-west-1): a consumer there would stay on api\n',
    );
  });
});
