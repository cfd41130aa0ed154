/**
 * The verdicts this rule reports. AWS Config also knows `INSUFFICIENT_DATA`,
 * but a custom rule may not report it through `PutEvaluations` (Config
 * API reference, Evaluation.ComplianceType), so it is not offered here.
 */
export const ComplianceType = {
  Compliant: 'COMPLIANT',
  NonCompliant: 'NON_COMPLIANT',
  NotApplicable: 'NOT_APPLICABLE',
} as const;

export type ComplianceType = (typeof ComplianceType)[keyof typeof ComplianceType];
