import { parseConfigRuleEvent } from '../../src/events/config-rule-event';
import { InvalidEventError, UnsupportedEventError } from '../../src/errors';
import {
  changeEvent,
  oversizedChangeEvent,
  scheduledEvent,
  withInvokingEventText,
} from '../fixtures/config-events';

function fieldOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidEventError) return error.field;
    throw error;
  }
  throw new Error('expected an InvalidEventError');
}

describe('parseConfigRuleEvent', () => {
  describe('E1: the three message types the rule handles', () => {
    it('parses a ScheduledNotification with its creation time', () => {
      const event = parseConfigRuleEvent(scheduledEvent('2026-11-23T10:00:00.000Z'));
      expect(event.invokingEvent).toEqual({
        messageType: 'ScheduledNotification',
        notificationCreationTime: new Date('2026-11-23T10:00:00.000Z'),
      });
      expect(event.configRuleName).toBe('iam-server-certificate-expiring');
      expect(event.accountId).toBe('123456789012');
      expect(event.ruleParameters).toBe('{"daysToExpiration":"30"}');
      expect(event.eventLeftScope).toBe(false);
    });

    it('parses a ConfigurationItemChangeNotification into the changed resource', () => {
      const event = parseConfigRuleEvent(changeEvent({ resourceId: 'ASCA1', resourceName: 'api', configurationItemStatus: 'ResourceDiscovered' }));
      expect(event.invokingEvent).toEqual({
        messageType: 'ConfigurationItemChangeNotification',
        resource: {
          resourceType: 'AWS::IAM::ServerCertificate',
          resourceId: 'ASCA1',
          resourceName: 'api',
          status: 'ResourceDiscovered',
          captureTime: new Date('2026-11-23T09:30:00.000Z'),
        },
      });
    });

    it('parses an OversizedConfigurationItemChangeNotification from its summary', () => {
      const event = parseConfigRuleEvent(oversizedChangeEvent({ resourceId: 'ASCA2', resourceName: 'big' }));
      expect(event.invokingEvent).toMatchObject({
        messageType: 'OversizedConfigurationItemChangeNotification',
        resource: { resourceId: 'ASCA2', resourceName: 'big', status: 'OK' },
      });
    });

    it('keeps eventLeftScope and a missing ruleParameters', () => {
      const raw = { ...changeEvent({}, { eventLeftScope: true }) };
      delete raw['ruleParameters'];
      const event = parseConfigRuleEvent(raw);
      expect(event.eventLeftScope).toBe(true);
      expect(event.ruleParameters).toBeUndefined();
    });

    it('accepts February 29th of a leap year and a zone offset', () => {
      const event = parseConfigRuleEvent(changeEvent({ configurationItemCaptureTime: '2024-02-29T23:30:00-01:00' }));
      expect(event.invokingEvent).toMatchObject({ resource: { captureTime: new Date('2024-03-01T00:30:00.000Z') } });
    });

    it('keeps a configurationItemStatus AWS adds later, for the rule to judge from IAM', () => {
      const event = parseConfigRuleEvent(changeEvent({ configurationItemStatus: 'ResourceRecovered' }));
      expect(event.invokingEvent).toMatchObject({ resource: { status: 'ResourceRecovered' } });
    });

    it('reads the name from configuration.ServerCertificateName when resourceName is null', () => {
      const raw = changeEvent({ resourceName: null, resourceId: 'api' });
      const invoking = JSON.parse(raw['invokingEvent'] as string) as { configurationItem: { configuration: Record<string, unknown> } };
      invoking.configurationItem.configuration['ServerCertificateName'] = 'api-from-configuration';
      const event = parseConfigRuleEvent(withInvokingEventText(raw, JSON.stringify(invoking)));
      expect(event.invokingEvent).toMatchObject({ resource: { resourceId: 'api', resourceName: 'api-from-configuration' } });
    });

    it('accepts a null resourceName, leaving the check to the rule', () => {
      const event = parseConfigRuleEvent(changeEvent({ resourceName: null, configurationItemStatus: 'ResourceDeleted' }));
      expect(event.invokingEvent).toMatchObject({ resource: { resourceName: undefined, status: 'ResourceDeleted' } });
    });
  });

  describe('E2: malformed events name the bad field', () => {
    it.each([
      ['a non-object event', () => parseConfigRuleEvent('nope'), 'event'],
      ['a null event', () => parseConfigRuleEvent(null), 'event'],
      ['a missing invokingEvent', () => parseConfigRuleEvent({ ...scheduledEvent(), invokingEvent: undefined }), 'event.invokingEvent'],
      ['invokingEvent that is not JSON', () => parseConfigRuleEvent(withInvokingEventText(scheduledEvent(), '{oops')), 'invokingEvent'],
      ['invokingEvent that is a JSON array', () => parseConfigRuleEvent(withInvokingEventText(scheduledEvent(), '[]')), 'invokingEvent'],
      ['a missing messageType', () => parseConfigRuleEvent(withInvokingEventText(scheduledEvent(), '{}')), 'invokingEvent.messageType'],
      ['a missing resultToken', () => parseConfigRuleEvent({ ...scheduledEvent(), resultToken: undefined }), 'event.resultToken'],
      ['an empty configRuleName', () => parseConfigRuleEvent({ ...scheduledEvent(), configRuleName: '' }), 'event.configRuleName'],
      ['an account id that is not 12 digits', () => parseConfigRuleEvent({ ...scheduledEvent(), accountId: '1234' }), 'event.accountId'],
      ['a string eventLeftScope', () => parseConfigRuleEvent({ ...scheduledEvent(), eventLeftScope: 'false' }), 'event.eventLeftScope'],
      ['numeric ruleParameters', () => parseConfigRuleEvent({ ...scheduledEvent(), ruleParameters: 30 }), 'event.ruleParameters'],
      [
        'a bad notificationCreationTime',
        () =>
          parseConfigRuleEvent(
            withInvokingEventText(scheduledEvent(), JSON.stringify({ messageType: 'ScheduledNotification', notificationCreationTime: 'yesterday' })),
          ),
        'invokingEvent.notificationCreationTime',
      ],
      [
        'a date without a time zone',
        () =>
          parseConfigRuleEvent(
            withInvokingEventText(scheduledEvent(), JSON.stringify({ messageType: 'ScheduledNotification', notificationCreationTime: '2026-11-23T10:00:00' })),
          ),
        'invokingEvent.notificationCreationTime',
      ],
      [
        'a change event without configurationItem',
        () => parseConfigRuleEvent(withInvokingEventText(changeEvent(), JSON.stringify({ messageType: 'ConfigurationItemChangeNotification' }))),
        'invokingEvent.configurationItem',
      ],
      [
        'a missing configurationItemStatus',
        () => parseConfigRuleEvent(changeEvent({ configurationItemStatus: '' })),
        'invokingEvent.configurationItem.configurationItemStatus',
      ],
      [
        'a calendar date that does not exist (February 30th)',
        () => parseConfigRuleEvent(changeEvent({ configurationItemCaptureTime: '2024-02-30T10:00:00.000Z' })),
        'invokingEvent.configurationItem.configurationItemCaptureTime',
      ],
      [
        'a time that does not exist (hour 24)',
        () =>
          parseConfigRuleEvent(
            withInvokingEventText(scheduledEvent(), JSON.stringify({ messageType: 'ScheduledNotification', notificationCreationTime: '2026-11-23T24:00:00Z' })),
          ),
        'invokingEvent.notificationCreationTime',
      ],
      [
        'February 29th of a year that is not a leap year',
        () => parseConfigRuleEvent(changeEvent({ configurationItemCaptureTime: '2026-02-29T10:00:00+02:00' })),
        'invokingEvent.configurationItem.configurationItemCaptureTime',
      ],
      [
        'a missing resourceId in an oversized summary',
        () => parseConfigRuleEvent(oversizedChangeEvent({ resourceId: '' })),
        'invokingEvent.configurationItemSummary.resourceId',
      ],
    ])('names the field for %s', (_label, action, field) => {
      expect(fieldOf(action)).toBe(field);
    });

    it('says what was wrong in the message', () => {
      expect(() => parseConfigRuleEvent({ ...scheduledEvent(), eventLeftScope: 'false' })).toThrow(
        'Invalid AWS Config event: event.eventLeftScope must be true or false, got "false"',
      );
    });

    it('cuts a huge bad value short in the message', () => {
      let message = '';
      try {
        parseConfigRuleEvent({ ...scheduledEvent(), eventLeftScope: 'x'.repeat(100_000) });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message.length).toBeLessThan(200);
    });
  });

  describe('E3: message types the rule does not handle', () => {
    it('refuses ConfigurationSnapshotDeliveryCompleted with the types it handles', () => {
      const event = withInvokingEventText(scheduledEvent(), JSON.stringify({ messageType: 'ConfigurationSnapshotDeliveryCompleted' }));
      expect(() => parseConfigRuleEvent(event)).toThrow(UnsupportedEventError);
      expect(() => parseConfigRuleEvent(event)).toThrow(/ScheduledNotification, ConfigurationItemChangeNotification/);
    });
  });
});
