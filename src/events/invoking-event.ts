import { UnsupportedEventError } from '../errors';
import {
  asObject,
  parseJsonObject,
  requiredString,
  optionalString,
  requiredTimestamp,
  type JsonObject,
} from './read-field';

/** The `messageType` values of the events AWS Config sends rules. */
export const MessageType = {
  Scheduled: 'ScheduledNotification',
  ConfigurationItemChange: 'ConfigurationItemChangeNotification',
  OversizedConfigurationItemChange: 'OversizedConfigurationItemChangeNotification',
} as const;

export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** `configurationItemStatus` values (Config API reference, ConfigurationItem). */
export const ConfigurationItemStatus = {
  Ok: 'OK',
  ResourceDiscovered: 'ResourceDiscovered',
  ResourceNotRecorded: 'ResourceNotRecorded',
  ResourceDeleted: 'ResourceDeleted',
  ResourceDeletedNotRecorded: 'ResourceDeletedNotRecorded',
} as const;

export type ConfigurationItemStatus = (typeof ConfigurationItemStatus)[keyof typeof ConfigurationItemStatus];

const STATUSES: readonly string[] = Object.values(ConfigurationItemStatus);

/**
 * Whether `status` is one this rule knows. AWS adds values over time
 * (`ResourceDeletedNotRecorded` and `ResourceNotRecorded` came later than the
 * others), so an unknown one is read as "the resource exists": the rule
 * judges the certificate from IAM and the handler logs the new value.
 */
export function isKnownConfigurationItemStatus(status: string): status is ConfigurationItemStatus {
  return STATUSES.includes(status);
}

/** A periodic trigger: evaluate everything. */
export interface ScheduledInvokingEvent {
  readonly messageType: typeof MessageType.Scheduled;
  readonly notificationCreationTime: Date;
}

/**
 * The part of a configuration item this rule needs. The item carries no expiry
 * date for `AWS::IAM::ServerCertificate`, so the rule reads it from IAM by name.
 */
export interface ChangedResource {
  readonly resourceType: string;
  readonly resourceId: string;
  /**
   * `resourceName`, or the item's `configuration.ServerCertificateName`
   * where `resourceName` is null or absent (AWS's documented oversized
   * summary has `"resourceName": null`, and summaries carry no configuration).
   */
  readonly resourceName: string | undefined;
  /** A {@link ConfigurationItemStatus}, or a value AWS added since (see {@link isKnownConfigurationItemStatus}). */
  readonly status: string;
  readonly captureTime: Date;
}

/** A change to one resource; the oversized variant carries only a summary, with the same fields. */
export interface ChangeInvokingEvent {
  readonly messageType: typeof MessageType.ConfigurationItemChange | typeof MessageType.OversizedConfigurationItemChange;
  readonly resource: ChangedResource;
}

export type InvokingEvent = ScheduledInvokingEvent | ChangeInvokingEvent;

/**
 * Parses the `invokingEvent` JSON string. Message types other than the three
 * this rule handles (for example `ConfigurationSnapshotDeliveryCompleted`)
 * throw {@link UnsupportedEventError}; malformed fields throw
 * `InvalidEventError` naming the field.
 */
export function parseInvokingEvent(text: string): InvokingEvent {
  const invoking = parseJsonObject(text, 'invokingEvent');
  const messageType = requiredString(invoking, 'messageType');
  switch (messageType) {
    case MessageType.Scheduled:
      return { messageType, notificationCreationTime: requiredTimestamp(invoking, 'notificationCreationTime') };
    case MessageType.ConfigurationItemChange:
      return { messageType, resource: parseChangedResource(asObject(invoking.value['configurationItem'], 'invokingEvent.configurationItem')) };
    case MessageType.OversizedConfigurationItemChange:
      return {
        messageType,
        resource: parseChangedResource(asObject(invoking.value['configurationItemSummary'], 'invokingEvent.configurationItemSummary')),
      };
    default:
      throw new UnsupportedEventError(
        `Unsupported invokingEvent.messageType ${JSON.stringify(messageType.slice(0, 80))}: ` +
          `this rule handles ${Object.values(MessageType).join(', ')}`,
      );
  }
}

function parseChangedResource(item: JsonObject): ChangedResource {
  const resourceName = optionalString(item, 'resourceName');
  return {
    resourceType: requiredString(item, 'resourceType'),
    resourceId: requiredString(item, 'resourceId'),
    resourceName: resourceName === '' || resourceName === undefined ? configuredName(item) : resourceName,
    status: requiredString(item, 'configurationItemStatus'),
    captureTime: requiredTimestamp(item, 'configurationItemCaptureTime'),
  };
}

/**
 * `configuration.ServerCertificateName` of a full configuration item (Config
 * resource schema of `AWS::IAM::ServerCertificate`). Only a hint: any other
 * shape of `configuration`, which belongs to the resource type, is ignored.
 */
function configuredName(item: JsonObject): string | undefined {
  const configuration = item.value['configuration'];
  if (typeof configuration !== 'object' || configuration === null) return undefined;
  const name = (configuration as Record<string, unknown>)['ServerCertificateName'];
  return typeof name === 'string' && name !== '' ? name : undefined;
}
