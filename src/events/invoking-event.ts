import { UnsupportedEventError } from '../errors';
import {
  asObject,
  parseJsonObject,
  requiredOneOf,
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
  readonly resourceName: string | undefined;
  readonly status: ConfigurationItemStatus;
  readonly captureTime: Date;
}

/** A change to one resource; the oversized variant carries only a summary, with the same fields. */
export interface ChangeInvokingEvent {
  readonly messageType: typeof MessageType.ConfigurationItemChange | typeof MessageType.OversizedConfigurationItemChange;
  readonly resource: ChangedResource;
}

export type InvokingEvent = ScheduledInvokingEvent | ChangeInvokingEvent;

const STATUSES = Object.values(ConfigurationItemStatus);

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
  return {
    resourceType: requiredString(item, 'resourceType'),
    resourceId: requiredString(item, 'resourceId'),
    resourceName: optionalString(item, 'resourceName'),
    status: requiredOneOf(item, 'configurationItemStatus', STATUSES),
    captureTime: requiredTimestamp(item, 'configurationItemCaptureTime'),
  };
}
