import { appendToAnnotation } from '../core/annotation';
import type { Evaluation } from '../core/evaluation';
import type { ServerCertificate } from '../core/server-certificate';
import type { UsageInventory } from '../usage/certificate-usage';
import { formatUsage } from '../usage/format-usage';
import { usageOf } from '../usage/usage-of';

/**
 * Room for the usage note in a 256-character annotation: enough for two or
 * three consumers, leaving the expiry sentence most of the space.
 */
export const USAGE_NOTE_LENGTH = 100;

/** A certificate and the evaluation it got. */
export interface JudgedCertificate {
  readonly certificate: ServerCertificate;
  readonly evaluation: Evaluation;
}

/**
 * Adds to each certificate's annotation what uses it: "in use by elb
 * my-app-elb:443", "not referenced: safe to delete" or "usage unknown: …".
 * Only the annotation changes: a failed look-up never changes a verdict.
 */
export function annotateUsage(judged: readonly JudgedCertificate[], inventory: UsageInventory): Evaluation[] {
  return judged.map(({ certificate, evaluation }) => ({
    ...evaluation,
    annotation: appendToAnnotation(evaluation.annotation, formatUsage(usageOf(certificate, inventory), USAGE_NOTE_LENGTH)),
  }));
}
