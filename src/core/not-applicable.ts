import { fitAnnotation } from './annotation';
import { ComplianceType } from './compliance-type';
import type { CertificateVerdict } from './evaluate-certificate';

/** Why a resource gets NOT_APPLICABLE instead of a verdict on its expiry. */
export const NotApplicableReason = {
  /** Config reports the certificate deleted (`ResourceDeleted`, `ResourceDeletedNotRecorded`). */
  Deleted: 'Deleted',
  /** The recorder stopped recording it (`ResourceNotRecorded`). */
  NotRecorded: 'NotRecorded',
  /** The change moved the resource out of the rule's scope (`eventLeftScope`). */
  LeftScope: 'LeftScope',
  /** Config still knows the resource, but IAM no longer has it (`NoSuchEntity`). */
  GoneFromIam: 'GoneFromIam',
  /** An earlier run reported it, and the periodic run no longer finds it. */
  NoLongerPresent: 'NoLongerPresent',
  /** A change event for a resource type this rule does not evaluate (a rule scoped too widely). */
  OtherResourceType: 'OtherResourceType',
  /** The account itself (`AWS::::Account`): a complete periodic listing found no server certificate in IAM. */
  NoCertificatesInAccount: 'NoCertificatesInAccount',
} as const;

export type NotApplicableReason = (typeof NotApplicableReason)[keyof typeof NotApplicableReason];

const TEXT: Record<NotApplicableReason, string> = {
  Deleted: 'The certificate was deleted from IAM; nothing left to evaluate.',
  NotRecorded: 'AWS Config no longer records this certificate; nothing to evaluate.',
  LeftScope: 'The certificate left the scope of this rule; nothing to evaluate.',
  GoneFromIam: 'IAM no longer has this certificate (NoSuchEntity); nothing to evaluate.',
  NoLongerPresent: 'No longer in IAM at the periodic check (deleted or renamed); earlier result cleared.',
  OtherResourceType: 'This rule evaluates only AWS::IAM::ServerCertificate; scope the rule to that resource type.',
  NoCertificatesInAccount:
    'IAM holds no server certificates in this account at this periodic check: nothing to judge, so nothing is reported compliant. A certificate uploaded later gets its own result.',
};

/**
 * The NOT_APPLICABLE verdict for a resource that has nothing to evaluate, with
 * an annotation that says why.
 */
export function notApplicable(reason: NotApplicableReason): CertificateVerdict {
  return { complianceType: ComplianceType.NotApplicable, state: reason, annotation: fitAnnotation(TEXT[reason]) };
}
