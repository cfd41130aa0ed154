import { ComplianceType } from '../../src/core/compliance-type';
import { TimeBudget } from '../../src/core/time-budget';
import { SecurityHubNotEnabledError, TimeBudgetExceededError } from '../../src/errors';
import { evaluatePeriodic, type PeriodicRun } from '../../src/rule/evaluate-periodic';
import type { FindingStore } from '../../src/rule/ports';
import { findingContext } from '../support/finding-context';
import { certificate, collect, fakeDependencies } from './fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const ORDERING = new Date('2026-11-23T10:00:00.000Z');
const TYPE = 'AWS::IAM::ServerCertificate';
const ACCOUNT = '123456789012';

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
    const evaluations = await collect(evaluatePeriodic(dependencies, {
      ruleName: 'rule', accountId: ACCOUNT,
      parameters: { daysToExpiration: 30 },
      now: NOW,
      orderingTimestamp: ORDERING,
      budget: TimeBudget.unlimited(),
    }));
    expect(evaluations.map((e) => [e.resourceType, e.resourceId, e.complianceType])).toEqual([
      [TYPE, 'ASCAEXPIRED', ComplianceType.NonCompliant],
      [TYPE, 'expiring', ComplianceType.NonCompliant],
      [TYPE, 'ASCAVALID', ComplianceType.Compliant],
    ]);
    expect(evaluations.every((e) => e.orderingTimestamp === ORDERING)).toBe(true);
    expect(dependencies.calls.sort()).toEqual(['ids', 'listAll', 'recorded:rule']);
  });

  it('PR2: clears results of certificates that are gone, and keeps reporting a present certificate under every id it has a result under', async () => {
    const dependencies = fakeDependencies({
      certificates: [certificate('kept', '2027-11-01T00:00:00Z')],
      idsByName: { kept: 'ASCAKEPT' },
      recorded: [
        { resourceType: TYPE, resourceId: 'ASCAKEPT' },
        { resourceType: TYPE, resourceId: 'ASCAGONE' },
        // An earlier result filed under the name: the certificate is still in IAM, so it is never cleared.
        { resourceType: TYPE, resourceId: 'kept' },
      ],
    });
    const evaluations = await collect(evaluatePeriodic(dependencies, {
      ruleName: 'rule', accountId: ACCOUNT,
      parameters: { daysToExpiration: 0 },
      now: NOW,
      orderingTimestamp: ORDERING,
      budget: TimeBudget.unlimited(),
    }));
    expect(evaluations.map((e) => [e.resourceId, e.complianceType])).toEqual([
      ['ASCAKEPT', ComplianceType.Compliant],
      ['kept', ComplianceType.Compliant],
      ['ASCAGONE', ComplianceType.NotApplicable],
    ]);
  });

  it('PR2b: when the recorder stops listing certificates, their results stay under the ids they were recorded under', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const certificates = names.map((name) => certificate(name, '2026-11-01T00:00:00Z'));
    // Run 1 recorded every result under Config's ids (ASCA… or the name); the recorder then lists nothing.
    const dependencies = fakeDependencies({
      certificates,
      idsByName: {},
      recorderAvailable: false,
      recorded: certificates.map((c, i) => ({ resourceType: TYPE, resourceId: i % 2 === 0 ? c.id : c.name })),
    });
    const evaluations = await collect(evaluatePeriodic(dependencies, {
      ruleName: 'rule', accountId: ACCOUNT,
      parameters: { daysToExpiration: 0 },
      now: NOW,
      orderingTimestamp: ORDERING,
      budget: TimeBudget.unlimited(),
    }));
    expect(evaluations.map((e) => [e.resourceId, e.complianceType])).toEqual(
      certificates.map((c, i) => [i % 2 === 0 ? c.id : c.name, ComplianceType.NonCompliant]),
    );
  });

  it('PR2c: tells how much of IAM the recorder lists, after the listing', async () => {
    const checks: unknown[] = [];
    const dependencies = fakeDependencies({
      certificates: [certificate('a', '2027-01-01T00:00:00Z'), certificate('b', '2027-01-01T00:00:00Z'), certificate('c', '2027-01-01T00:00:00Z')],
      idsByName: { a: 'a' },
      pageSize: 2,
    });
    await collect(evaluatePeriodic(dependencies, {
      ruleName: 'rule', accountId: ACCOUNT,
      parameters: { daysToExpiration: 0 },
      now: NOW,
      orderingTimestamp: ORDERING,
      budget: TimeBudget.unlimited(),
      onRecordingCheck: (check) => checks.push(check),
    }));
    expect(checks).toEqual([{ recorderAvailable: true, certificatesInIam: 3, certificatesNotRecorded: 2 }]);
  });

  it('PR2d: yields each IAM page before reading the one after next, and clears nothing when the listing fails', async () => {
    const certificates = ['a', 'b', 'c', 'd'].map((name) => certificate(name, '2027-01-01T00:00:00Z'));
    const dependencies = fakeDependencies({ recorded: [{ resourceType: TYPE, resourceId: 'gone' }] });
    let pagesRead = 0;
    dependencies.certificates.pages = async function* () {
      for (const certificateOnPage of certificates) {
        pagesRead += 1;
        yield [certificateOnPage];
      }
      throw new Error('ServiceFailure on the last page');
    };
    const seen: string[] = [];
    const run = async (): Promise<void> => {
      for await (const evaluation of evaluatePeriodic(dependencies, {
        ruleName: 'rule', accountId: ACCOUNT,
        parameters: { daysToExpiration: 0 },
        now: NOW,
        orderingTimestamp: ORDERING,
        budget: TimeBudget.unlimited(),
      })) {
        // At most one page read ahead of what was handed on: a large account is never held whole.
        expect(pagesRead).toBeLessThanOrEqual(seen.length + 2);
        seen.push(evaluation.resourceId);
      }
    };
    await expect(run()).rejects.toThrow('ServiceFailure on the last page');
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  const periodic = (overrides: Partial<PeriodicRun> = {}): PeriodicRun => ({
    ruleName: 'rule',
    accountId: ACCOUNT,
    parameters: { daysToExpiration: 0 },
    now: NOW,
    orderingTimestamp: ORDERING,
    budget: TimeBudget.unlimited(),
    ...overrides,
  });
  const accountRow = {
    resourceType: 'AWS::::Account',
    resourceId: ACCOUNT,
    complianceType: ComplianceType.NotApplicable,
    state: 'NoCertificatesInAccount',
    annotation: expect.stringMatching(/^IAM holds no server certificates in this account.*nothing is reported compliant/),
    orderingTimestamp: ORDERING,
  };

  it('PR3: reports an account with no certificates and no earlier results as the account itself, NOT_APPLICABLE, never as nothing', async () => {
    const evaluations = await collect(evaluatePeriodic(fakeDependencies({}), periodic()));

    expect(evaluations).toEqual([accountRow]);
  });

  it('PR3b: reports the account too when its last certificate is gone, after clearing that certificate\'s result', async () => {
    const dependencies = fakeDependencies({ recorded: [{ resourceType: TYPE, resourceId: 'last-one' }] });

    const evaluations = await collect(evaluatePeriodic(dependencies, periodic()));

    expect(evaluations.map((e) => [e.resourceType, e.resourceId, e.complianceType, e.state])).toEqual([
      [TYPE, 'last-one', ComplianceType.NotApplicable, 'NoLongerPresent'],
      ['AWS::::Account', ACCOUNT, ComplianceType.NotApplicable, 'NoCertificatesInAccount'],
    ]);
  });

  it('PR3c: reports no account result when IAM holds a certificate', async () => {
    const evaluations = await collect(evaluatePeriodic(fakeDependencies({ certificates: [certificate('one', '2027-11-01T00:00:00Z')] }), periodic()));

    expect(evaluations.map((e) => e.resourceType)).toEqual([TYPE]);
  });

  it('PR3d: reports the account once when an earlier result under its id is still held', async () => {
    const dependencies = fakeDependencies({ recorded: [{ resourceType: 'AWS::::Account', resourceId: ACCOUNT }] });

    const evaluations = await collect(evaluatePeriodic(dependencies, periodic()));

    expect(evaluations).toEqual([accountRow]);
  });

  it('PR3e: reports no account result when the listing fails', async () => {
    const dependencies = fakeDependencies({});
    dependencies.certificates.pages = async function* (): AsyncGenerator<never> {
      throw new Error('ServiceFailure');
    };
    const seen: string[] = [];
    const run = async (): Promise<void> => {
      for await (const evaluation of evaluatePeriodic(dependencies, periodic())) seen.push(evaluation.resourceId);
    };

    await expect(run()).rejects.toThrow('ServiceFailure');
    expect(seen).toEqual([]);
  });

  it('PR4: fails when any read fails, reporting nothing', async () => {
    const dependencies = fakeDependencies({});
    dependencies.recordedResults.compliantOrNonCompliant = async () => {
      throw new Error('AccessDeniedException');
    };
    await expect(
      collect(evaluatePeriodic(dependencies, { ruleName: 'rule', accountId: ACCOUNT, parameters: { daysToExpiration: 0 }, now: NOW, orderingTimestamp: ORDERING, budget: TimeBudget.unlimited() })),
    ).rejects.toThrow('AccessDeniedException');
  });
});

describe('evaluatePeriodic with Security Hub findings', () => {
  const run = (onFindingsFailure?: (error: unknown) => void) => ({
    ruleName: 'iam-server-certificate-expiring',
    accountId: ACCOUNT,
    parameters: { daysToExpiration: 30 },
    now: NOW,
    orderingTimestamp: ORDERING,
    budget: TimeBudget.unlimited(),
    findings: findingContext({ now: NOW }),
    ...(onFindingsFailure === undefined ? {} : { onFindingsFailure }),
  });
  const failingStore = (error: Error): FindingStore => ({
    activeFindings: async () => {
      throw error;
    },
    importFindings: async () => ({ calls: 1 }),
  });
  const withStore = (findings: FindingStore) => ({ ...fakeDependencies({ certificates: [certificate('a', '2026-11-01T00:00:00Z'), certificate('b', '2027-11-01T00:00:00Z')] }), findings });

  it('PR-F1: still yields every evaluation when Security Hub fails, and hands the failure over after the last one', async () => {
    const failure = new SecurityHubNotEnabledError('123456789012', 'us-east-1', 'InvalidAccessException');
    const failures: unknown[] = [];

    const evaluations = await collect(evaluatePeriodic(withStore(failingStore(failure)), run((error) => failures.push(error))));

    expect(evaluations.map((e) => e.resourceId)).toEqual(['a', 'b']);
    expect(failures).toEqual([failure]);
  });

  it('PR-F2: throws the Security Hub failure after the evaluations when nobody takes it', async () => {
    const failure = new SecurityHubNotEnabledError('123456789012', 'us-east-1', 'InvalidAccessException');
    const seen: string[] = [];
    const consume = async () => {
      for await (const evaluation of evaluatePeriodic(withStore(failingStore(failure)), run())) seen.push(evaluation.resourceId);
    };

    await expect(consume()).rejects.toBe(failure);
    expect(seen).toEqual(['a', 'b']);
  });

  it('PR-F3: never defers a spent time budget: the run stops at once', async () => {
    const failures: unknown[] = [];
    const evaluations = collect(evaluatePeriodic(withStore(failingStore(new TimeBudgetExceededError('no time'))), run((error) => failures.push(error))));

    await expect(evaluations).rejects.toBeInstanceOf(TimeBudgetExceededError);
    expect(failures).toEqual([]);
  });
});

describe('evaluatePeriodic when one of its first reads fails', () => {
  it('PR-C1: cancels the reads still in flight, so none goes on (or retries) after the run has failed', async () => {
    const denied = Object.assign(new Error('not authorized to perform: iam:ListServerCertificates'), { name: 'AccessDenied' });
    let configSignal: AbortSignal | undefined;
    const dependencies = {
      ...fakeDependencies({}),
      certificates: {
        pages: async function* (): AsyncGenerator<never> {
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw denied;
        },
        get: async () => undefined,
      },
      resourceIds: {
        // A slow read that ends only when its signal aborts, as an SDK call does.
        serverCertificates: (budget: TimeBudget) =>
          new Promise<never>((_resolve, reject) => {
            configSignal = budget.signal();
            configSignal?.addEventListener('abort', () => reject(configSignal?.reason));
          }),
      },
    };

    const run = collect(evaluatePeriodic(dependencies, { ruleName: 'rule', accountId: ACCOUNT, parameters: { daysToExpiration: 0 }, now: NOW, orderingTimestamp: ORDERING, budget: TimeBudget.unlimited() }));

    await expect(run).rejects.toBe(denied);
    expect(configSignal?.aborted).toBe(true);
  });
});
