import type { TimeBudget } from '../core/time-budget';

/** How one batched write API is driven (PutEvaluations, BatchImportFindings, PutEvents). */
export interface BatchDeliveryOptions<T> {
  /** The API operation, for time-budget messages. */
  readonly operation: string;
  /** What the items are, for time-budget messages ("evaluations", "findings"). */
  readonly noun: string;
  /** Items per call: the API's own limit. */
  readonly batchSize: number;
  /**
   * A call's size limit, when the API has one that a full batch could pass
   * (PutEvents): a batch is cut before the item that would take the sum of
   * `sizeOf` past it. An item larger than this on its own goes alone; the
   * caller refuses it.
   */
  readonly maxBatchBytes?: number;
  /** An item's size as the API counts it against {@link maxBatchBytes}. */
  readonly sizeOf?: (item: T) => number;
  /** Resends of items the API lists as failed; the SDK separately retries failed calls. */
  readonly retries: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly budget: TimeBudget;
  /** One call: what to send again, and how many the API refused for good. */
  readonly send: (batch: T[], step: string) => Promise<CallOutcome<T>>;
}

/** What one call of a batched write API left to do. */
export interface CallOutcome<T> {
  /** Items the API refused with an error a resend can fix: sent again. */
  readonly resend: T[];
  /** Items refused for good: neither delivered nor resent; the caller names them. */
  readonly refusedForGood?: number;
}

/** What a batched delivery did. */
export interface BatchDelivery<T> {
  /** Items seen in the stream. */
  readonly seen: number;
  readonly delivered: number;
  readonly calls: number;
  /** Items still refused after every resend. */
  readonly undelivered: readonly T[];
}

/**
 * Sends a stream of items in batches, each as soon as it fills, so a large run
 * is delivered while it is produced and never held whole. An empty stream
 * makes no call: neither API is ever sent an empty list. Items the API lists
 * as failed are resent with a growing pause, `retries` times; what is still
 * refused comes back in `undelivered` for the caller to fail loudly on.
 * Batches already sent stay delivered; the time budget is checked before each
 * call.
 */
export async function deliverInBatches<T>(
  items: Iterable<T> | AsyncIterable<T>,
  options: BatchDeliveryOptions<T>,
): Promise<BatchDelivery<T>> {
  const undelivered: T[] = [];
  let calls = 0;
  let delivered = 0;
  let seen = 0;
  for await (const batch of batches(items, options)) {
    seen += batch.length;
    let pending = batch;
    for (let attempt = 0; attempt <= options.retries; attempt += 1) {
      if (attempt > 0) await options.sleep(100 * 2 ** attempt);
      const step = `${options.operation} (${delivered} ${options.noun} delivered so far)`;
      options.budget.ensure(step);
      calls += 1;
      const outcome = await options.send(pending, step);
      delivered += pending.length - outcome.resend.length - (outcome.refusedForGood ?? 0);
      pending = outcome.resend;
      if (pending.length === 0) break;
    }
    undelivered.push(...pending);
  }
  return { seen, delivered, calls, undelivered };
}

/**
 * The items of `batch` that a call's failure list names, by key. When a
 * failure names nothing in the batch, it cannot be matched to what it
 * refused: the whole batch is returned, so none of it is counted as delivered.
 */
export function refusedItems<T>(batch: readonly T[], failedKeys: readonly string[], keyOf: (item: T) => string): T[] {
  const sent = new Set(batch.map(keyOf));
  if (failedKeys.some((failedKey) => !sent.has(failedKey))) return [...batch];
  const failed = new Set(failedKeys);
  return batch.filter((item) => failed.has(keyOf(item)));
}

/**
 * Groups a stream into batches of `batchSize` items, and of at most
 * `maxBatchBytes` by `sizeOf` when given, each yielded as soon as it is full;
 * an empty stream gives none.
 */
async function* batches<T>(items: Iterable<T> | AsyncIterable<T>, limits: Pick<BatchDeliveryOptions<T>, 'batchSize' | 'maxBatchBytes' | 'sizeOf'>): AsyncGenerator<T[]> {
  const { batchSize, maxBatchBytes, sizeOf } = limits;
  let batch: T[] = [];
  let bytes = 0;
  for await (const item of items) {
    const size = maxBatchBytes === undefined || sizeOf === undefined ? 0 : sizeOf(item);
    if (batch.length > 0 && maxBatchBytes !== undefined && bytes + size > maxBatchBytes) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield batch;
}
