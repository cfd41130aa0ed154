import { UsageService, type Usage } from '../../usage/certificate-usage';
import type { UsageClients } from '../../usage/usage-clients';
import { systemClock, type OnRetry, type RetryClock } from './propagation-retry';
import { repointClassicListener } from './repoint-classic-elb';
import { repointDistribution } from './repoint-cloudfront';
import { repointListenerV2 } from './repoint-elbv2';
import type { CertificateRef, ConsumerRepointer, RepointResult } from './rotation-services';

/** How long and by which clock "certificate not found yet" is retried. */
export interface RepointerOptions {
  /** Default: the real clock. */
  readonly clock?: RetryClock;
  /** Default: CERTIFICATE_PROPAGATION_WINDOW_MS. */
  readonly propagationWindowMs?: number;
}

/** Repoints any consumer the usage scan reports, through the API its service has. */
export class AwsConsumerRepointer implements ConsumerRepointer {
  public constructor(
    private readonly clients: UsageClients,
    private readonly options: RepointerOptions = {},
  ) {}

  public repoint(usage: Usage, from: CertificateRef, to: CertificateRef, onRetry: OnRetry): Promise<RepointResult> {
    const retry = {
      clock: this.options.clock ?? systemClock,
      onRetry,
      ...(this.options.propagationWindowMs === undefined ? {} : { windowMs: this.options.propagationWindowMs }),
    };
    switch (usage.service) {
      case UsageService.Elb:
        return repointClassicListener(this.clients, usage, from, to, retry);
      case UsageService.Elbv2:
        return repointListenerV2(this.clients, usage, from, to, retry);
      case UsageService.CloudFront:
        return repointDistribution(this.clients, usage, from, to, retry);
    }
  }
}

/** The calls a repoint of this consumer makes, for the plan. */
export function repointCalls(usage: Usage): string {
  switch (usage.service) {
    case UsageService.Elb:
      return 'SetLoadBalancerListenerSSLCertificate';
    case UsageService.Elbv2:
      return / additional$/.test(usage.detail) ? 'AddListenerCertificates, then RemoveListenerCertificates' : 'ModifyListener';
    case UsageService.CloudFront:
      return 'GetDistributionConfig, then UpdateDistribution with If-Match: ETag';
  }
}
