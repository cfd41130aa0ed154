/** The account every test event is for; matches the stand-in's default. */
export const ACCOUNT_ID = '123456789012';

/** The resource type the rule evaluates. */
export const SERVER_CERTIFICATE_TYPE = 'AWS::IAM::ServerCertificate';

/** The event fields every Config rule invocation carries (AWS Config Developer Guide, "Example events"). */
function envelope(ruleName: string, invokingEvent: unknown, resultToken: string, ruleParameters: string | undefined, eventLeftScope = false): Record<string, unknown> {
  return {
    invokingEvent: JSON.stringify(invokingEvent),
    ...(ruleParameters === undefined ? {} : { ruleParameters }),
    resultToken,
    eventLeftScope,
    executionRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/config-role`,
    configRuleArn: `arn:aws:config:us-east-1:${ACCOUNT_ID}:config-rule/config-rule-abc`,
    configRuleName: ruleName,
    configRuleId: 'config-rule-abc',
    accountId: ACCOUNT_ID,
    version: '1.0',
  };
}

/** `{"daysToExpiration":"<days>"}`, the way the console passes rule parameters (as strings). */
export function daysParameter(days: number): string {
  return JSON.stringify({ daysToExpiration: String(days) });
}

/** A periodic (ScheduledNotification) event. */
export function periodicEvent(ruleName: string, resultToken: string, ruleParameters: string | undefined, notificationTime: Date): Record<string, unknown> {
  return envelope(
    ruleName,
    { messageType: 'ScheduledNotification', notificationCreationTime: notificationTime.toISOString(), awsAccountId: ACCOUNT_ID, recordVersion: '1.0' },
    resultToken,
    ruleParameters,
  );
}

/** The certificate a change event is about. */
export interface ChangedCertificate {
  /** The recorder's id: the certificate name in Config's schema (or `ASCA…` with that stand-in option). */
  readonly resourceId: string;
  /** `null` as in AWS's documented oversized summary, which has `"resourceName": null`. */
  readonly name: string | null;
  /** Config's statuses, or one AWS might add later. */
  readonly status: 'OK' | 'ResourceDiscovered' | 'ResourceDeleted' | 'ResourceDeletedNotRecorded' | 'ResourceNotRecorded' | (string & {});
  readonly captureTime: Date;
  /** Default `AWS::IAM::ServerCertificate`. */
  readonly resourceType?: string;
}

/** A ConfigurationItemChangeNotification, or its oversized variant that carries only a summary. */
export function changeEvent(
  ruleName: string,
  resultToken: string,
  ruleParameters: string | undefined,
  certificate: ChangedCertificate,
  options: { oversized?: boolean; eventLeftScope?: boolean } = {},
): Record<string, unknown> {
  const arn = `arn:aws:iam::${ACCOUNT_ID}:server-certificate/${certificate.name ?? certificate.resourceId}`;
  const item = {
    resourceType: certificate.resourceType ?? SERVER_CERTIFICATE_TYPE,
    resourceId: certificate.resourceId,
    resourceName: certificate.name,
    configurationItemStatus: certificate.status,
    configurationItemCaptureTime: certificate.captureTime.toISOString(),
    awsAccountId: ACCOUNT_ID,
    awsRegion: 'us-east-1',
    ARN: arn,
    configurationStateId: 1,
    configurationItemVersion: '1.3',
  };
  // Only the full item has a configuration, in the fields of Config's resource schema
  // (AWS::IAM::ServerCertificate.properties.json); the oversized summary has none.
  const configuration = { Path: '/', ServerCertificateName: certificate.name, Arn: arn };
  const invoking = options.oversized === true
    ? { messageType: 'OversizedConfigurationItemChangeNotification', configurationItemSummary: { changeType: 'UPDATE', ...item }, notificationCreationTime: certificate.captureTime.toISOString(), recordVersion: '1.0' }
    : { messageType: 'ConfigurationItemChangeNotification', configurationItem: { ...item, configuration }, configurationItemDiff: null, notificationCreationTime: certificate.captureTime.toISOString(), recordVersion: '1.3' };
  return envelope(ruleName, invoking, resultToken, ruleParameters, options.eventLeftScope ?? false);
}
