import fc from 'fast-check';
import { InvalidRuleParameterError, InvalidEventError, UnsupportedEventError } from '../../src/errors';
import { parseConfigRuleEvent } from '../../src/events/config-rule-event';
import { parseRuleParameters } from '../../src/core/rule-parameters';
import { changeEvent, oversizedChangeEvent, scheduledEvent } from '../fixtures/config-events';

const STATUSES = ['OK', 'ResourceDiscovered', 'ResourceNotRecorded', 'ResourceDeleted', 'ResourceDeletedNotRecorded'];
const isoDate = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());

/** Valid events of every message type and status, with arbitrary (unicode) names. */
const validEvent = fc.oneof(
  isoDate.map((time) => scheduledEvent(time)),
  fc.record({ name: fc.string({ minLength: 1, maxLength: 128, unit: 'grapheme' }), status: fc.constantFrom(...STATUSES), time: isoDate, scope: fc.boolean() }).map((r) =>
    changeEvent({ resourceName: r.name, configurationItemStatus: r.status, configurationItemCaptureTime: r.time }, { eventLeftScope: r.scope }),
  ),
  fc.record({ id: fc.string({ minLength: 1, maxLength: 64 }), status: fc.constantFrom(...STATUSES) }).map((r) =>
    oversizedChangeEvent({ resourceId: r.id, configurationItemStatus: r.status }),
  ),
);

/** Anything JSON can hold, including huge strings, wrong types and nulls. */
const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ minLength: 10_000, maxLength: 20_000 }),
  fc.constant('{not json'),
  fc.constant('2026-02-30T25:61:00Z'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** A valid event with one field, top-level or inside invokingEvent, replaced, removed or the JSON broken. */
const mutatedEvent = fc
  .tuple(validEvent, fc.nat(), junk, fc.constantFrom('replace', 'delete', 'inner-replace', 'inner-delete', 'truncate-json'))
  .map(([event, pick, value, how]) => {
    const copy: Record<string, unknown> = { ...event };
    if (how === 'replace' || how === 'delete') {
      const keys = Object.keys(copy);
      const key = keys[pick % keys.length] ?? 'invokingEvent';
      if (how === 'delete') delete copy[key];
      else copy[key] = value;
      return copy;
    }
    const text = String(copy['invokingEvent']);
    if (how === 'truncate-json') {
      copy['invokingEvent'] = text.slice(0, pick % text.length);
      return copy;
    }
    const inner = JSON.parse(text) as Record<string, unknown>;
    const target = (inner['configurationItem'] ?? inner['configurationItemSummary'] ?? inner) as Record<string, unknown>;
    const keys = Object.keys(target);
    const key = keys[pick % keys.length] ?? 'messageType';
    if (how === 'inner-delete') delete target[key];
    else target[key] = value;
    copy['invokingEvent'] = JSON.stringify(inner);
    return copy;
  });

/** Every outcome is a typed value or one of our errors naming a field. */
function parsesOrNamesField(raw: unknown): void {
  try {
    const event = parseConfigRuleEvent(raw);
    expect(typeof event.resultToken).toBe('string');
    expect(['ScheduledNotification', 'ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification']).toContain(
      event.invokingEvent.messageType,
    );
  } catch (error) {
    if (error instanceof InvalidEventError) {
      expect(error.field).toMatch(/^(event|invokingEvent)(\.\w+)*$/);
      expect(error.message).toContain(error.field);
      expect(error.message.length).toBeLessThan(400);
      return;
    }
    if (error instanceof UnsupportedEventError) {
      expect(error.message).toMatch(/invokingEvent\.messageType/);
      return;
    }
    throw error;
  }
}

describe('parseConfigRuleEvent properties', () => {
  it('F1: parses every valid event of every message type and status', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        expect(() => parseConfigRuleEvent(event)).not.toThrow();
      }),
      { numRuns: 1_000 },
    );
  });

  it('F2: any mutated event parses or fails with an error that names the field; nothing else escapes', () => {
    fc.assert(fc.property(mutatedEvent, parsesOrNamesField), { numRuns: 3_000 });
  });

  it('F3: any JSON value at all as the event is handled the same way', () => {
    fc.assert(fc.property(fc.jsonValue(), parsesOrNamesField), { numRuns: 1_000 });
  });
});

describe('parseRuleParameters properties', () => {
  const parameterValue = fc.oneof(fc.integer({ min: -10, max: 4000 }), fc.integer().map(String), fc.double(), fc.string(), fc.boolean(), fc.constant(null));

  it('F4: any parameter object parses to a valid window or fails naming the key', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('daysToExpiration', 'ExecutionRoleName', 'AssumeRoleMode', 'other', 'days'), parameterValue), (entries) => {
        try {
          const parameters = parseRuleParameters(JSON.stringify(entries));
          expect(Number.isInteger(parameters.daysToExpiration)).toBe(true);
          expect(parameters.daysToExpiration).toBeGreaterThanOrEqual(0);
          expect(parameters.daysToExpiration).toBeLessThanOrEqual(3650);
        } catch (error) {
          if (!(error instanceof InvalidRuleParameterError)) throw error;
          expect(error.message).toContain(error.key);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('F5: any string at all as ruleParameters parses or fails naming ruleParameters or a key', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        try {
          parseRuleParameters(raw);
        } catch (error) {
          if (!(error instanceof InvalidRuleParameterError)) throw error;
          expect(error.key.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
