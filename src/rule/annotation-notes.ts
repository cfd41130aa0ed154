import { appendToAnnotation } from '../core/annotation';
import { ExpiryState, type CertificateVerdict } from '../core/evaluate-certificate';
import type { Evaluation } from '../core/evaluation';
import { ownerNote } from '../core/security-hub-finding';
import type { ServerCertificate } from '../core/server-certificate';
import type { UsageInventory } from '../usage/certificate-usage';
import { formatUsage } from '../usage/format-usage';
import { usageOf } from '../usage/usage-of';

/**
 * Room for the usage note in a 256-character annotation: enough for two or
 * three consumers, leaving the expiry sentence most of the space.
 */
export const USAGE_NOTE_LENGTH = 100;

/**
 * Room for the usage account in a Security Hub finding's 1,024-character
 * description: several times the annotation's, beside the expiry, the owner
 * and what to do (the description cuts it further if all do not fit).
 */
export const FINDING_USAGE_NOTE_LENGTH = 400;

/** Room for the owner note: a long tag value (up to 256 characters in IAM) must not crowd out the verdict. */
export const OWNER_NOTE_LENGTH = 60;

/**
 * What uses the certificate, for its annotation: "in use by elb
 * my-app-elb:443", "not referenced", "usage unknown: …", and "not
 * referenced: safe to delete" only for an expired certificate that every
 * region enabled for the account was scanned for. A failed look-up never
 * changes a verdict, only this note.
 */
export function usageNote(certificate: ServerCertificate, inventory: UsageInventory, verdict: Pick<CertificateVerdict, 'state'>): string {
  return formatUsage(usageOf(certificate, inventory), { expired: verdict.state === ExpiryState.Expired, maxLength: USAGE_NOTE_LENGTH });
}

/** What uses the certificate, for its annotation and, at greater length and only when `forFinding`, its Security Hub finding. */
export function usageNotes(
  certificate: ServerCertificate,
  inventory: UsageInventory,
  verdict: Pick<CertificateVerdict, 'state'>,
  forFinding: boolean,
): { readonly annotation: string; readonly finding: string | undefined } {
  const usage = usageOf(certificate, inventory);
  const expired = verdict.state === ExpiryState.Expired;
  return {
    annotation: formatUsage(usage, { expired, maxLength: USAGE_NOTE_LENGTH }),
    finding: forFinding ? formatUsage(usage, { expired, maxLength: FINDING_USAGE_NOTE_LENGTH }) : undefined,
  };
}

/** "owner team-web" or "no owner tag", bounded for an annotation. */
export function ownerAnnotationNote(owner: string | undefined): string {
  const note = ownerNote(owner);
  return note.length <= OWNER_NOTE_LENGTH ? note : `${note.slice(0, OWNER_NOTE_LENGTH - 1)}…`;
}

/**
 * Adds notes (usage, owner) to an evaluation's annotation, "; "-separated.
 * The notes are kept whole; the verdict sentence is cut at a word if all of
 * it does not fit in 256 characters.
 */
export function withNotes(evaluation: Evaluation, notes: readonly (string | undefined)[]): Evaluation {
  const suffix = notes.filter((note): note is string => note !== undefined && note !== '').join('; ');
  return suffix === '' ? evaluation : { ...evaluation, annotation: appendToAnnotation(evaluation.annotation, suffix) };
}
