import { randomUUID } from 'node:crypto';

/** One rule result as the stand-in's Config stores it. */
export interface StoredEvaluation {
  readonly ruleName: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly complianceType: string;
  readonly annotation: string | undefined;
  readonly orderingTimestamp: Date;
  readonly recordedTime: Date;
  readonly resultToken: string;
}

/**
 * Rule results, the latest per (rule, resource type, resource id), and the
 * result tokens the stand-in issued. A real result token is opaque and
 * identifies the rule and the invocation; here each token maps back to the
 * rule name it was issued for, so `PutEvaluations` knows where to store.
 */
export class EvaluationStore {
  private readonly results = new Map<string, StoredEvaluation>();
  private readonly ruleByToken = new Map<string, string>();

  /** A fresh result token for an invocation of `ruleName`. */
  public issueToken(ruleName: string): string {
    const token = Buffer.from(JSON.stringify({ rule: ruleName, nonce: randomUUID() })).toString('base64');
    this.ruleByToken.set(token, ruleName);
    return token;
  }

  /** The rule a token was issued for, or `undefined` for a token the stand-in never issued. */
  public ruleOf(token: string): string | undefined {
    return this.ruleByToken.get(token);
  }

  /**
   * Stores a result unless a result with a later ordering timestamp is already
   * there: Config keeps the evaluation with the latest `OrderingTimestamp`
   * (Config API reference, Evaluation.OrderingTimestamp).
   */
  public put(evaluation: StoredEvaluation): void {
    const key = keyOf(evaluation.ruleName, evaluation.resourceType, evaluation.resourceId);
    const existing = this.results.get(key);
    if (existing !== undefined && existing.orderingTimestamp > evaluation.orderingTimestamp) return;
    this.results.set(key, evaluation);
  }

  /** The results of `ruleName`, in the order they were first stored. */
  public forRule(ruleName: string): StoredEvaluation[] {
    return [...this.results.values()].filter((result) => result.ruleName === ruleName);
  }

  /** Every stored result. */
  public all(): StoredEvaluation[] {
    return [...this.results.values()];
  }

  /** Forgets results and tokens. */
  public clear(): void {
    this.results.clear();
    this.ruleByToken.clear();
  }
}

function keyOf(ruleName: string, resourceType: string, resourceId: string): string {
  return `${ruleName}\u0000${resourceType}\u0000${resourceId}`;
}
