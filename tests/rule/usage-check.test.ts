import { ComplianceType } from '../../src/core/compliance-type';
import { DEFAULT_RULE_PARAMETERS } from '../../src/core/rule-parameters';
import { TimeBudget } from '../../src/core/time-budget';
import type { SecurityHubFinding } from '../../src/core/security-hub-finding';
import { parseConfigRuleEvent } from '../../src/events/config-rule-event';
import { evaluateRuleEvent } from '../../src/rule/evaluate-rule-event';
import type { UsageInventory } from '../../src/usage/certificate-usage';
import { changeEvent, scheduledEvent } from '../fixtures/config-events';
import { coverage, inventory as inventoryOf } from '../fixtures/usage-inventory';
import { certificate, collect, fakeDependencies } from './fake-dependencies';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const invocation = { now: NOW, budget: TimeBudget.unlimited(), lambdaRegion: 'eu-west-1' };
const withUsage = { ...DEFAULT_RULE_PARAMETERS, checkUsage: true };

const expired = certificate('shop', '2026-11-01T00:00:00Z');
const unused = certificate('old-intranet', '2026-10-01T00:00:00Z');
const valid = certificate('new-intranet', '2027-10-01T00:00:00Z');
const inventory: UsageInventory = inventoryOf([
  {
    certificate: { by: 'arn', value: expired.arn },
    usage: { service: 'elb', resource: 'shop-elb', detail: '443', region: 'eu-west-1' },
  },
]);

describe('the usage check in the rule', () => {
  it('U1: says what uses each certificate and that an expired unreferenced one is safe to delete, verdicts unchanged', async () => {
    const dependencies = fakeDependencies({ certificates: [expired, unused, valid], usage: inventory });
    const evaluations = await collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), withUsage, dependencies, invocation));
    expect(evaluations.map((e) => e.complianceType)).toEqual([ComplianceType.NonCompliant, ComplianceType.NonCompliant, ComplianceType.Compliant]);
    expect(evaluations[0]?.annotation).toMatch(/^Expired .* in use by elb shop-elb:443$/);
    expect(evaluations[1]?.annotation).toMatch(/ not referenced: safe to delete$/);
    expect(evaluations.every((e) => e.annotation.length <= 256)).toBe(true);
    // One scan for the whole run, of every region enabled for the account by default (not the Lambda's own only).
    expect(dependencies.calls.filter((call) => call.startsWith('usage:'))).toEqual(['usage:every enabled region']);
  });

  it('U1b: never calls a valid certificate safe to delete, even when nothing references it', async () => {
    const dependencies = fakeDependencies({ certificates: [valid], usage: inventory });
    const [evaluation] = await collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), withUsage, dependencies, invocation));
    expect(evaluation?.annotation).toMatch(/\. not referenced$/);
    expect(evaluation?.annotation).not.toContain('safe to delete');
  });

  it('U1c: says usage unknown, not safe to delete, when an enabled region was left out or the regions are unknown', async () => {
    const narrowed = fakeDependencies({ certificates: [unused], usage: inventoryOf([], [], coverage(['us-east-1'])) });
    const unknownRegions = fakeDependencies({ certificates: [unused], usage: inventoryOf([], [], { enabled: undefined, listFailure: 'AccessDenied: no', scanned: [], gaps: [] }) });
    const [left] = await collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), withUsage, narrowed, invocation));
    const [blind] = await collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), withUsage, unknownRegions, invocation));
    expect(left?.annotation).toMatch(/ usage unknown: eu-west-1 not scanned$/);
    expect(blind?.annotation).toMatch(/ usage unknown: regions unknown \(AccessDenied for account:ListRegions\)$/);
  });

  it('U2: says "usage unknown" and why when a look-up failed, without changing the verdict', async () => {
    const failed = inventoryOf([], [{ service: 'elbv2', region: 'eu-west-1', action: 'elasticloadbalancing:DescribeLoadBalancers', reason: 'AccessDenied: no' }]);
    const dependencies = fakeDependencies({ certificates: [unused], usage: failed });
    const [evaluation] = await collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), withUsage, dependencies, invocation));
    expect(evaluation?.complianceType).toBe(ComplianceType.NonCompliant);
    expect(evaluation?.annotation).toContain('usage unknown: AccessDenied in eu-west-1 for elasticloadbalancing:DescribeLoadBalancers');
  });

  it('U3: scans the regions the rule names', async () => {
    const dependencies = fakeDependencies({ certificates: [expired], usage: inventory });
    const parameters = { ...withUsage, usageRegions: ['us-east-1', 'ap-southeast-2'] };
    await collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), parameters, dependencies, invocation));
    expect(dependencies.calls).toContain('usage:us-east-1,ap-southeast-2');
  });

  it('U4: does not scan when the check is off', async () => {
    const dependencies = fakeDependencies({ certificates: [expired], usage: inventory });
    const [evaluation] = await collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), DEFAULT_RULE_PARAMETERS, dependencies, invocation));
    expect(dependencies.calls.some((call) => call.startsWith('usage:'))).toBe(false);
    expect(evaluation?.annotation).not.toContain('in use');
  });

  it('U5: annotates a change-triggered evaluation, and scans nothing for a deleted certificate', async () => {
    const dependencies = fakeDependencies({ certificates: [expired], usage: inventory });
    const [changed] = await collect(evaluateRuleEvent(parseConfigRuleEvent(changeEvent({ resourceName: 'shop' })), withUsage, dependencies, invocation));
    expect(changed?.annotation).toContain('in use by elb shop-elb:443');
    const deleted = fakeDependencies({ certificates: [], usage: inventory });
    await collect(evaluateRuleEvent(parseConfigRuleEvent(changeEvent({ configurationItemStatus: 'ResourceDeleted' })), withUsage, deleted, invocation));
    expect(deleted.calls).toEqual([]);
  });

  it('U6: needs no Lambda region: the default is every region enabled for the account', async () => {
    const dependencies = fakeDependencies({ certificates: [expired], usage: inventory });
    await collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), withUsage, dependencies, { ...invocation, lambdaRegion: undefined }));
    expect(dependencies.calls).toContain('usage:every enabled region');
  });

  it('U7: gives the Security Hub finding a longer account of the consumers than the annotation has room for', async () => {
    const consumers = Array.from({ length: 8 }, (_, i) => ({
      certificate: { by: 'arn' as const, value: expired.arn },
      usage: { service: 'elbv2' as const, resource: `shop-alb-${i}-production`, detail: '443', region: 'eu-west-1' },
    }));
    const imported: SecurityHubFinding[] = [];
    const dependencies = {
      ...fakeDependencies({ certificates: [expired], usage: inventoryOf(consumers) }),
      findings: { activeFindings: async () => [], importFindings: async (findings: readonly SecurityHubFinding[]) => (imported.push(...findings), { calls: 1 }) },
    };
    const [evaluation] = await collect(evaluateRuleEvent(parseConfigRuleEvent(scheduledEvent()), { ...withUsage, securityHubFindings: true }, dependencies, invocation));
    const inAnnotation = consumers.filter((c) => evaluation?.annotation.includes(c.usage.resource)).length;
    const inFinding = consumers.filter((c) => imported[0]?.Description.includes(c.usage.resource)).length;
    expect(inAnnotation).toBeGreaterThan(0);
    expect(inFinding).toBe(consumers.length);
    expect(inFinding).toBeGreaterThan(inAnnotation);
  });
});
