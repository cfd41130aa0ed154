/**
 * The controls this rule implements, in one place: every annotation, finding,
 * help text and test takes the ids from here, and the templates, package.json
 * and documents write them as {@link cisReference} does (tests/cis-numbering.test.ts
 * checks every mention against this table).
 *
 * Security Hub: AWS Security Hub User Guide, "Security Hub CSPM controls for
 * IAM", [IAM.26] "Expired SSL/TLS certificates managed in IAM should be
 * removed" (Category: Identify > Compliance; Severity: Medium; AWS Config rule:
 * iam-server-certificate-expiration-check; Schedule type: Periodic).
 *
 * CIS renumbers the recommendation ("Ensure that all expired SSL/TLS
 * certificates stored in AWS IAM are removed") between editions, so an edition
 * is always named with its number; each row says where its number comes from.
 */
export const SECURITY_HUB_CONTROL = 'IAM.26';

/** Where a row of {@link CIS_AWS_FOUNDATIONS} was read. */
export const CisSource = {
  /** IAM.26's "Related requirements" in the Security Hub User Guide. */
  SecurityHub: 'AWS Security Hub User Guide, IAM.26, Related requirements',
  /**
   * Prowler's mapping of the edition (prowler-cloud/prowler,
   * prowler/compliance/aws/cis_6.0_aws.json, commit 2cf15348651a608de153f15725135c2a1dded718:
   * requirement Id "2.18", "Ensure that all expired SSL/TLS certificates stored
   * in AWS IAM are removed", Section "2 Identity and Access Management",
   * Level 1, Automated). Security Hub's IAM.26 page does not list v6.0.0.
   */
  ProwlerCis600: 'prowler-cloud/prowler, prowler/compliance/aws/cis_6.0_aws.json, Id 2.18',
} as const;

export type CisSource = (typeof CisSource)[keyof typeof CisSource];

/** One edition of the CIS AWS Foundations Benchmark and the number it gives this recommendation. */
export interface CisRecommendation {
  readonly edition: string;
  readonly recommendation: string;
  readonly source: CisSource;
}

/** CIS AWS Foundations Benchmark edition → recommendation id, newest first. */
export const CIS_AWS_FOUNDATIONS: readonly CisRecommendation[] = [
  { edition: 'v6.0.0', recommendation: '2.18', source: CisSource.ProwlerCis600 },
  { edition: 'v5.0.0', recommendation: '1.18', source: CisSource.SecurityHub },
  { edition: 'v3.0.0', recommendation: '1.19', source: CisSource.SecurityHub },
];

/**
 * "CIS AWS Foundations Benchmark v5.0.0/1.18", the form Security Hub writes
 * related requirements in, for the editions Security Hub itself relates to
 * IAM.26 and no other: a finding's `Compliance.RelatedRequirements` says what
 * Security Hub says.
 */
export function securityHubCisRequirements(): string[] {
  return CIS_AWS_FOUNDATIONS.filter(({ source }) => source === CisSource.SecurityHub).map(
    ({ edition, recommendation }) => `CIS AWS Foundations Benchmark ${edition}/${recommendation}`,
  );
}

/** "v6.0.0 2.18 / v5.0.0 1.18 / v3.0.0 1.19": each edition before its number, so no cut of the text can leave a number without its edition. */
function editionsAndNumbers(rows: readonly CisRecommendation[]): string {
  return rows.map(({ edition, recommendation }) => `${edition} ${recommendation}`).join(' / ');
}

/**
 * The CIS recommendation in prose, every edition with its number:
 * "CIS AWS Foundations v6.0.0 2.18 / v5.0.0 1.18 / v3.0.0 1.19". Templates'
 * descriptions, package.json and the documents write it this way.
 */
export function cisReference(): string {
  return `CIS AWS Foundations ${editionsAndNumbers(CIS_AWS_FOUNDATIONS)}`;
}

/** Short form for a 256-character annotation: "Security Hub IAM.26, CIS v6.0.0 2.18 / v5.0.0 1.18 / v3.0.0 1.19". */
export function shortControlReference(): string {
  return controlReferences()[0];
}

/**
 * The control reference from longest to shortest: every edition, the newest
 * edition alone, the Security Hub control alone. An annotation takes the
 * longest that lets its sentence fit whole, so a long certificate name never
 * leaves the reference cut in the middle.
 */
export function controlReferences(): readonly [string, ...string[]] {
  const newest = CIS_AWS_FOUNDATIONS.slice(0, 1);
  return [
    `Security Hub ${SECURITY_HUB_CONTROL}, CIS ${editionsAndNumbers(CIS_AWS_FOUNDATIONS)}`,
    `Security Hub ${SECURITY_HUB_CONTROL}, CIS ${editionsAndNumbers(newest)}`,
    `Security Hub ${SECURITY_HUB_CONTROL}`,
  ];
}
