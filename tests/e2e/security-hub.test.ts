import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { metricValues } from '../support/bundle/handler-output';
import { HandlerError } from '../support/bundle/handler-process';
import { periodicEvent } from '../support/events';
import { useStandIn, verdicts } from '../support/e2e-harness';
import type { StandIn } from '../support/stand-in/stand-in';

const RULE = 'iam-server-certificate-expiring';
const DAY = 86_400_000;
const WITH_FINDINGS = JSON.stringify({ daysToExpiration: '30', securityHubFindings: 'true', runbookUrl: 'https://wiki.example.com/runbooks/iam-certificates' });

jest.setTimeout(30_000);

type Finding = Record<string, unknown> & {
  Id: string;
  CreatedAt: string;
  UpdatedAt: string;
  RecordState: string;
  ProductArn: string;
  Severity: { Label: string };
  FindingProviderFields: { Severity: { Label: string } };
  Compliance: { Status: string };
  Workflow: { Status: string };
  Description: string;
};

/** The stand-in's Security Hub findings by certificate name (the last part of the finding Id). */
function findingsByName(standIn: StandIn): Record<string, Finding> {
  return Object.fromEntries((standIn.findings() as unknown as Finding[]).map((finding) => [finding.Id.split('/').pop() ?? '', finding]));
}

describe('Security Hub findings from the bundled handler', () => {
  const context = useStandIn({ AWS_MAX_ATTEMPTS: '2' });

  function seed(standIn: StandIn, now: number): void {
    standIn.seedCertificates([
      { name: 'shop', expiration: new Date(now - 10 * DAY), tags: [{ key: 'owner', value: 'team-web' }] },
      { name: 'api', expiration: new Date(now + 5 * DAY) },
      { name: 'intranet', expiration: new Date(now + 20 * DAY), tags: [{ key: 'owner', value: 'team-intranet' }] },
      { name: 'www', expiration: new Date(now + 365 * DAY) },
    ]);
  }

  const run = async (standIn: StandIn, handler: ReturnType<typeof context>['handler'], parameters = WITH_FINDINGS) =>
    handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), parameters, new Date()));

  it('H1: over three runs, refreshes every finding, archives a deleted certificate\'s and passes a renewed one', async () => {
    const { standIn, handler } = context();
    const now = Date.now();
    seed(standIn, now);

    // Run 1: one finding per certificate, severity from the time left, owners named.
    const first = await run(standIn, handler);
    const one = findingsByName(standIn);
    expect(Object.keys(one).sort()).toEqual(['api', 'intranet', 'shop', 'www']);
    expect(Object.fromEntries(Object.entries(one).map(([name, f]) => [name, [f.Severity.Label, f.Compliance.Status, f.RecordState]]))).toEqual({
      shop: ['HIGH', 'FAILED', 'ACTIVE'],
      api: ['HIGH', 'FAILED', 'ACTIVE'],
      intranet: ['MEDIUM', 'FAILED', 'ACTIVE'],
      www: ['INFORMATIONAL', 'PASSED', 'ACTIVE'],
    });
    expect(one['shop']?.Description).toContain('Owner: team-web.');
    expect(one['api']?.Description).toContain('No owner tag.');
    expect(first['findings']).toEqual({ imported: 4, archived: 0, batchImportCalls: 1 });
    // The Config annotation names the owner too.
    expect(standIn.evaluations(RULE).find((e) => e.resourceId === 'shop')?.annotation).toMatch(/owner team-web$/);

    // Run 2: the same findings, updated, first-seen times kept.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await run(standIn, handler);
    const two = findingsByName(standIn);
    expect(standIn.findings()).toHaveLength(4);
    for (const name of Object.keys(one)) {
      expect(two[name]?.CreatedAt).toBe(one[name]?.CreatedAt);
      expect(Date.parse(two[name]?.UpdatedAt ?? '')).toBeGreaterThan(Date.parse(one[name]?.UpdatedAt ?? ''));
    }

    // Run 3: www deleted, api renewed under the same name.
    standIn.deleteCertificate('www');
    standIn.deleteCertificate('api');
    standIn.seedCertificates([{ name: 'api', expiration: new Date(now + 400 * DAY) }]);
    const third = await run(standIn, handler);
    const three = findingsByName(standIn);
    expect([three['www']?.RecordState, three['www']?.Compliance.Status]).toEqual(['ARCHIVED', 'PASSED']);
    expect([three['api']?.RecordState, three['api']?.Compliance.Status, three['api']?.Severity.Label]).toEqual(['ACTIVE', 'PASSED', 'INFORMATIONAL']);
    expect(three['api']?.CreatedAt).toBe(one['api']?.CreatedAt);
    expect(third['findings']).toEqual({ imported: 3, archived: 1, batchImportCalls: 2 });
    expect(standIn.calls.all().filter((call) => call.operation === 'GetFindings')).toHaveLength(3);
  });

  it('H2: imports nothing, and reads no tags, when securityHubFindings is off', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    const summary = await run(standIn, handler, JSON.stringify({ daysToExpiration: '30' }));
    expect(standIn.findings()).toEqual([]);
    expect(summary['findings']).toBeUndefined();
    expect(standIn.calls.all().filter((call) => call.service === 'securityhub' || call.operation === 'ListServerCertificateTags')).toEqual([]);
  });

  it('H3: resends findings Security Hub lists as failed, and fails the invocation when it keeps refusing them', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    standIn.faults.add({ operation: 'BatchImportFindings', onCalls: [1], kind: 'failed-findings', resourceIds: [`${RULE}/us-east-1/123456789012/shop`] });
    await run(standIn, handler);
    expect(Object.keys(findingsByName(standIn)).sort()).toEqual(['api', 'intranet', 'shop', 'www']);
    expect(standIn.callCounts()['BatchImportFindings']).toBe(2);

    standIn.faults.clear();
    standIn.faults.add({ operation: 'BatchImportFindings', onCalls: 'all', kind: 'failed-findings', resourceIds: 'all' });
    const putEvaluations = standIn.callCounts()['PutEvaluations'] ?? 0;
    const failure = run(standIn, handler);
    await expect(failure).rejects.toBeInstanceOf(HandlerError);
    await expect(failure).rejects.toMatchObject({ name: 'FindingDeliveryError' });
    // Config's results were delivered before the run failed for Security Hub.
    expect(standIn.callCounts()['PutEvaluations']).toBe(putEvaluations + 1);
  });

  it('H4: fails with a message that says Security Hub is not enabled in the account and region, and what to do', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    standIn.setSecurityHubEnabled(false);
    const failure = handler(periodicEvent(RULE, standIn.resultTokenFor(RULE), WITH_FINDINGS, new Date()), { invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:rule' });
    await expect(failure).rejects.toMatchObject({ name: 'SecurityHubNotEnabledError' });
    await expect(failure).rejects.toThrow('Security Hub is not enabled in account 123456789012, region us-east-1');
    await expect(failure).rejects.toThrow('Enable Security Hub in that account and region');
    await expect(failure).rejects.toThrow('or set the rule parameter securityHubFindings to "false"');
    // Config's results are delivered all the same: only Security Hub is left out.
    expect(Object.keys(verdicts(standIn, RULE)).sort()).toEqual(['api', 'intranet', 'shop', 'www']);
    // The delivered run is still counted, next to the failure.
    const output = ((await failure.catch((error: unknown) => error)) as HandlerError).output;
    expect(metricValues(output)).toMatchObject({ CertificatesEvaluated: 4, RunsFailed: 1 });
  });

  it('H5: archiving a finding a customer resolved leaves it resolved, and a customer’s severity is never overwritten', async () => {
    const { standIn, handler } = context();
    seed(standIn, Date.now());
    await run(standIn, handler);
    const one = findingsByName(standIn);
    const hub = new SecurityHubClient({});
    try {
      const identifier = (name: string) => ({ Id: one[name]?.Id ?? '', ProductArn: one[name]?.ProductArn ?? '' });
      await hub.send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [identifier('www')], Workflow: { Status: 'RESOLVED' } }));
      await hub.send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [identifier('intranet')], Severity: { Label: 'CRITICAL' } }));
    } finally {
      hub.destroy();
    }
    standIn.deleteCertificate('www');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await run(standIn, handler);
    const two = findingsByName(standIn);
    expect([two['www']?.RecordState, two['www']?.Compliance.Status, two['www']?.Workflow.Status]).toEqual(['ARCHIVED', 'PASSED', 'RESOLVED']);
    expect([two['intranet']?.Severity.Label, two['intranet']?.FindingProviderFields.Severity.Label]).toEqual(['CRITICAL', 'MEDIUM']);
  });

  it('H6: reads an owner tag from the last of several ListServerCertificateTags pages', async () => {
    const { standIn, handler } = context();
    const filler = Array.from({ length: 49 }, (_, i) => ({ key: `cost-centre-${String(i).padStart(2, '0')}`, value: 'x' }));
    // IAM sorts tags by key, so `owner` comes after every `cost-centre-…` tag: on the third page of 20.
    standIn.seedCertificates([{ name: 'tagged', expiration: new Date(Date.now() - DAY), tags: [{ key: 'owner', value: 'team-paged' }, ...filler] }]);
    standIn.setIamTagPageLimit(20);
    await run(standIn, handler);
    expect(standIn.calls.all().filter((call) => call.operation === 'ListServerCertificateTags')).toHaveLength(3);
    expect(findingsByName(standIn)['tagged']?.Description).toContain('Owner: team-paged.');
    expect(standIn.evaluations(RULE).find((e) => e.resourceId === 'tagged')?.annotation).toMatch(/owner team-paged$/);
  });
});
