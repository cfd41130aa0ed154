import {
  ConfigServiceClient,
  PutEvaluationsCommand,
  type Evaluation as ConfigEvaluation,
} from '@aws-sdk/client-config-service';
import type { Evaluation } from '../core/evaluation';
import { TimeBudget } from '../core/time-budget';
import { describeError, EvaluationDeliveryError } from '../errors';
import { createConfigClient } from './aws-clients';
import { deliverInBatches, refusedItems, type CallOutcome } from './batch-delivery';

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
   * produced and never held whole. An empty stream makes no call: the API
   * model allows an empty `Evaluations` list, but not every implementation
   * accepts one (moto answers `InvalidParameterValueException`), and the rule
   * never needs it: a periodic run of an account without certificates
   * reports the account itself (src/core/account-evaluation.ts).
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
    const delivery = await deliverInBatches(mapped(evaluations), {
      operation: 'PutEvaluations',
      noun: 'evaluations',
      batchSize: MAX_EVALUATIONS_PER_CALL,
      retries: this.retries,
      sleep: this.sleep,
      budget,
      send: (batch, step) => this.put(batch, resultToken, testMode, budget, step),
    });
    if (delivery.undelivered.length > 0) {
      const ids = delivery.undelivered.map((evaluation) => evaluation.ComplianceResourceId ?? '');
      throw new EvaluationDeliveryError(
        `AWS Config refused ${ids.length} of ${delivery.seen} evaluations after ${this.retries} resends ` +
          `(first: ${ids.slice(0, 5).join(', ')}); failing so Config retries the rule`,
        ids,
      );
    }
    return { delivered: delivery.delivered, calls: delivery.calls };
  }

  /** One call; the evaluations Config did not accept are sent again. */
  private async put(
    batch: ConfigEvaluation[],
    resultToken: string,
    testMode: boolean,
    budget: TimeBudget,
    step: string,
  ): Promise<CallOutcome<ConfigEvaluation>> {
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
    return { resend: refusedItems(batch, (response.FailedEvaluations ?? []).map(key), key) };
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

async function* mapped(evaluations: Iterable<Evaluation> | AsyncIterable<Evaluation>): AsyncGenerator<ConfigEvaluation> {
  for await (const evaluation of evaluations) yield toConfigEvaluation(evaluation);
}
