import type { ServerCertificate } from '../../src/core/server-certificate';
import type { AwsTarget } from '../../src/cli/aws-target';
import type { CliEnvironment, CliServices } from '../../src/cli/cli-dependencies';
import { DeleteOutcome } from '../../src/cli/retire/iam-certificate-retirer';
import type { RegionCoverage, UsageInventory } from '../../src/usage/certificate-usage';
import type { ScanOptions } from '../../src/usage/reference-finder';
import type { AggregateReader } from '../../src/adapters/config-aggregate-types';
import type { OrganizationAccounts } from '../../src/adapters/organization-accounts';
import type { RuleDeploymentProof } from '../../src/adapters/organization-rule-proof';
import type { RegionListing } from '../../src/usage/region-scope';
import { ENABLED_REGIONS } from '../fixtures/usage-inventory';

export const NOW = new Date('2026-11-23T12:00:00Z');
const MS_PER_DAY = 86_400_000;

/** A certificate expiring `days` days after {@link NOW} (negative: expired). */
export function cert(name: string, days: number): ServerCertificate {
  return {
    name,
    id: `ASCA${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
    arn: `arn:aws:iam::123456789012:server-certificate/${name}`,
    path: '/',
    expiration: new Date(NOW.getTime() + days * MS_PER_DAY),
  };
}

/** What a fake scan found; its coverage is the scope the command asked for unless the test gives one. */
export type FakeScan = Omit<UsageInventory, 'coverage'> & { readonly coverage?: RegionCoverage };

export const EMPTY_INVENTORY: FakeScan = { references: [], failures: [] };

/** `usageScope` in JSON when every region of {@link ENABLED_REGIONS} and CloudFront were checked. */
export const COMPLETE_USAGE_SCOPE = {
  complete: true,
  enabledRegions: [...ENABLED_REGIONS],
  regionListFailure: null,
  regionsChecked: [...ENABLED_REGIONS],
  regionsNotChecked: [],
  cloudFrontChecked: true,
} as const;

/** An inventory in which `certificate` is served by an ELB listener on 443. */
export function inUse(certificate: ServerCertificate, resource = 'my-app-elb'): FakeScan {
  return {
    references: [{ certificate: { by: 'arn', value: certificate.arn }, usage: { service: 'elb', resource, detail: '443', region: 'us-east-1' } }],
    failures: [],
  };
}

export interface FakeOptions {
  certificates?: ServerCertificate[];
  /** Answers of successive usage scans; the last one repeats. */
  scans?: FakeScan[];
  /** What `account:ListRegions` gives; default: {@link ENABLED_REGIONS} enabled. */
  regions?: RegionListing;
  /** What `get(name)` returns at re-check; defaults to the listed certificate. */
  current?: Record<string, ServerCertificate | undefined>;
  deleteOutcome?: (name: string) => DeleteOutcome | Error;
  listError?: Error;
  appendError?: Error;
  /** Fails the append of the record whose `event` is this (`intent`, `outcome`…). */
  appendErrorOn?: { event: string; error: Error };
  identityError?: Error;
  profile?: string;
  defaultRegion?: string;
  /** The Config aggregator `report --aggregator` reads; default: one with no rules. */
  aggregates?: AggregateReader;
  /** What AWS Organizations answers; default: AccessDeniedException, as for a caller that is neither management account nor delegated administrator. */
  organization?: OrganizationAccounts;
  /** Where the organization's rules were deployed; default: OrganizationAccessDeniedException, as for a caller that is neither management account nor delegated administrator. */
  ruleDeployments?: RuleDeploymentProof;
  /** Certificate name → the DNS names its body serves. */
  names?: Record<string, string[]>;
  /** Thrown by every read of a certificate's names (e.g. iam:GetServerCertificate denied). */
  namesError?: Error;
  /** Region → issued ACM certificates there (Amazon-issued, RSA 2048, valid 300 days from {@link NOW} unless said otherwise). */
  acm?: Record<string, Array<{ arn: string; names: string[]; keyAlgorithm?: string; type?: string; notAfter?: Date }>>;
  /** What ACM's list answers instead, in every region (e.g. AccessDenied). */
  acmError?: Error;
  /** Certificate name → its IAM tags; none by default. */
  tags?: Record<string, Record<string, string>>;
  /** Thrown by every tag read (e.g. iam:ListServerCertificateTags denied). */
  tagsError?: Error;
}

/** A CLI environment over in-memory fakes that records everything the commands do. */
export function fakeEnvironment(options: FakeOptions = {}) {
  const certificates = options.certificates ?? [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const deleted: string[] = [];
  const deleteCalls: string[] = [];
  const scanRequests: ScanOptions[] = [];
  const gets: string[] = [];
  const appended: { file: string; line: string }[] = [];
  const regionsAsked: (string | undefined)[] = [];
  const targetsAsked: AwsTarget[] = [];
  const events: string[] = [];
  let organizationReads = 0;
  /** Certificates whose tags were read, in order. */
  const tagReads: string[] = [];
  const scans = options.scans ?? [EMPTY_INVENTORY];

  const services: CliServices = {
    certificates: {
      listAll: async () => {
        if (options.listError !== undefined) throw options.listError;
        return certificates;
      },
      get: async (name) => {
        gets.push(name);
        events.push(`get ${name}`);
        if (options.current !== undefined && name in options.current) return options.current[name];
        return certificates.find((c) => c.name === name);
      },
      dnsNamesOf: async (name) => {
        events.push(`names ${name}`);
        if (options.namesError !== undefined) throw options.namesError;
        return options.names?.[name] ?? [];
      },
      tagsOf: async (name) => {
        tagReads.push(name);
        if (options.tagsError !== undefined) throw options.tagsError;
        return new Map(Object.entries(options.tags?.[name] ?? {}));
      },
    },
    usage: {
      listRegions: async () => {
        events.push('regions');
        return options.regions ?? { regions: { enabled: ENABLED_REGIONS, changing: [] } };
      },
      scan: async (request) => {
        scanRequests.push(request);
        events.push('scan');
        request.onProgress?.('scanning elb in us-east-1');
        const found = scans[Math.min(scanRequests.length - 1, scans.length - 1)] ?? EMPTY_INVENTORY;
        const coverage = found.coverage ?? request.scope;
        if (coverage === undefined) throw new Error('the commands always hand the scan the scope they resolved');
        return { ...found, coverage };
      },
    },
    retirer: {
      delete: async (name) => {
        deleteCalls.push(name);
        events.push(`delete ${name}`);
        const outcome = options.deleteOutcome?.(name) ?? DeleteOutcome.Deleted;
        if (outcome instanceof Error) throw outcome;
        if (outcome === DeleteOutcome.Deleted) deleted.push(name);
        return outcome === DeleteOutcome.Conflict
          ? { outcome, message: `Certificate: ASCA is currently in use by arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/${name}-elb.` }
          : { outcome };
      },
    },
    defaultRegion: async () => options.defaultRegion ?? 'us-east-1',
    aggregates: options.aggregates ?? {
      sources: async () => ({ kind: 'organization', accountIds: [], regions: 'all' }),
      sourceStatuses: async () => [],
      ruleInstances: async () => [],
      evaluations: async () => [],
      certificates: async () => [],
    },
    organization: {
      accounts: async () => {
        organizationReads += 1;
        return options.organization ?? { readable: false, reason: "AccessDeniedException: You don't have permissions to access this resource." };
      },
    },
    ruleDeployments: {
      deployments: async () => options.ruleDeployments ?? { readable: false, reason: 'OrganizationAccessDeniedException: This action can only be performed if you are a registered delegated administrator for AWS Config.' },
    },
    acm: {
      issued: async (region) => {
        events.push(`acm ${region}`);
        if (options.acmError !== undefined) throw options.acmError;
        return (options.acm?.[region] ?? []).map((certificate) => ({
          region,
          keyAlgorithm: 'RSA_2048',
          type: 'AMAZON_ISSUED',
          notAfter: new Date(NOW.getTime() + 300 * MS_PER_DAY),
          ...certificate,
        }));
      },
    },
    identity: async () => {
      events.push('identity');
      if (options.identityError !== undefined) throw options.identityError;
      return { arn: 'arn:aws:sts::123456789012:assumed-role/CertAdmin/alice', account: '123456789012' };
    },
  };
  const written = new Map<string, string>();

  let tick = 0;
  const environment: CliEnvironment = {
    services: (target) => {
      regionsAsked.push(target.region);
      targetsAsked.push(target);
      return services;
    },
    io: { stdout: (text) => void stdout.push(text), stderr: (text) => void stderr.push(text) },
    now: NOW,
    clock: () => new Date(NOW.getTime() + 1000 * ++tick),
    appendLine: async (file, line) => {
      if (options.appendError !== undefined) throw options.appendError;
      const event = (JSON.parse(line) as { event?: string }).event ?? '';
      if (options.appendErrorOn?.event === event) throw options.appendErrorOn.error;
      events.push(`audit ${event}`);
      appended.push({ file, line });
    },
    writeFile: async (file, text) => void written.set(file, text),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  };
  return {
    environment,
    stdout: () => stdout.join(''),
    stderr: () => stderr.join(''),
    deleted,
    deleteCalls,
    scanRequests,
    gets,
    events,
    tagReads,
    regionsAsked,
    targetsAsked,
    auditLines: () =>
      appended
        .map((a) => a.line)
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    appended,
    written,
    organizationReads: () => organizationReads,
  };
}
