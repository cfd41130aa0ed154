import recordingRegions from './recording-regions.json';

/**
 * Where AWS Config records `AWS::IAM::ServerCertificate`. It is a global
 * resource type onboarded after February 2022, and such types "will only be
 * recorded in the service's home region for the commercial partition and AWS
 * GovCloud (US-West) for the GovCloud partition" (AWS Config Developer Guide,
 * "Selecting which resources AWS Config records", and the `RecordingGroup`
 * API reference); that page's table "Home Regions for Global Resource Types
 * Onboarded after February 2022" gives US East (N. Virginia) for IAM. For
 * China no AWS page names the region: Beijing is inferred from the managed
 * rule `iam-server-certificate-expiration-check` being "only available in
 * China (Beijing), US East (N. Virginia)" (its Config Developer Guide page).
 *
 * Everywhere else a recorder lists no certificates, change events never
 * come, and results cannot be linked to a Config resource. The table is a
 * JSON file so the packaging check (scripts/serverless-deploy-checks.cjs)
 * reads the same one.
 */
export const SERVER_CERTIFICATE_RECORDING_REGIONS: Readonly<Record<'aws' | 'aws-us-gov' | 'aws-cn', string>> = recordingRegions;

export type Partition = keyof typeof SERVER_CERTIFICATE_RECORDING_REGIONS;

/** The partition of a region name, for the three partitions above; `undefined` for others (ISO regions). */
export function partitionOf(region: string): Partition | undefined {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (/^us-iso/.test(region) || /^eu-isoe/.test(region)) return undefined;
  return /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region) ? 'aws' : undefined;
}

/**
 * The partition a Config rule's ARN names, else its region's, else `aws`:
 * what ARNs built for the rule's account (roles, schedules) must name.
 */
export function partitionOfRule(configRuleArn: string | undefined, region: string): string {
  return /^arn:(aws[a-z-]*):config:/.exec(configRuleArn ?? '')?.[1] ?? partitionOf(region) ?? 'aws';
}

/**
 * The region whose recorder records server certificates for `region`'s
 * partition, or `undefined` when the partition is not one this rule knows.
 */
export function recordingRegionFor(region: string): string | undefined {
  const partition = partitionOf(region);
  return partition === undefined ? undefined : SERVER_CERTIFICATE_RECORDING_REGIONS[partition];
}
