import { DEFAULT_RULE_PARAMETERS } from '../../src/core/rule-parameters';
import { TimeBudget } from '../../src/core/time-budget';
import { parseConfigRuleEvent } from '../../src/events/config-rule-event';
import { evaluateRuleEvent } from '../../src/rule/evaluate-rule-event';
import { changeEvent, scheduledEvent } from '../fixtures/config-events';
import { certificate, collect, fakeDependencies } from './fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const invocation = { now: NOW, budget: TimeBudget.unlimited(), lambdaRegion: 'us-east-1' };
const tags = { shop: { owner: 'team-web', env: 'prod' }, intranet: { Owner: 'wrong-case' } };
const certificates = [certificate('shop', '2026-11-01T00:00:00Z'), certificate('intranet', '2027-06-01T00:00:00Z')];

describe('owners in annotations', () => {
  it('O1: names each certificate\'s owner tag, or says there is none, on periodic runs', async () => {
    const dependencies = fakeDependencies({ certificates, tags });
    const evaluations = await collect(
      evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), { ...DEFAULT_RULE_PARAMETERS, ownerTagKey: 'owner' }, dependencies, invocation),
    );
    expect(evaluations.map((e) => e.annotation.split('; ').pop() ?? '')).toEqual([expect.stringMatching(/owner team-web$/), expect.stringMatching(/no owner tag$/)]);
    expect(evaluations.every((e) => e.annotation.length <= 256)).toBe(true);
    expect(dependencies.calls.filter((call) => call.startsWith('tags:')).sort()).toEqual(['tags:intranet', 'tags:shop']);
  });

  it('O2: reads the owner tag `owner` when Security Hub findings are on and no key is given', async () => {
    const dependencies = fakeDependencies({ certificates, tags });
    const [changed] = await collect(
      evaluateRuleEvent(parseConfigRuleEvent(changeEvent({ resourceName: 'shop' })), { ...DEFAULT_RULE_PARAMETERS, securityHubFindings: true }, dependencies, invocation),
    );
    expect(changed?.annotation).toMatch(/owner team-web$/);
  });

  it('O3: reads no tag at all when owners are off', async () => {
    const dependencies = fakeDependencies({ certificates, tags });
    const evaluations = await collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), DEFAULT_RULE_PARAMETERS, dependencies, invocation));
    expect(evaluations.some((e) => e.annotation.includes('owner'))).toBe(false);
    expect(dependencies.calls.some((call) => call.startsWith('tags:'))).toBe(false);
  });

  it('O4: keeps a very long owner from crowding out the verdict', async () => {
    const dependencies = fakeDependencies({ certificates: [certificates[0]!], tags: { shop: { owner: 'x'.repeat(256) } } });
    const [evaluation] = await collect(
      evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), { ...DEFAULT_RULE_PARAMETERS, ownerTagKey: 'owner' }, dependencies, invocation),
    );
    expect(evaluation?.annotation.length).toBeLessThanOrEqual(256);
    expect(evaluation?.annotation).toMatch(/^Expired /);
    expect(evaluation?.annotation).toMatch(/owner x+…$/);
  });
});
