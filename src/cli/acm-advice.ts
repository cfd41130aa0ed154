import { covers } from '../core/certificate-names';
import { GLOBAL_REGION, type Usage } from '../usage/certificate-usage';

/** Where an issued ACM certificate could replace an IAM one. */
export interface AcmCandidate {
  readonly region: string;
  readonly arn: string;
}

/** Reads issued ACM certificates by region. */
export interface AcmReader {
  issued(region: string): Promise<ReadonlyArray<{ readonly arn: string; readonly names: readonly string[] }>>;
}

/**
 * CloudFront takes ACM certificates only from US East (N. Virginia)
 * (CloudFront Developer Guide, "Requirements for using SSL/TLS certificates
 * with CloudFront": the certificate must be requested or imported in us-east-1).
 */
export const CLOUDFRONT_ACM_REGION = 'us-east-1';

/**
 * The issued ACM certificates that already cover every name of an IAM
 * certificate, one in each region its consumers need (the load balancer's
 * region; us-east-1 for CloudFront). `undefined` unless every such region has
 * one: then the advice is "repoint to ACM", not "renew". Classic, Application
 * and Network Load Balancers and CloudFront all accept ACM certificates.
 */
export async function acmReplacement(names: readonly string[], usages: readonly Usage[], acm: AcmReader): Promise<AcmCandidate[] | undefined> {
  if (names.length === 0 || usages.length === 0) return undefined;
  const regions = [...new Set(usages.map((usage) => (usage.region === GLOBAL_REGION ? CLOUDFRONT_ACM_REGION : usage.region)))].sort();
  const candidates: AcmCandidate[] = [];
  for (const region of regions) {
    const match = (await acm.issued(region)).find((certificate) => names.every((name) => covers(certificate.names, name)));
    if (match === undefined) return undefined;
    candidates.push({ region, arn: match.arn });
  }
  return candidates;
}

/** "repoint to ACM arn:… (eu-west-1), arn:… (us-east-1)". */
export function acmAdvice(candidates: readonly AcmCandidate[]): string {
  return `repoint to ACM ${candidates.map((candidate) => `${candidate.arn} (${candidate.region})`).join(', ')}`;
}
