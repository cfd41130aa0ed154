import { ConfigServiceClient, PutEvaluationsCommand, type Evaluation as ConfigEvaluation } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigEvaluationReporter, MAX_EVALUATIONS_PER_CALL } from '../../src/adapters/config-evaluation-reporter';
import { ComplianceType } from '../../src/core/compliance-type';
import type { Evaluation } from '../../src/core/evaluation';
import { TimeBudget } from '../../src/core/time-budget';
import { EvaluationDeliveryError, TimeBudgetExceededError } from '../../src/errors';

const config = mockClient(ConfigServiceClient);
const T = new Date('2026-11-23T10:00:00.000Z');

const evaluation = (i: number): Evaluation => ({
  resourceType: 'AWS::IAM::ServerCertificate',
  resourceId: `cert-${i}`,
  complianceType: ComplianceType.NonCompliant,
  state: 'Expired',
  annotation: `note ${i}`,
  orderingTimestamp: T,
});
const many = (n: number): Evaluation[] => Array.from({ length: n }, (_, i) => evaluation(i));

function reporter(retries = 3): { reporter: ConfigEvaluationReporter; sleeps: number[] } {
  const sleeps: number[] = [];
  const instance = new ConfigEvaluationReporter(new ConfigServiceClient({ region: 'us-east-1' }), {
    failedEvaluationRetries: retries,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { reporter: instance, sleeps };
}

function sentIds(call: number): string[] {
  const input = config.commandCalls(PutEvaluationsCommand)[call]?.args[0].input;
  return (input?.Evaluations ?? []).map((e: ConfigEvaluation) => e.ComplianceResourceId ?? '');
}

describe('ConfigEvaluationReporter', () => {
  afterEach(() => config.reset());

  it('R1: sends 250 evaluations in 3 calls of at most 100', async () => {
    config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
    const result = await reporter().reporter.report(many(250), 'token');
    expect(result).toEqual({ delivered: 250, calls: 3 });
    const sizes = config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input.Evaluations?.length);
    expect(sizes).toEqual([MAX_EVALUATIONS_PER_CALL, 100, 50]);
    expect(sentIds(2)[49]).toBe('cert-249');
  });

  it('R1b: sends each batch of a stream as soon as it fills, before the stream ends', async () => {
    config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
    const callsWhenProduced: number[] = [];
    async function* stream(): AsyncGenerator<Evaluation> {
      for (let i = 0; i < 230; i += 1) {
        callsWhenProduced.push(config.commandCalls(PutEvaluationsCommand).length);
        yield evaluation(i);
      }
    }
    const result = await reporter().reporter.report(stream(), 'token');
    expect(result).toEqual({ delivered: 230, calls: 3 });
    // The 101st evaluation is made after the first batch went out, the 201st after the second.
    expect(callsWhenProduced[99]).toBe(0);
    expect(callsWhenProduced[100]).toBe(1);
    expect(callsWhenProduced[200]).toBe(2);
  });

  it('R2: maps every field of an evaluation onto the Config shape', async () => {
    config.on(PutEvaluationsCommand).resolves({});
    await reporter().reporter.report([evaluation(7)], 'token-abc');
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, {
      ResultToken: 'token-abc',
      Evaluations: [
        {
          ComplianceResourceType: 'AWS::IAM::ServerCertificate',
          ComplianceResourceId: 'cert-7',
          ComplianceType: 'NON_COMPLIANT',
          Annotation: 'note 7',
          OrderingTimestamp: T,
        },
      ],
    });
    expect(config.commandCalls(PutEvaluationsCommand)[0]?.args[0].input.TestMode).toBeUndefined();
  });

  it('R3: sets TestMode when the result token is TESTMODE', async () => {
    config.on(PutEvaluationsCommand).resolves({});
    await reporter().reporter.report([evaluation(1)], 'TESTMODE');
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { ResultToken: 'TESTMODE', TestMode: true });
  });

  it('R4: makes no call for an empty stream, so Config is never sent an empty Evaluations list', async () => {
    config.on(PutEvaluationsCommand).resolves({});
    async function* empty(): AsyncGenerator<Evaluation> {}
    expect(await reporter().reporter.report(empty(), 'token')).toEqual({ delivered: 0, calls: 0 });
    expect(await reporter().reporter.report([], 'TESTMODE')).toEqual({ delivered: 0, calls: 0 });
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 0);
  });

  it('R5: resends only the evaluations Config lists as failed, then succeeds', async () => {
    config
      .on(PutEvaluationsCommand)
      .resolvesOnce({ FailedEvaluations: [{ ComplianceResourceType: 'AWS::IAM::ServerCertificate', ComplianceResourceId: 'cert-3', ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: T }] })
      .resolves({ FailedEvaluations: [] });
    const { reporter: instance, sleeps } = reporter();
    const result = await instance.report(many(5), 'token');
    expect(result.calls).toBe(2);
    expect(sentIds(1)).toEqual(['cert-3']);
    expect(sleeps).toHaveLength(1);
  });

  it('R6: throws naming the evaluations Config kept refusing, after every batch was tried', async () => {
    const failed = { ComplianceResourceType: 'AWS::IAM::ServerCertificate', ComplianceResourceId: 'cert-150', ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: T };
    config.on(PutEvaluationsCommand).callsFake((input: { Evaluations?: ConfigEvaluation[] }) => ({
      FailedEvaluations: (input.Evaluations ?? []).some((e) => e.ComplianceResourceId === 'cert-150') ? [failed] : [],
    }));
    const promise = reporter(2).reporter.report(many(250), 'token');
    await expect(promise).rejects.toThrow(EvaluationDeliveryError);
    await expect(promise).rejects.toMatchObject({ undelivered: ['cert-150'] });
    await expect(promise).rejects.toThrow(/refused 1 of 250 evaluations after 2 resends/);
    // 3 batches + 2 resends of the failing one; the third batch was still delivered.
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 5);
    expect(sentIds(4)).toHaveLength(50);
  });

  it('R7: fails the run when a call keeps failing after the SDK retries', async () => {
    config.on(PutEvaluationsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const promise = reporter().reporter.report(many(3), 'token');
    await expect(promise).rejects.toThrow(EvaluationDeliveryError);
    await expect(promise).rejects.toThrow(/PutEvaluations failed after the SDK's retries \(ThrottlingException: Rate exceeded\)/);
  });

  it('R9: fails with TimeBudgetExceededError, not a delivery error, when the deadline aborts a call in flight', async () => {
    let now = 0;
    config.on(PutEvaluationsCommand).callsFake(() => {
      now += 1_000;
      if (now > 1_500) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
      return { FailedEvaluations: [] };
    });
    const promise = reporter().reporter.report(many(250), 'token', new TimeBudget(1_500, () => now));
    await expect(promise).rejects.toThrow(TimeBudgetExceededError);
    await expect(promise).rejects.toThrow(/spent during PutEvaluations \(100 evaluations delivered so far\)/);
  });

  it('R8: stops before the next batch once the time budget is spent, after delivering the earlier ones', async () => {
    let now = 0;
    config.on(PutEvaluationsCommand).callsFake(() => {
      now += 1_000; // each call takes a second of the budget
      return { FailedEvaluations: [] };
    });
    const budget = new TimeBudget(1_500, () => now);
    const promise = reporter().reporter.report(many(250), 'token', budget);
    await expect(promise).rejects.toThrow(TimeBudgetExceededError);
    await expect(promise).rejects.toThrow(/200 evaluations delivered so far/);
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 2);
  });

  it('R10: resends the whole batch when Config lists failures it cannot be matched to', async () => {
    config
      .on(PutEvaluationsCommand)
      .resolvesOnce({ FailedEvaluations: [{ ComplianceResourceType: 'AWS::IAM::ServerCertificate', ComplianceResourceId: 'not-sent', ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: T }] })
      .resolves({ FailedEvaluations: [] });
    const result = await reporter().reporter.report(many(3), 'token');
    expect(result.calls).toBe(2);
    expect(sentIds(1)).toEqual(['cert-0', 'cert-1', 'cert-2']);
  });
});
