/**
 * The controls this rule implements, in one place: every annotation, finding,
 * template description and document takes the ids from here.
 *
 * Source: AWS Security Hub User Guide, "Security Hub controls for IAM",
 * [IAM.26] "Expired SSL/TLS certificates managed in IAM should be removed":
 * "Related requirements: CIS AWS Foundations Benchmark v5.0.0/1.18, CIS AWS
 * Foundations Benchmark v3.0.0/1.19" (Category: Identify > Compliance;
 * Severity: Medium; AWS Config rule: iam-server-certificate-expiration-check).
 * CIS renumbers the recommendation between editions, so an edition is always
 * named with its number.
 */
export const SECURITY_HUB_CONTROL = 'IAM.26';

/** CIS AWS Foundations Benchmark edition → recommendation id (newest first). */
export const CIS_AWS_FOUNDATIONS = [
  { edition: 'v5.0.0', recommendation: '1.18' },
  { edition: 'v3.0.0', recommendation: '1.19' },
] as const;

/** "CIS AWS Foundations Benchmark v5.0.0/1.18", the form Security Hub writes related requirements in. */
export function cisRequirements(): string[] {
  return CIS_AWS_FOUNDATIONS.map(({ edition, recommendation }) => `CIS AWS Foundations Benchmark ${edition}/${recommendation}`);
}

/** Short form for a 256-character annotation: "Security Hub IAM.26, CIS 1.18 (v5.0.0) / 1.19 (v3.0.0)". */
export function shortControlReference(): string {
  const cis = CIS_AWS_FOUNDATIONS.map(({ edition, recommendation }) => `${recommendation} (${edition})`).join(' / ');
  return `Security Hub ${SECURITY_HUB_CONTROL}, CIS ${cis}`;
}
