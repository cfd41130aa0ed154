import { ComplianceType } from '../../src/core/compliance-type';
import { TimeBudget } from '../../src/core/time-budget';
import { evaluatePeriodic } from '../../src/rule/evaluate-periodic';
import { certificate, fakeDependencies } from './fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const ORDERING = new Date('2026-11-23T10:00:00.000Z');
const TYPE = 'AWS::IAM::ServerCertificate';

describe('evaluatePeriodic', () => {
  it('PR1: judges every certificate under its Config resource id, falling back to the name', async () => {
    const dependencies = fakeDependencies({
      certificates: [
        certificate('expired', '2026-11-01T00:00:00Z'),
        certificate('expiring', '2026-12-01T00:00:00Z'),
        certificate('valid', '2027-11-01T00:00:00Z'),
      ],
      idsByName: { expired: 'ASCAEXPIRED', valid: 'ASCAVALID' },
    });
    const evaluations = await evaluatePeriodic(dependencies, {
      ruleName: 'rule',
      parameters: { daysToExpiration: 30 },
      now: NOW,
      orderingTimestamp: ORDERING,
      budget: TimeBudget.unlimited(),
    });
    expect(evaluations.map((e) => [e.resourceType, e.resourceId, e.complianceType])).toEqual([
      [TYPE, 'ASCAEXPIRED', ComplianceType.NonCompliant],
      [TYPE, 'expiring', ComplianceType.NonCompliant],
      [TYPE, 'ASCAVALID', ComplianceType.Compliant],
    ]);
    expect(evaluations.every((e) => e.orderingTimestamp === ORDERING)).toBe(true);
    expect(dependencies.calls.sort()).toEqual(['ids', 'listAll', 'recorded:rule']);
  });

  it('PR2: clears results of certificates that are gone, leaving present ones alone', async () => {
    const dependencies = fakeDependencies({
      certificates: [certificate('kept', '2027-11-01T00:00:00Z')],
      idsByName: { kept: 'ASCAKEPT' },
      recorded: [
        { resourceType: TYPE, resourceId: 'ASCAKEPT' },
        { resourceType: TYPE, resourceId: 'ASCAGONE' },
        // An earlier result filed under the name before the recorder knew the certificate.
        { resourceType: TYPE, resourceId: 'kept' },
      ],
    });
    const evaluations = await evaluatePeriodic(dependencies, {
      ruleName: 'rule',
      parameters: { daysToExpiration: 0 },
      now: NOW,
      orderingTimestamp: ORDERING,
      budget: TimeBudget.unlimited(),
    });
    expect(evaluations.map((e) => [e.resourceId, e.complianceType])).toEqual([
      ['ASCAKEPT', ComplianceType.Compliant],
      ['ASCAGONE', ComplianceType.NotApplicable],
      ['kept', ComplianceType.NotApplicable],
    ]);
  });

  it('PR3: returns nothing to report for an empty account with no earlier results', async () => {
    const evaluations = await evaluatePeriodic(fakeDependencies({}), {
      ruleName: 'rule',
      parameters: { daysToExpiration: 0 },
      now: NOW,
      orderingTimestamp: ORDERING,
      budget: TimeBudget.unlimited(),
    });
    expect(evaluations).toEqual([]);
  });

  it('PR4: fails when any read fails, reporting nothing', async () => {
    const dependencies = fakeDependencies({});
    dependencies.recordedResults.compliantOrNonCompliant = async () => {
      throw new Error('AccessDeniedException');
    };
    await expect(
      evaluatePeriodic(dependencies, { ruleName: 'rule', parameters: { daysToExpiration: 0 }, now: NOW, orderingTimestamp: ORDERING, budget: TimeBudget.unlimited() }),
    ).rejects.toThrow('AccessDeniedException');
  });
});
