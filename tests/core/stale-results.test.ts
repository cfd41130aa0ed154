import { ComplianceType } from '../../src/core/compliance-type';
import { clearStaleResults, resultKey } from '../../src/core/stale-results';

const T = new Date('2026-11-23T10:00:00.000Z');
const TYPE = 'AWS::IAM::ServerCertificate';

const reported = (...resourceIds: string[]): Set<string> => new Set(resourceIds.map((resourceId) => resultKey({ resourceType: TYPE, resourceId })));

describe('clearStaleResults', () => {
  it('clears only results for resources the run no longer sees', () => {
    const stale = clearStaleResults(
      [
        { resourceType: TYPE, resourceId: 'kept' },
        { resourceType: TYPE, resourceId: 'gone' },
      ],
      reported('kept'),
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
    const stale = clearStaleResults([{ resourceType: 'AWS::IAM::OldType', resourceId: 'kept' }], reported('kept'), T);
    expect(stale.map((e) => [e.resourceType, e.resourceId])).toEqual([['AWS::IAM::OldType', 'kept']]);
  });

  it('clears a resource listed twice only once', () => {
    const gone = { resourceType: TYPE, resourceId: 'gone' };
    expect(clearStaleResults([gone, gone], reported(), T)).toHaveLength(1);
  });

  it('clears nothing when every recorded resource is still there', () => {
    expect(clearStaleResults([{ resourceType: TYPE, resourceId: 'a' }], reported('a'), T)).toEqual([]);
  });
});
