import { AggregatorStore } from './aggregator-service';
import { CertificateConsumers } from './certificate-consumers';
import { CertificateStore, type CertificateSeed, type StoredCertificate } from './certificate-store';
import { DiscoveredResources } from './discovered-resources';
import { EvaluationStore } from './evaluation-store';

/** The resource type the stand-in's recorder records certificates under. */
export const SERVER_CERTIFICATE_TYPE = 'AWS::IAM::ServerCertificate';

/** Everything the stand-in's IAM and Config hold for one account. */
export class StandInState {
  public readonly certificates: CertificateStore;
  public readonly discovered = new DiscoveredResources();
  public readonly evaluations = new EvaluationStore();
  /** Config aggregators this account owns (Config API reference, the Aggregate* operations). */
  public readonly aggregators = new AggregatorStore();
  /** Load balancers (per region) and CloudFront distributions that may serve the certificates. */
  public readonly consumers: CertificateConsumers;
  /**
   * Whether the Config recorder "discovers" certificates as they are added,
   * with resourceId = ServerCertificateId and resourceName = the name. Off, the
   * rule must fall back to the certificate name as resource id.
   */
  public recordCertificates: boolean;
  /** Evaluations received with `TestMode: true`: validated, counted, never stored. */
  public testModeEvaluations = 0;

  public constructor(
    public readonly accountId: string,
    recordCertificates: boolean,
  ) {
    this.certificates = new CertificateStore(accountId);
    this.consumers = new CertificateConsumers(accountId);
    this.recordCertificates = recordCertificates;
  }

  /** Adds a certificate to IAM and, when recording, to Config's discovered resources. */
  public addCertificate(seed: CertificateSeed & { readonly chain?: string }): StoredCertificate {
    const certificate = this.certificates.add(seed);
    if (this.recordCertificates) this.discovered.add(SERVER_CERTIFICATE_TYPE, certificate.id, certificate.name);
    return certificate;
  }

  /** Deletes a certificate from IAM; the recorder marks it deleted. False when there was none. */
  public deleteCertificate(name: string): boolean {
    const certificate = this.certificates.get(name);
    if (certificate === undefined) return false;
    this.certificates.delete(name);
    this.discovered.markDeleted(SERVER_CERTIFICATE_TYPE, certificate.id, new Date());
    return true;
  }

  /** Forgets everything. */
  public clear(): void {
    this.certificates.clear();
    this.discovered.clear();
    this.evaluations.clear();
    this.consumers.clear();
    this.aggregators.clear();
    this.testModeEvaluations = 0;
  }
}
