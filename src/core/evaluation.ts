import type { ComplianceType } from './compliance-type';
import type { CertificateVerdict } from './evaluate-certificate';

/** The only resource type this rule evaluates. */
export const SERVER_CERTIFICATE_RESOURCE_TYPE = 'AWS::IAM::ServerCertificate';

/**
 * One verdict for one resource, as the rule hands it to the reporter. A plain
 * value: tests compare whole lists of them.
 */
export interface Evaluation {
  readonly resourceType: string;
  /** The id AWS Config records for the resource (see docs/architecture.md). */
  readonly resourceId: string;
  readonly complianceType: ComplianceType;
  readonly annotation: string;
  /** Why, for logs and metrics; not sent to Config. */
  readonly state: CertificateVerdict['state'];
  /** When the change or the periodic run that produced this verdict happened. */
  readonly orderingTimestamp: Date;
}
