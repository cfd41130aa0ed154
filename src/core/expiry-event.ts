import { isoSeconds } from './annotation';
import { ComplianceType } from './compliance-type';
import { judgeCertificate, type ExceptionStatus, type CertificateTags, type PolicyParameters } from './certificate-policy';
import { daysToExpiry, ExpiryState } from './evaluate-certificate';
import { oneLine } from './override-tags';
import type { RuleParameters } from './rule-parameters';
import type { ServerCertificate } from './server-certificate';

/**
 * The `source` of every expiry event. ACM's are `aws.acm`; a custom source
 * may not start with `aws.` (EventBridge User Guide, "Amazon EventBridge
 * events": events from AWS services have `aws.` sources), so routing rules can
 * tell this rule's events from anything AWS sends.
 */
export const EXPIRY_EVENT_SOURCE = 'iam-server-certificate-expiry';

/**
 * The `detail-type`s, worded as ACM words its own ("ACM Certificate
 * Approaching Expiration", "ACM Certificate Expired": ACM User Guide,
 * "Amazon EventBridge support for ACM"), so one rule pattern can sit beside
 * the other. At most 128 characters (EventBridge API reference,
 * `PutEventsRequestEntry.DetailType`).
 */
export const ExpiryDetailType = {
  Approaching: 'IAM Server Certificate Approaching Expiration',
  Expired: 'IAM Server Certificate Expired',
} as const;

export type ExpiryDetailType = (typeof ExpiryDetailType)[keyof typeof ExpiryDetailType];

/**
 * How many consumers an event lists: enough for any real certificate, and
 * an entry stays a few KB, far below the `PutEvents` size limit
 * (src/adapters/eventbridge-expiry-events.ts). More are counted in
 * `ConsumersOmitted`.
 */
export const MAX_CONSUMERS_IN_EVENT = 25;

/** What the usage check found for a certificate, as an event carries it. */
export interface EventUsage {
  /** `in-use`, `not-referenced` (every region enabled for the account scanned, none found) or `unknown`. */
  readonly state: 'in-use' | 'not-referenced' | 'unknown';
  /** What serves it, e.g. `elb shop-elb:443 (us-east-1)`. */
  readonly consumers: readonly string[];
}

/** What a run knows of a certificate besides its metadata; all optional. */
export interface CertificateFacts {
  /** Its tags, when the run read them (owners or tag overrides); `undefined` when not read. */
  readonly tags?: CertificateTags;
  /** Its owner, the owner tag's value, when owners are named and it has one. */
  readonly owner?: string;
  /** What uses it, when the usage check is on. */
  readonly usage?: EventUsage;
}

/** The rule and the account an event speaks for, and where it goes. */
export interface ExpiryEventContext extends PolicyParameters {
  /** The Config rule that sends it, named in every event. */
  readonly ruleName: string;
  /** The evaluated account (the Config event's `accountId`). */
  readonly accountId: string;
  /** The region the rule runs in. */
  readonly region: string;
  readonly runbookUrl: RuleParameters['runbookUrl'];
  /** The bus; absent: the default bus of the account whose credentials put the event. */
  readonly eventBusArn?: string;
}

/**
 * One `PutEvents` entry, in EventBridge's own field names (EventBridge API
 * reference, `PutEventsRequestEntry`), so it goes to the SDK unchanged.
 */
export interface ExpiryEvent {
  readonly Source: typeof EXPIRY_EVENT_SOURCE;
  readonly DetailType: ExpiryDetailType;
  /** The detail, as the JSON text EventBridge takes. */
  readonly Detail: string;
  /** The certificate's ARN. */
  readonly Resources: readonly [string];
  /** The evaluation's instant: every event of a run carries the same. */
  readonly Time: Date;
  /** Present only for a bus other than the default one. */
  readonly EventBusName?: string;
}

/** The fields of an event's `detail`, as documented in docs/operations.md ("Expiry events"). */
export interface ExpiryEventDetail {
  readonly ServerCertificateName: string;
  readonly ServerCertificateId: string;
  readonly Arn: string;
  readonly Path: string;
  /** ISO 8601, UTC, to the second IAM stores. */
  readonly Expiration: string;
  /** Whole days left; negative once expired (see {@link daysToExpiry}). */
  readonly DaysToExpiry: number;
  readonly AccountId: string;
  readonly Region: string;
  /** The Config rule that sent it. */
  readonly Rule: string;
  /**
   * What the sending rule reports for the certificate: NON_COMPLIANT, or
   * COMPLIANT under an exception in the warning rule, expired or not. Not the
   * IAM.26 verdict: see {@link StrictComplianceType}.
   */
  readonly ComplianceType: typeof ComplianceType.Compliant | typeof ComplianceType.NonCompliant;
  /**
   * The IAM.26 verdict, what the strict rule (`iam-server-certificate-expired`)
   * reports whatever the tags: NON_COMPLIANT once expired, COMPLIANT before.
   * An exception never changes it, so a pattern on it can never mute an
   * expired certificate's reminder.
   */
  readonly StrictComplianceType: typeof ComplianceType.Compliant | typeof ComplianceType.NonCompliant;
  /** The window the certificate was judged with, and whether the rule or its own tag set it. */
  readonly WindowDays: number;
  readonly WindowSource: 'rule' | 'tag';
  /** Where its exception stands (src/core/certificate-policy.ts): `none` with tag overrides off. */
  readonly ExceptionStatus: ExceptionStatus;
  readonly ExceptionLastDay?: string;
  readonly ExceptionReason?: string;
  readonly Owner?: string;
  readonly Usage?: EventUsage['state'];
  readonly Consumers?: readonly string[];
  readonly ConsumersOmitted?: number;
  readonly RunbookUrl: string;
}

/**
 * The expiry event of one certificate at `now`, or `undefined` when it is
 * neither expired nor within its window: judged as the rule judges it
 * (its own window and exception with tag overrides on; src/core/certificate-policy.ts).
 * An excepted certificate still gets one, saying `ComplianceType` COMPLIANT
 * and `ExceptionStatus` `active`, so an owner can mute an excepted
 * *approaching* reminder by rule and nothing goes silent; an expired one
 * says `StrictComplianceType` NON_COMPLIANT whatever its tags, and its
 * detail type `IAM Server Certificate Expired` (docs/operations.md, the
 * muting pattern matches approaching reminders only).
 *
 * @example
 * expiryEvent(certificate, now, { ...policy, ruleName: 'iam-server-certificate-expiring', accountId, region: 'us-east-1', runbookUrl });
 * // { Source: 'iam-server-certificate-expiry', DetailType: 'IAM Server Certificate Approaching Expiration', Detail: '{"ServerCertificateName":…}', … }
 */
export function expiryEvent(certificate: ServerCertificate, now: Date, context: ExpiryEventContext, facts: CertificateFacts = {}): ExpiryEvent | undefined {
  const { verdict, policy } = judgeCertificate(certificate, now, context, facts.tags);
  if (verdict.state !== ExpiryState.Expired && verdict.state !== ExpiryState.Expiring) return undefined;
  const exception = policy.exception;
  const usage = facts.usage;
  const owner = facts.owner === undefined ? '' : oneLine(facts.owner);
  const detail: ExpiryEventDetail = {
    ServerCertificateName: certificate.name,
    ServerCertificateId: certificate.id,
    Arn: certificate.arn,
    Path: certificate.path,
    Expiration: isoSeconds(certificate.expiration),
    DaysToExpiry: daysToExpiry(certificate.expiration, now),
    AccountId: context.accountId,
    Region: context.region,
    Rule: context.ruleName,
    ComplianceType: verdict.complianceType === ComplianceType.Compliant ? ComplianceType.Compliant : ComplianceType.NonCompliant,
    StrictComplianceType: verdict.state === ExpiryState.Expired ? ComplianceType.NonCompliant : ComplianceType.Compliant,
    WindowDays: policy.window.days,
    WindowSource: policy.window.fromTag ? 'tag' : 'rule',
    ExceptionStatus: exception.status,
    ...('lastDay' in exception ? { ExceptionLastDay: exception.lastDay, ExceptionReason: exception.reason } : {}),
    ...(owner === '' ? {} : { Owner: owner }),
    ...(usage === undefined
      ? {}
      : {
          Usage: usage.state,
          Consumers: usage.consumers.slice(0, MAX_CONSUMERS_IN_EVENT),
          ...(usage.consumers.length > MAX_CONSUMERS_IN_EVENT ? { ConsumersOmitted: usage.consumers.length - MAX_CONSUMERS_IN_EVENT } : {}),
        }),
    RunbookUrl: context.runbookUrl,
  };
  return {
    Source: EXPIRY_EVENT_SOURCE,
    DetailType: verdict.state === ExpiryState.Expired ? ExpiryDetailType.Expired : ExpiryDetailType.Approaching,
    Detail: JSON.stringify(detail),
    Resources: [certificate.arn],
    Time: now,
    ...(context.eventBusArn === undefined ? {} : { EventBusName: context.eventBusArn }),
  };
}

