import { shorten } from '../core/annotation';
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

/** What one call of an API that names its refusals refused: items to resend, each with its passing reason, and the reasons of items refused for good. */
export interface Refusals<T, R> {
  readonly passing: ReadonlyMap<T, R>;
  readonly permanent: readonly R[];
}

/** A delivery through an API that names what it refuses and why (BatchImportFindings, PutEvents). */
export interface NamedDelivery<T, R> extends BatchDelivery<T> {
  /** Every item refused in the end: those refused for good first, then those still refused after the resends. */
  readonly refusals: readonly R[];
  /** How many of {@link refusals} were refused for good, never resent. */
  readonly refusedForGood: number;
}

/**
 * {@link deliverInBatches} for an API that gives a reason with each refused
 * item: items refused for a passing reason are resent, the others not, and
 * the reason each item was last refused for is kept, so the caller's error
 * can name every refusal. `unexplained` gives a reason for an item still
 * undelivered that no answer named.
 */
export async function deliverNamingRefusals<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  options: Omit<BatchDeliveryOptions<T>, 'send'> & {
    readonly send: (batch: T[], step: string) => Promise<Refusals<T, R>>;
    readonly unexplained: (item: T) => R;
  },
): Promise<NamedDelivery<T, R>> {
  const lastReason = new Map<T, R>();
  const permanent: R[] = [];
  const delivery = await deliverInBatches(items, {
    ...options,
    send: async (batch, step) => {
      const refused = await options.send(batch, step);
      permanent.push(...refused.permanent);
      for (const [item, reason] of refused.passing) lastReason.set(item, reason);
      return { resend: [...refused.passing.keys()], refusedForGood: refused.permanent.length };
    },
  });
  const stillRefused = delivery.undelivered.map((item) => lastReason.get(item) ?? options.unexplained(item));
  return { ...delivery, refusals: [...permanent, ...stillRefused], refusedForGood: permanent.length };
}

/** How many refused items an error names, and how much of each reason: the message stays readable in a log line. */
const LISTED_REFUSALS = 5;
const REASON_LENGTH = 200;

/**
 * "(1 refused for good, not resent, 2 still refused after 3 resends): id
 * (Code: message); …; and 4 more": which items were refused and why, bounded.
 */
export function refusalSummary<R extends { readonly code: string; readonly message: string }>(
  delivery: Pick<NamedDelivery<unknown, R>, 'refusals' | 'refusedForGood'>,
  retries: number,
  idOf: (refusal: R) => string,
): string {
  const { refusals, refusedForGood } = delivery;
  const how = [
    refusedForGood > 0 ? `${refusedForGood} refused for good, not resent` : '',
    refusals.length > refusedForGood ? `${refusals.length - refusedForGood} still refused after ${retries} resends` : '',
  ].filter((part) => part !== '');
  const listed = refusals
    .slice(0, LISTED_REFUSALS)
    .map((refusal) => `${idOf(refusal)} (${shorten(`${refusal.code}: ${refusal.message}`, REASON_LENGTH)})`)
    .join('; ');
  const more = refusals.length > LISTED_REFUSALS ? `; and ${refusals.length - LISTED_REFUSALS} more` : '';
  return `(${how.join(', ')}): ${listed}${more}`;
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
