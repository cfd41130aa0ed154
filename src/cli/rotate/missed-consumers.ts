import { UsageService, type Usage } from '../../usage/certificate-usage';

// ARNs as IAM's DeleteConflict message names a certificate's users: "Certificate: ASCA… is currently in
// use by arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/my-elb. Please remove it first…".
const ARN = /arn:[\w-]+:[\w-]+:[\w-]*:\d{0,12}:[^\s,;]+/g;

// Load balancer ARNs (ELB User Guide, "Amazon Resource Names"): a Classic Load Balancer's
// `loadbalancer/<name>`; an ALB's or NLB's `loadbalancer/app/<name>/<id>` or `loadbalancer/net/<name>/<id>`.
const LOAD_BALANCER = /^arn:[\w-]+:elasticloadbalancing:([\w-]+):\d*:loadbalancer\/(?:(app|net)\/([^/]+)\/[^/]+|([^/]+))$/;
// A distribution's: `arn:aws:cloudfront::<account>:distribution/<id>`.
const DISTRIBUTION = /^arn:[\w-]+:cloudfront::\d*:distribution\/([^/]+)$/;

/** The resources IAM names in a DeleteConflict message (a trailing full stop is the sentence's, not the ARN's). */
export function conflictingResources(message: string): string[] {
  return [...new Set([...message.matchAll(ARN)].map((match) => match[0].replace(/\.+$/, '')))];
}

/**
 * The resources IAM still sees using the old certificate that are none of
 * the consumers this rotation moved: a consumer the scan never found (a
 * region not scanned, a kind of consumer not scanned, one added since). A
 * resource that is one of them is IAM not having seen the repoint yet. An
 * ARN of a form not recognised is counted as missed: it cannot be shown to
 * be one that was moved.
 */
export function missedConsumers(message: string, repointed: readonly Usage[]): string[] {
  return conflictingResources(message).filter((arn) => !repointed.some((usage) => sameResource(arn, usage)));
}

function sameResource(arn: string, usage: Usage): boolean {
  const loadBalancer = LOAD_BALANCER.exec(arn);
  if (loadBalancer !== null) {
    const [, region, v2, v2Name, classicName] = loadBalancer;
    const service = v2 === undefined ? UsageService.Elb : UsageService.Elbv2;
    return usage.service === service && usage.region === region && usage.resource === (v2Name ?? classicName);
  }
  const distribution = DISTRIBUTION.exec(arn);
  return distribution !== null && usage.service === UsageService.CloudFront && usage.resource === distribution[1];
}
