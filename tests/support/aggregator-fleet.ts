import { judgeCertificate } from '../../src/core/certificate-policy';
import type { ComplianceType } from '../../src/core/compliance-type';
import { withNotes } from '../../src/rule/annotation-notes';
import type { AggregateResourceSeed, AggregateResultSeed, AggregatorSeed, SourceStatusSeed } from './stand-in/aggregator-service';

const DAY = 86_400_000;

/** Rule names as an organization conformance pack deploys them: base name plus a suffix. */
export const FLEET_RULES = [
  { name: 'iam-server-certificate-expired-conformance-pack-a1b2c3', days: 0 },
  { name: 'iam-server-certificate-expiring-conformance-pack-a1b2c3', days: 30 },
] as const;

/** The names Config gives the fleet's rules in member accounts when they are organization rules (PutOrganizationConfigRule). */
export const FLEET_ORGANIZATION_RULES = [
  { name: 'OrgConfigRule-iam-server-certificate-expired-dbgzf8ba', days: 0 },
  { name: 'OrgConfigRule-iam-server-certificate-expiring-dbgzf8ba', days: 30 },
] as const;

/** The 12-digit id of the fleet's `index`th account. */
export function fleetAccount(index: number): string {
  return String(100000000000 + index);
}

export interface FleetOptions {
  readonly accounts: number;
  readonly certificatesPerAccount: number;
  readonly now: Date;
  /** Extra certificates in account 0, so its result listings need more than one page. */
  readonly extraInFirstAccount?: number;
  readonly unreadableAccounts?: readonly string[];
  readonly region?: string;
  /** An account aggregator listing the fleet's accounts and these (which have no data); absent, an organization aggregator. */
  readonly listedAccounts?: 'fleet' | { readonly alsoWithoutData: readonly string[] };
  /** Accounts whose rules are organization rules, named as {@link FLEET_ORGANIZATION_RULES}. */
  readonly organizationRuleAccounts?: readonly string[];
  readonly sourceStatuses?: readonly SourceStatusSeed[];
  /**
   * Certificates (by fleet name, `cert-<account>-<index>`) whose rules run
   * with tagOverrides: their expiry in days from `now` and their IAM tags
   * (`iam-cert-expiry:exception`, `iam-cert-expiry:window-days`).
   */
  readonly tagged?: Readonly<Record<string, TaggedCertificate>>;
}

/** A certificate with window or exception tags, judged by rules deployed with tagOverrides. */
export interface TaggedCertificate {
  readonly daysLeft: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The maxExceptionDays the fleet's rules run with (the rule's default). */
export const FLEET_MAX_EXCEPTION_DAYS = 90;

/**
 * One rule's verdict on one certificate as the rule delivers it to Config:
 * the core's verdict with its note on the tags appended as the rule appends
 * it (src/rule/annotation-notes.ts), so the annotation is the real one.
 * Without `tags`, the rule runs without tagOverrides.
 */
export function ruleResult(
  certificate: { readonly name: string; readonly expiration: Date },
  now: Date,
  days: number,
  tags?: Readonly<Record<string, string>>,
): { readonly complianceType: ComplianceType; readonly annotation: string } {
  const parameters = { daysToExpiration: days, tagOverrides: tags !== undefined, maxExceptionDays: FLEET_MAX_EXCEPTION_DAYS };
  const { verdict, note } = judgeCertificate(certificate, now, parameters, tags === undefined ? undefined : { kind: 'read', tags: new Map(Object.entries(tags)) });
  const { complianceType, annotation } = withNotes({ resourceType: 'AWS::IAM::ServerCertificate', resourceId: certificate.name, orderingTimestamp: now, ...verdict }, [note]);
  return { complianceType, annotation };
}

/**
 * An organisation's aggregator: every account has certificates spread from
 * 40 days expired to two years ahead, both rules' results made by the rule's
 * own core (so annotations are the real ones), and the recorder's inventory.
 * `tagged` certificates get their own expiry and are judged with their tags.
 */
export function fleetSeed(options: FleetOptions): AggregatorSeed {
  const region = options.region ?? 'us-east-1';
  const results: AggregateResultSeed[] = [];
  const resources: AggregateResourceSeed[] = [];
  for (let account = 0; account < options.accounts; account += 1) {
    const accountId = fleetAccount(account);
    const count = options.certificatesPerAccount + (account === 0 ? (options.extraInFirstAccount ?? 0) : 0);
    for (let index = 0; index < count; index += 1) {
      const name = `cert-${account}-${index}`;
      const resourceId = `ASCA${String(account).padStart(6, '0')}${String(index).padStart(6, '0')}`;
      const tagged = options.tagged?.[name];
      const expiration = new Date(options.now.getTime() + (tagged?.daysLeft ?? ((account * 7 + index * 13) % 770) - 40) * DAY);
      resources.push({ accountId, region, resourceType: 'AWS::IAM::ServerCertificate', resourceId, resourceName: name });
      for (const rule of options.organizationRuleAccounts?.includes(accountId) === true ? FLEET_ORGANIZATION_RULES : FLEET_RULES) {
        const verdict = ruleResult({ name, expiration }, options.now, rule.days, tagged?.tags);
        results.push({
          ruleName: rule.name,
          accountId,
          region,
          resourceId,
          complianceType: verdict.complianceType as AggregateResultSeed['complianceType'],
          annotation: verdict.annotation,
          recordedAt: new Date(options.now.getTime() - 3_600_000),
        });
      }
    }
  }
  const fleet = Array.from({ length: options.accounts }, (_, account) => fleetAccount(account));
  const listed = options.listedAccounts;
  return {
    results,
    resources,
    unreadableAccounts: options.unreadableAccounts ?? [],
    ...(listed === undefined ? {} : { accountIds: listed === 'fleet' ? fleet : [...fleet, ...listed.alsoWithoutData] }),
    ...(options.sourceStatuses === undefined ? {} : { sourceStatuses: options.sourceStatuses }),
  };
}
