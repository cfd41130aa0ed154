import { AccountRegions } from './account-service';
import { AggregatorStore } from './aggregator-service';
import { DEFAULT_RECORDER, RecorderStore, recordsServerCertificates, type RecorderSeed } from './config-recorder-service';
import { ConfigRuleStore } from './config-rules-service';
import { LogGroups } from './logs-service';
import { OrganizationStatusStore } from './organization-status-service';
import { LambdaFunctions } from './lambda-service';
import { CertificateConsumers } from './certificate-consumers';
import { CertificateStore, type CertificateSeed, type StoredCertificate } from './certificate-store';
import { DiscoveredResources } from './discovered-resources';
import { EvaluationStore } from './evaluation-store';
import { AcmState } from './acm-service';
import { IamPropagation } from './iam-propagation';
import { SecurityHubFindingsState } from './securityhub-service';

/** The resource type the stand-in's recorder records certificates under. */
export const SERVER_CERTIFICATE_TYPE = 'AWS::IAM::ServerCertificate';

/**
 * The resource id the recorder gives a server certificate. Config's resource
 * schema for `AWS::IAM::ServerCertificate` (awslabs/aws-config-resource-schema,
 * `AWS::IAM::ServerCertificate.properties.json`) has `resourceName`,
 * `configuration.ServerCertificateName`, `Path` and `Arn` and no
 * `ServerCertificateId`, and Cloud Custodian maps this type's Config id to the
 * name: `'name'` is the default. `'serverCertificateId'` (`ASCA…`) is kept as
 * an option, so the rule is tested against both.
 */
export type ConfigResourceIdShape = 'name' | 'serverCertificateId';

/** Everything the stand-in's IAM and Config hold for one account. */
export class StandInState {
  public readonly certificates: CertificateStore;
  public readonly discovered = new DiscoveredResources();
  public readonly evaluations = new EvaluationStore();
  /** Config aggregators this account owns (Config API reference, the Aggregate* operations). */
  public readonly aggregators: AggregatorStore;
  /** The account's ACM certificates, in every region. */
  public readonly acm: AcmState;
  /** The account's Security Hub findings (BatchImportFindings, GetFindings). */
  public readonly securityHub: SecurityHubFindingsState;
  /** Config rules deployed here and their evaluation status (DescribeConfigRules, DescribeConfigRuleEvaluationStatus). */
  public readonly configRules: ConfigRuleStore;
  /** Configuration recorders (DescribeConfigurationRecorders, …Status); set one with {@link setRecorder}. */
  public readonly recorders: RecorderStore;
  /** CloudWatch Logs log groups, by region (FilterLogEvents). */
  public readonly logs = new LogGroups();
  /** Lambda functions, by region (GetFunctionConfiguration: lambda-service.ts). */
  public readonly lambdaFunctions = new LambdaFunctions();
  /** Organization rules and conformance packs this account deployed, per member account. */
  public readonly organizationStatus = new OrganizationStatusStore();
  /** Load balancers (per region) and CloudFront distributions that may serve the certificates. */
  public readonly consumers: CertificateConsumers;
  /** The account's Regions and their opt-in statuses (Account Management ListRegions); a new account's by default. */
  public readonly regions = new AccountRegions();
  /** IAM's eventual consistency as ELB, ELBv2, CloudFront and DeleteServerCertificate see it (off by default). */
  public readonly iamPropagation = new IamPropagation();
  /**
   * Whether the Config recorder "discovers" certificates as they are added,
   * under the resource id {@link configResourceIds} says and resourceName =
   * the name. Off, the rule must fall back to the certificate name as resource id.
   */
  public recordCertificates: boolean;
  /** How the recorder keys certificates (see {@link ConfigResourceIdShape}). */
  public configResourceIds: ConfigResourceIdShape = 'name';
  /**
   * False models a region with no configuration recorder: Config's list calls
   * answer `NoAvailableConfigurationRecorderException` (Config API reference,
   * ListDiscoveredResources, Errors).
   */
  public recorderAvailable = true;
  /** Evaluations received with `TestMode: true`: validated, counted, never stored. */
  public testModeEvaluations = 0;
  /**
   * At most this many tags a `ListServerCertificateTags` page, whatever
   * `MaxItems` asks: IAM "might return fewer results, even when there are
   * more results available" (IAM API reference). `undefined`: pages are as
   * large as `MaxItems`.
   */
  public iamTagPageLimit: number | undefined;

  public constructor(
    public readonly accountId: string,
    recordCertificates: boolean,
  ) {
    this.certificates = new CertificateStore(accountId);
    this.aggregators = new AggregatorStore(accountId);
    this.securityHub = new SecurityHubFindingsState(accountId);
    this.acm = new AcmState(accountId);
    this.configRules = new ConfigRuleStore(accountId);
    this.recorders = new RecorderStore(accountId);
    this.consumers = new CertificateConsumers(accountId, (certificateArn, user) => this.iamPropagation.detached(certificateArn, user));
    this.recordCertificates = recordCertificates;
  }

  /** Adds a certificate to IAM and, when recording, to Config's discovered resources. */
  public addCertificate(seed: CertificateSeed & { readonly chain?: string }): StoredCertificate {
    const certificate = this.certificates.add(seed);
    if (this.recordCertificates) this.discovered.add(SERVER_CERTIFICATE_TYPE, this.configIdOf(certificate), certificate.name);
    return certificate;
  }

  /** The resource id the recorder gives `certificate`. */
  public configIdOf(certificate: StoredCertificate): string {
    return this.configResourceIds === 'name' ? certificate.name : certificate.id;
  }

  /**
   * The recorder stops recording the account's certificates.
   * `'recorder-deleted'` removes the recorder: list calls then fail with
   * `NoAvailableConfigurationRecorderException` (Config API reference,
   * ListDiscoveredResources, Errors). `'type-not-recorded'` keeps it but drops
   * the type from recording: "After AWS Config stops recording a resource, it
   * retains the configuration information that was previously captured"
   * (Config Developer Guide, "Recording AWS resources"), so the certificates
   * recorded so far stay listed and ones uploaded later are never listed.
   */
  public stopRecording(how: 'recorder-deleted' | 'type-not-recorded'): void {
    this.setRecorder(how === 'recorder-deleted' ? undefined : { ...DEFAULT_RECORDER, allSupported: false, includeGlobalResourceTypes: false, strategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::EC2::Instance'] });
  }

  /**
   * Sets up (or, with `undefined`, deletes) the customer managed
   * configuration recorder, and makes what the recorder lists follow it:
   * without a recorder the list calls fail as {@link recorderAvailable} says;
   * a recorder that does not record server certificates, or is stopped, stops
   * discovering the ones added from now on ({@link recordCertificates}).
   */
  public setRecorder(seed: RecorderSeed | undefined): void {
    this.recorders.setCustomerManaged(seed);
    this.recorderAvailable = seed !== undefined;
    this.recordCertificates = seed !== undefined && recordsServerCertificates(seed);
  }

  /** Deletes a certificate from IAM; the recorder marks it deleted. False when there was none. */
  public deleteCertificate(name: string): boolean {
    const certificate = this.certificates.get(name);
    if (certificate === undefined) return false;
    this.certificates.delete(name);
    this.discovered.markDeleted(SERVER_CERTIFICATE_TYPE, this.configIdOf(certificate), new Date());
    return true;
  }

  /** Forgets everything. */
  public clear(): void {
    this.certificates.clear();
    this.discovered.clear();
    this.evaluations.clear();
    this.securityHub.clear();
    this.acm.clear();
    this.consumers.clear();
    this.iamPropagation.clear();
    this.aggregators.clear();
    this.regions.clear();
    this.configRules.clear();
    this.recorders.clear();
    this.logs.clear();
    this.organizationStatus.clear();
    this.lambdaFunctions.clear();
    this.testModeEvaluations = 0;
    this.recorderAvailable = true;
    this.iamTagPageLimit = undefined;
  }
}
