import { UsageService, type Usage } from '../../usage/certificate-usage';
import type { UsageClients } from '../../usage/usage-clients';
import { sendNamingNew, systemClock, type OnRetry, type RetryClock } from './propagation-retry';
import { repointClassicListener } from './repoint-classic-elb';
import { repointDistribution } from './repoint-cloudfront';
import { repointListenerV2 } from './repoint-elbv2';
import type { CertificateRef, ConsumerRepointer, RepointResult } from './rotation-services';

/** By which clock "certificate not found yet" is retried (for CERTIFICATE_PROPAGATION_WINDOW_MS). */
export interface RepointerOptions {
  /** Default: the real clock. */
  readonly clock?: RetryClock;
}

/** Repoints any consumer the usage scan reports, through the API its service has. */
export class AwsConsumerRepointer implements ConsumerRepointer {
  public constructor(
    private readonly clients: UsageClients,
    private readonly options: RepointerOptions = {},
  ) {}

  public repoint(usage: Usage, from: CertificateRef, to: CertificateRef, onRetry: OnRetry): Promise<RepointResult> {
    const sendNew = sendNamingNew(usage.service, to.uploadedAt, { clock: this.options.clock ?? systemClock, onRetry });
    switch (usage.service) {
      case UsageService.Elb:
        return repointClassicListener(this.clients, usage, from, to, sendNew);
      case UsageService.Elbv2:
        return repointListenerV2(this.clients, usage, from, to, sendNew);
      case UsageService.CloudFront:
        return repointDistribution(this.clients, usage, from, to, sendNew);
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
