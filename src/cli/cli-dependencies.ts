import { ACMClient } from '@aws-sdk/client-acm';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { AcmCertificates } from '../adapters/acm-certificates';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigAggregateReader } from '../adapters/config-aggregate-reader';
import { IamCertificateStore } from '../adapters/iam-certificate-store';
import { OrganizationsAccountReader, type OrganizationReader } from '../adapters/organization-accounts';
import { ConfigOrganizationStatus } from '../adapters/config-organization-status';
import { ConfigRuleDeploymentProof, type RuleDeploymentProofReader } from '../adapters/organization-rule-proof';
import type { ServerCertificate } from '../core/server-certificate';
import type { UsageInventory } from '../usage/certificate-usage';
import { CertificateReferenceFinder, type ScanOptions } from '../usage/reference-finder';
import type { RegionListing } from '../usage/region-scope';
import { createUsageClients } from '../usage/usage-clients';
import type { AcmReader } from './acm-advice';
import type { AppendLine } from './audit-log';
import type { RotationFactory, RotationServices } from './rotate/rotation-services';
import { cliClientSettings, type AwsTarget } from './aws-target';
import type { CliIo } from './cli-io';
import type { AggregateReader } from '../adapters/config-aggregate-types';
import { IamCertificateRetirer, type CertificateRetirer } from './retire/iam-certificate-retirer';

/** Reads certificates; `IamCertificateStore` in production. */
export interface CertificateReader {
  listAll(): Promise<ServerCertificate[]>;
  /** `undefined` when the certificate no longer exists. */
  get(name: string): Promise<ServerCertificate | undefined>;
  /** The DNS names it serves (from its body); empty when unknown. */
  dnsNamesOf(name: string): Promise<string[]>;
  /** Its IAM tags (`ListServerCertificateTags`), key → value; empty when it is gone. */
  tagsOf(name: string): Promise<ReadonlyMap<string, string>>;
}

/** Scans for references; `CertificateReferenceFinder` in production. */
export interface UsageScanner {
  /** The account's regions and their opt-in statuses (`account:ListRegions`), or why they could not be read. */
  listRegions(): Promise<RegionListing>;
  scan(options: ScanOptions): Promise<UsageInventory>;
}

/** The caller, as STS GetCallerIdentity names it. */
export interface CallerIdentity {
  readonly arn: string;
  readonly account: string;
}

/** What the commands talk to; AWS adapters in production, fakes in tests. */
export interface CliServices {
  readonly certificates: CertificateReader;
  readonly usage: UsageScanner;
  readonly retirer: CertificateRetirer;
  /** Reads a Config aggregator (`report --aggregator`). */
  readonly aggregates: AggregateReader;
  /** AWS Organizations' account list (`report --aggregator` over an organization aggregator). */
  readonly organization: OrganizationReader;
  /** Where the organization's rules were deployed (`report --aggregator` over an organization aggregator: aggregate-proof.ts). */
  readonly ruleDeployments: RuleDeploymentProofReader;
  /** Issued ACM certificates by region: what could replace an IAM certificate. */
  readonly acm: AcmReader;
  /** The region the load balancer scan defaults to: `--region`, else the SDK's own resolution. */
  defaultRegion(): Promise<string>;
  /** Who the credentials belong to, for the audit log. */
  identity(): Promise<CallerIdentity>;
}

/** Builds the services for the global `--region` and profile. */
export type ServicesFactory = (target: AwsTarget) => CliServices;

/** Everything from outside the commands: services, streams, time, files. */
export interface CliEnvironment {
  readonly services: ServicesFactory;
  readonly io: CliIo;
  /** The instant certificates are judged against, read once by the entry point. */
  readonly now: Date;
  /** Wall-clock time for audit timestamps, which happen later than `now` on long runs. */
  readonly clock: () => Date;
  readonly appendLine: AppendLine;
  /** Writes (replaces) a whole file, e.g. `report --html FILE`. */
  readonly writeFile: (path: string, text: string) => Promise<void>;
  /** `rotate`'s IAM, consumer and TLS services; `awsRotation` in production. */
  readonly rotation?: RotationFactory;
  /** `AWS_PROFILE`: the profile when no `--profile` is given. */
  readonly profile?: string;
}

/**
 * What a command sees: the services already bound to the global flags
 * (`runCli` binds them), so no command parses `--region` or `--profile`.
 */
export interface CommandEnvironment extends Omit<CliEnvironment, 'services' | 'rotation'> {
  services(): CliServices;
  /**
   * Where the AWS calls go (the global `--region`, the profile in effect), for
   * a command that builds clients of its own: `doctor`, whose clients are
   * loaded only when it runs (see run-cli.ts).
   */
  readonly target: AwsTarget;
  readonly rotation?: () => RotationServices;
  /** The profile in effect (`--profile`, else `AWS_PROFILE`), for the audit log. */
  readonly profile?: string;
}

/**
 * The AWS services from the standard SDK environment (credential chain,
 * `AWS_ENDPOINT_URL…`), with `--profile` choosing the profile and `--region`
 * overriding the region.
 */
export const awsServices: ServicesFactory = (target) => {
  const settings = cliClientSettings(target);
  const iam = new IAMClient(settings);
  return {
    certificates: new IamCertificateStore(iam),
    usage: new CertificateReferenceFinder(createUsageClients(target.region, settings.credentials, settings.profile)),
    retirer: new IamCertificateRetirer(iam),
    aggregates: new ConfigAggregateReader(new ConfigServiceClient(settings)),
    // Organization rules and packs are regional (organization-rule-proof.ts): one client per region the report covers.
    ruleDeployments: new ConfigRuleDeploymentProof((region) => new ConfigOrganizationStatus(new ConfigServiceClient({ ...settings, region }))),
    // Organizations' endpoint is global (us-east-1 in the aws partition), whatever the region given: the SDK resolves it.
    organization: new OrganizationsAccountReader(new OrganizationsClient(settings)),
    acm: new AcmCertificates((acmRegion) => new ACMClient({ ...settings, region: acmRegion })),
    defaultRegion: async () => target.region ?? (await iam.config.region()),
    identity: async () => {
      // Needs no permission (STS API reference, GetCallerIdentity: "No
      // permissions are required to perform this operation").
      const sts = new STSClient(settings);
      try {
        const answer = await sts.send(new GetCallerIdentityCommand({}));
        return { arn: answer.Arn ?? '', account: answer.Account ?? '' };
      } finally {
        sts.destroy();
      }
    },
  };
};

