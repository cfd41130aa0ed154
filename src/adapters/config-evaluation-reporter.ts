import {
  ConfigServiceClient,
  PutEvaluationsCommand,
  type Evaluation as ConfigEvaluation,
} from '@aws-sdk/client-config-service';
import type { Evaluation } from '../core/evaluation';
import { TimeBudget } from '../core/time-budget';
import { describeError, EvaluationDeliveryError } from '../errors';
import { createConfigClient } from './aws-clients';

/** `PutEvaluations` takes at most 100 evaluations per call (Config API reference, PutEvaluations). */
export const MAX_EVALUATIONS_PER_CALL = 100;

/** The result token Config passes when a rule is exercised without recording anything. */
export const TEST_MODE_RESULT_TOKEN = 'TESTMODE';

/** How many times evaluations listed in `FailedEvaluations` are sent again before giving up. */
export const DEFAULT_FAILED_EVALUATION_RETRIES = 3;

export interface ReporterOptions {
  /** Resends of `FailedEvaluations`; the SDK separately retries throttled or failed calls. */
  readonly failedEvaluationRetries?: number;
  /** Waits between resends; injectable so tests do not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What a report delivered. */
export interface DeliveryReport {
  readonly delivered: number;
  readonly calls: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends evaluations to AWS Config with `PutEvaluations`, in batches of at most
 * 100. Evaluations Config lists as failed are sent again a few times; if any
 * are still refused, or a call keeps failing after the SDK's retries, it throws
 * {@link EvaluationDeliveryError} so the Lambda invocation fails and Config
 * invokes the rule again. It never reports partial delivery as success.
 */
export class ConfigEvaluationReporter {
  private readonly client: ConfigServiceClient;
  private readonly retries: number;
  private readonly sleep: (ms: number) => Promise<void>;

  /** @param client a Config client; a default one from the standard SDK environment when omitted. */
  public constructor(client?: ConfigServiceClient, options: ReporterOptions = {}) {
    this.client = client ?? createConfigClient();
    this.retries = options.failedEvaluationRetries ?? DEFAULT_FAILED_EVALUATION_RETRIES;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /**
   * Delivers every evaluation for the run identified by `resultToken`, in
   * batches of 100 sent as they fill, so a stream is delivered while it is
   * produced and never held whole. With no evaluations it still makes one
   * call with an empty list, which is how Config learns that a periodic run
   * over an empty account succeeded.
   *
   * @example
   * await new ConfigEvaluationReporter().report(evaluations, event.resultToken);
   */
  public async report(
    evaluations: Iterable<Evaluation> | AsyncIterable<Evaluation>,
    resultToken: string,
    budget: TimeBudget = TimeBudget.unlimited(),
  ): Promise<DeliveryReport> {
    const testMode = resultToken === TEST_MODE_RESULT_TOKEN;
    const undelivered: string[] = [];
    let calls = 0;
    let delivered = 0;
    let seen = 0;
    for await (const batch of batches(evaluations, MAX_EVALUATIONS_PER_CALL)) {
      seen += batch.length;
      let pending = batch.map(toConfigEvaluation);
      for (let attempt = 0; attempt <= this.retries; attempt += 1) {
        if (attempt > 0) await this.sleep(100 * 2 ** attempt);
        // Batches already sent stay delivered; the rest comes with Config's retry.
        const step = `PutEvaluations (${delivered} evaluations delivered so far)`;
        budget.ensure(step);
        calls += 1;
        const refused = await this.put(pending, resultToken, testMode, budget, step);
        delivered += pending.length - refused.length;
        pending = refused;
        if (pending.length === 0) break;
      }
      undelivered.push(...pending.map((evaluation) => evaluation.ComplianceResourceId ?? ''));
    }
    if (undelivered.length > 0) {
      throw new EvaluationDeliveryError(
        `AWS Config refused ${undelivered.length} of ${seen} evaluations after ${this.retries} resends ` +
          `(first: ${undelivered.slice(0, 5).join(', ')}); failing so Config retries the rule`,
        undelivered,
      );
    }
    return { delivered, calls };
  }

  /** One call; returns the evaluations Config did not accept. */
  private async put(
    batch: ConfigEvaluation[],
    resultToken: string,
    testMode: boolean,
    budget: TimeBudget,
    step: string,
  ): Promise<ConfigEvaluation[]> {
    let response;
    try {
      response = await this.client.send(
        new PutEvaluationsCommand({ Evaluations: batch, ResultToken: resultToken, ...(testMode ? { TestMode: true } : {}) }),
        { abortSignal: budget.signal() },
      );
    } catch (error) {
      // A call aborted at the deadline is a spent budget, not a failing Config.
      budget.throwIfSpentDuring(step, error);
      throw new EvaluationDeliveryError(
        `PutEvaluations failed after the SDK's retries (${describeError(error)}); ` +
          'this run is not fully delivered; failing so Config retries the rule',
        batch.map((evaluation) => evaluation.ComplianceResourceId ?? ''),
        { cause: error },
      );
    }
    const failed = response.FailedEvaluations ?? [];
    if (failed.length === 0) return [];
    const failedKeys = new Set(failed.map(key));
    const refused = batch.filter((evaluation) => failedKeys.has(key(evaluation)));
    // Failures that name nothing we sent cannot be matched to what they refused:
    // resend the whole batch rather than count any of it as delivered.
    return refused.length === failed.length ? refused : batch;
  }
}

function toConfigEvaluation(evaluation: Evaluation): ConfigEvaluation {
  return {
    ComplianceResourceType: evaluation.resourceType,
    ComplianceResourceId: evaluation.resourceId,
    ComplianceType: evaluation.complianceType,
    Annotation: evaluation.annotation,
    OrderingTimestamp: evaluation.orderingTimestamp,
  };
}

function key(evaluation: ConfigEvaluation): string {
  return `${evaluation.ComplianceResourceType ?? ''}\u0000${evaluation.ComplianceResourceId ?? ''}`;
}

/**
 * Groups a stream into batches of `size`, each yielded as soon as it is full;
 * an empty stream gives one empty batch, so one call is still made.
 */
async function* batches<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  let any = false;
  for await (const item of items) {
    batch.push(item);
    any = true;
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0 || !any) yield batch;
}
