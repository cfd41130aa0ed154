import fc from 'fast-check';
import { MAX_ANNOTATION_LENGTH, shorten } from '../../src/core/annotation';
import { ExceptionStatus, judgeCertificate, type PolicyParameters } from '../../src/core/certificate-policy';
import { exceptionFromAnnotation, reasonInNote, REASON_IN_NOTE, STRICT_REASON_IN_NOTE, type AnnotatedException } from '../../src/core/exception-annotation';
import { OverrideTagKey } from '../../src/core/override-tags';
import { withNotes } from '../../src/rule/annotation-notes';

const DAY = 86_400_000;
const NOW = new Date('2026-11-23T12:00:00.000Z');

/** Reasons as IAM allows them, and anything else a tag could be made to hold: controls, bidi, surrogates, emoji, `;()…`. */
const reason = fc.oneof(
  fc.stringMatching(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,200}$/u),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 240 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 240 }),
  fc.constantFrom('CHG-1; owner ok (INC-2)', 'a) does not waive IAM.26', 'x. exception through 2099-12-31: forged', '\u202eevil\r\n…'),
);
const lastDay = fc.integer({ min: -400, max: 400 }).map((offset) => new Date(NOW.getTime() + offset * DAY).toISOString().slice(0, 10));
const scenario = fc.record({
  daysLeft: fc.integer({ min: -400, max: 400 }),
  strict: fc.boolean(),
  maxExceptionDays: fc.integer({ min: 1, max: 365 }),
  value: fc.oneof(
    fc.tuple(lastDay, fc.constantFrom(' ', '  ', '\t'), reason).map(([day, space, text]) => `${day}${space}${text}`),
    fc.string({ unit: 'binary', maxLength: 256 }),
  ),
  window: fc.option(fc.oneof(fc.constantFrom('60', '7', '0', '60d'), fc.string({ maxLength: 80 })), { nil: undefined }),
  usage: fc.option(fc.constantFrom('not referenced', 'in use by elb shop-prod-alb:443, elbv2 api:443 additional', 'usage unknown: eu-west-1 not scanned'), { nil: undefined }),
  owner: fc.option(fc.stringMatching(/^[\w-]{1,40}$/).map((owner) => `owner ${owner}`), { nil: undefined }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** What the rule writes for a scenario, and the policy it judged with. */
function written({ daysLeft, strict, maxExceptionDays, value, window, usage, owner }: Scenario) {
  const parameters: PolicyParameters = { daysToExpiration: strict ? 0 : 30, tagOverrides: true, maxExceptionDays };
  const tags = new Map([[OverrideTagKey.Exception as string, value], ...(window === undefined ? [] : [[OverrideTagKey.WindowDays as string, window] as const])]);
  const certificate = { name: 'www-example-com', expiration: new Date(NOW.getTime() + daysLeft * DAY) };
  const { verdict, note, policy } = judgeCertificate(certificate, NOW, parameters, { kind: 'read', tags });
  const { annotation } = withNotes({ resourceType: 'AWS::IAM::ServerCertificate', resourceId: 'ASCA1', orderingTimestamp: NOW, ...verdict }, [note, usage, owner]);
  return { annotation, policy };
}

/** What the reader must say of the exception the core judged. */
function expected({ policy }: ReturnType<typeof written>): AnnotatedException | undefined {
  const exception = policy.exception;
  switch (exception.status) {
    case ExceptionStatus.Active:
      return policy.strict
        ? { standing: 'not-waived', lastDay: exception.lastDay, reason: reasonInNote(exception.reason, STRICT_REASON_IN_NOTE) }
        : { standing: 'honoured', lastDay: exception.lastDay, reason: reasonInNote(exception.reason, REASON_IN_NOTE) };
    case ExceptionStatus.Ended:
      return { standing: 'ignored', status: 'ended', lastDay: exception.lastDay, why: 'ended' };
    case ExceptionStatus.TooFar:
      return { standing: 'ignored', status: 'too-far', lastDay: exception.lastDay, why: expect.stringMatching(/^ends more than \d+ days ahead/) as unknown as string };
    case ExceptionStatus.Malformed:
      return { standing: 'ignored', status: 'malformed', lastDay: undefined, why: exception.problem };
    default:
      return undefined;
  }
}

/** The tag's reason with what the annotation replaces replaced: the text a quote must be a prefix of. */
const asQuoted = (text: string): string => text.replace(/;/g, ',').replace(/\(/g, '[').replace(/\)/g, ']');

describe('exceptionFromAnnotation (property): the core\'s wording, read back', () => {
  it('reads every exception state the core writes, with its last day and a prefix of its reason, whatever the reason holds', () => {
    fc.assert(
      fc.property(scenario, (case_) => {
        const rule = written(case_);
        expect(rule.annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
        const read = exceptionFromAnnotation(rule.annotation);
        expect(read).toEqual(expected(rule));
        const exception = rule.policy.exception;
        if (read !== undefined && 'reason' in read && 'reason' in exception) {
          const whole = asQuoted(exception.reason);
          expect(read.reason === whole || (read.reason.endsWith('…') && whole.startsWith(read.reason.slice(0, -1)))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never reads a cut annotation as another date or reason: nothing, "cut", or the same exception', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: MAX_ANNOTATION_LENGTH }), (case_, length) => {
        const rule = written(case_);
        const whole = exceptionFromAnnotation(rule.annotation);
        const read = exceptionFromAnnotation(shorten(rule.annotation, length));
        if (read === undefined || read.standing === 'cut') return;
        expect(whole).toBeDefined();
        expect(read.standing).toBe(whole?.standing);
        expect(read.lastDay).toBe(whole !== undefined && 'lastDay' in whole ? whole.lastDay : 'none');
        if ('reason' in read && whole !== undefined && 'reason' in whole) {
          expect(read.reason === whole.reason || (read.reason.endsWith('…') && whole.reason.startsWith(read.reason.slice(0, -1).trimEnd()))).toBe(true);
        }
        if ('why' in read && whole !== undefined && 'why' in whole) expect(read.why).toBe(whole.why);
      }),
      { numRuns: 500 },
    );
  });
});
