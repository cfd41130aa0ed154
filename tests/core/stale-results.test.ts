import { ComplianceType } from '../../src/core/compliance-type';
import type { Evaluation } from '../../src/core/evaluation';
import { clearStaleResults } from '../../src/core/stale-results';

const T = new Date('2026-11-23T10:00:00.000Z');
const TYPE = 'AWS::IAM::ServerCertificate';

const current = (resourceId: string): Evaluation => ({
  resourceType: TYPE,
  resourceId,
  complianceType: ComplianceType.Compliant,
  state: 'Valid',
  annotation: 'Valid until …',
  orderingTimestamp: T,
});

describe('clearStaleResults', () => {
  it('clears only results for resources the run no longer sees', () => {
    const stale = clearStaleResults(
      [
        { resourceType: TYPE, resourceId: 'kept' },
        { resourceType: TYPE, resourceId: 'gone' },
      ],
      [current('kept')],
      T,
    );
    expect(stale).toEqual([
      {
        resourceType: TYPE,
        resourceId: 'gone',
        complianceType: ComplianceType.NotApplicable,
        state: 'NoLongerPresent',
        annotation: 'No longer in IAM at the periodic check (deleted or renamed); earlier result cleared.',
        orderingTimestamp: T,
      },
    ]);
  });

  it('keeps the resource type Config stored the result under', () => {
    const stale = clearStaleResults([{ resourceType: 'AWS::IAM::OldType', resourceId: 'kept' }], [current('kept')], T);
    expect(stale.map((e) => [e.resourceType, e.resourceId])).toEqual([['AWS::IAM::OldType', 'kept']]);
  });

  it('clears a resource listed twice only once', () => {
    const gone = { resourceType: TYPE, resourceId: 'gone' };
    expect(clearStaleResults([gone, gone], [], T)).toHaveLength(1);
  });

  it('clears nothing when every recorded resource is still there', () => {
    expect(clearStaleResults([{ resourceType: TYPE, resourceId: 'a' }], [current('a')], T)).toEqual([]);
  });
});
