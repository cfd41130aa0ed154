import { BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_FINDINGS_PER_IMPORT, SecurityHubFindings } from '../../src/adapters/security-hub-findings';
import { evaluateCertificate } from '../../src/core/evaluate-certificate';
import { certificateFinding, type SecurityHubFinding } from '../../src/core/security-hub-finding';
import { FindingDeliveryError, SecurityHubNotEnabledError } from '../../src/errors';
import { findingContext, FINDINGS_NOW } from '../support/finding-context';

const hub = mockClient(SecurityHubClient);
const NOW = FINDINGS_NOW;
const context = findingContext({ ruleName: 'rule', runbookUrl: 'https://example.com/runbook' });

function finding(i: number, previous?: { createdAt: string; firstObservedAt: string; updatedAt: string }): SecurityHubFinding {
  const certificate = { name: `cert-${i}`, id: `ASCA${i}`, arn: `arn:aws:iam::123456789012:server-certificate/cert-${i}`, path: '/', expiration: new Date(NOW.getTime() + i * 86_400_000) };
  return certificateFinding({ certificate, verdict: evaluateCertificate(certificate, NOW, context), owner: undefined, usage: undefined }, context, previous);
}

function store(retries = 3): { store: SecurityHubFindings; sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    store: new SecurityHubFindings(new SecurityHubClient({ region: 'us-east-1' }), { failedFindingRetries: retries, sleep: async (ms) => void sleeps.push(ms) }),
    sleeps,
  };
}

const sentIds = (): string[][] => hub.commandCalls(BatchImportFindingsCommand).map((call) => (call.args[0].input.Findings ?? []).map((f) => f.Id ?? ''));

describe('SecurityHubFindings', () => {
  afterEach(() => hub.reset());

  it('F1: imports 250 findings in batches of at most 100', async () => {
    hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 100, FailedFindings: [] });
    const result = await store().store.importFindings(Array.from({ length: 250 }, (_, i) => finding(i)));
    expect(result).toEqual({ calls: 3 });
    expect(sentIds().map((ids) => ids.length)).toEqual([MAX_FINDINGS_PER_IMPORT, 100, 50]);
  });

  it('F2: makes no call for no findings', async () => {
    expect(await store().store.importFindings([])).toEqual({ calls: 0 });
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
  });

  it('F3: resends what FailedFindings lists, only that, then succeeds', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({ FailedCount: 1, SuccessCount: 2, FailedFindings: [{ Id: finding(1).Id, ErrorCode: 'InternalException', ErrorMessage: 'x' }] })
      .resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const { store: instance, sleeps } = store();
    expect(await instance.importFindings([finding(0), finding(1), finding(2)])).toEqual({ calls: 2 });
    expect(sentIds()[1]).toEqual([finding(1).Id]);
    expect(sleeps).toHaveLength(1);
  });

  it('F4: resends findings refused for a passing reason, then fails loudly naming them and the reason', async () => {
    hub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => ({
      FailedCount: 1,
      SuccessCount: input.Findings.length - 1,
      FailedFindings: [{ Id: finding(1).Id, ErrorCode: 'InternalException', ErrorMessage: 'Internal service failure' }],
    }));
    const promise = store(2).store.importFindings([finding(0), finding(1)]);
    await expect(promise).rejects.toBeInstanceOf(FindingDeliveryError);
    await expect(promise).rejects.toMatchObject({ undelivered: [finding(1).Id], refusals: [{ id: finding(1).Id, code: 'InternalException', message: 'Internal service failure' }] });
    await expect(promise).rejects.toThrow(`${finding(1).Id} (InternalException: Internal service failure)`);
    await expect(promise).rejects.toThrow('still refused after 2 resends');
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(3);
  });

  it('F4b: does not resend a finding refused as InvalidInput, and names the reason Security Hub gave', async () => {
    const message = 'Finding does not adhere to Amazon Finding Format. data.Title should NOT be longer than 256 characters';
    hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 1, SuccessCount: 1, FailedFindings: [{ Id: finding(1).Id, ErrorCode: 'InvalidInput', ErrorMessage: message }] });
    const { store: instance, sleeps } = store();
    const promise = instance.importFindings([finding(0), finding(1)]);
    await expect(promise).rejects.toBeInstanceOf(FindingDeliveryError);
    await expect(promise).rejects.toThrow(`${finding(1).Id} (InvalidInput: ${message})`);
    await expect(promise).rejects.toThrow('1 refused for good, not resent');
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('F4c: resends only the passing refusals of a batch that also has a permanent one, and still fails for the permanent one', async () => {
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 2,
        SuccessCount: 1,
        FailedFindings: [
          { Id: finding(1).Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' },
          { Id: finding(2).Id, ErrorCode: 'LimitExceededException', ErrorMessage: 'Rate exceeded' },
        ],
      })
      .resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const promise = store().store.importFindings([finding(0), finding(1), finding(2)]);
    await expect(promise).rejects.toMatchObject({ undelivered: [finding(1).Id] });
    expect(sentIds()).toEqual([[finding(0).Id, finding(1).Id, finding(2).Id], [finding(2).Id]]);
  });

  it('F4d: keeps the message bounded: names five refusals, counts the rest, cuts long reasons', async () => {
    const many = Array.from({ length: 12 }, (_, i) => finding(i));
    hub.on(BatchImportFindingsCommand).resolves({
      FailedCount: 12,
      SuccessCount: 0,
      FailedFindings: many.map((f) => ({ Id: f.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'x'.repeat(5_000) })),
    });
    const error = await store().store.importFindings(many).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FindingDeliveryError);
    const text = (error as Error).message;
    expect(text).toContain('and 7 more');
    expect(text).toContain(many[4]?.Id);
    expect(text).not.toContain(many[5]?.Id);
    expect(text.length).toBeLessThan(2_500);
    expect((error as FindingDeliveryError).undelivered).toHaveLength(12);
  });

  it('F4g: resends the whole batch when a passing refusal names no finding sent, and names that reason if it persists', async () => {
    hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 1, SuccessCount: 1, FailedFindings: [{ Id: 'not-one-of-ours', ErrorCode: 'InternalException', ErrorMessage: 'try again' }] });
    const failure = store(2).store.importFindings([finding(1), finding(2)]);

    await expect(failure).rejects.toBeInstanceOf(FindingDeliveryError);
    await expect(failure).rejects.toThrow(`${finding(1).Id} (InternalException: try again)`);
    expect(sentIds()).toEqual([[finding(1).Id, finding(2).Id], [finding(1).Id, finding(2).Id], [finding(1).Id, finding(2).Id]]);
  });

  it('F4e: fails at once, saying Security Hub is not enabled, when findings come back as InvalidAccess', async () => {
    hub.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 0,
      FailedFindings: [{ Id: finding(0).Id, ErrorCode: 'InvalidAccess', ErrorMessage: 'Account 123456789012 is not subscribed to AWS Security Hub' }],
    });
    const promise = store().store.importFindings([finding(0)]);
    await expect(promise).rejects.toBeInstanceOf(SecurityHubNotEnabledError);
    await expect(promise).rejects.toThrow('Security Hub is not enabled in account 123456789012, region us-east-1');
    await expect(promise).rejects.toThrow('securityHubFindings to "false"');
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(1);
  });

  it('F4f: sends an update without the top-level Severity and Types, and a new finding with them', async () => {
    hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 2, FailedFindings: [] });
    const earlier = { createdAt: '2026-01-01T00:00:00.000Z', firstObservedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
    await store().store.importFindings([finding(0), finding(1, earlier)]);
    const [created, updated] = hub.commandCalls(BatchImportFindingsCommand)[0]?.args[0].input.Findings ?? [];
    expect(created).toHaveProperty('Severity.Label', 'HIGH');
    expect(created).toHaveProperty('Types');
    expect(updated).not.toHaveProperty('Severity');
    expect(updated).not.toHaveProperty('Types');
    expect(updated?.FindingProviderFields?.Severity?.Label).toBe('HIGH');
  });

  it('F5: fails loudly when the call itself keeps failing after the SDK retries', async () => {
    hub.on(BatchImportFindingsCommand).rejects(Object.assign(new Error('InternalException'), { name: 'InternalException' }));
    await expect(store().store.importFindings([finding(0)])).rejects.toThrow(/BatchImportFindings failed after the SDK's retries/);
  });

  it('F6: reads the rule\'s active findings in its account\'s product across pages, without Security Hub\'s own fields', async () => {
    const requests: unknown[] = [];
    // A customer raised the top-level severity with BatchUpdateFindings: the provider's own stays in FindingProviderFields.
    const stored = {
      ...finding(3),
      Severity: { Label: 'CRITICAL' },
      ProductFields: { ConfigRuleName: 'rule', 'aws/securityhub/FindingId': 'x' },
      Workflow: { Status: 'NEW' },
    } as unknown as AwsSecurityFinding;
    hub.on(GetFindingsCommand).callsFake((input: object) => {
      requests.push(input);
      return requests.length === 1 ? { Findings: [stored], NextToken: 'n1' } : { Findings: [] };
    });
    const filter = { productArn: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default', generatorId: 'rule', accountId: '123456789012' };
    const found = await store().store.activeFindings(filter);
    expect(found).toHaveLength(1);
    expect(found[0]?.ProductFields).toEqual({ ConfigRuleName: 'rule' });
    expect(found[0]).not.toHaveProperty('Workflow');
    expect(found[0]).not.toHaveProperty('Severity');
    expect(found[0]).not.toHaveProperty('Types');
    expect(found[0]?.FindingProviderFields.Severity.Label).toBe(finding(3).FindingProviderFields.Severity.Label);
    expect(found[0]?.CreatedAt).toBe(finding(3).CreatedAt);
    expect(requests[0]).toEqual({
      Filters: {
        ProductArn: [{ Value: filter.productArn, Comparison: 'EQUALS' }],
        GeneratorId: [{ Value: 'rule', Comparison: 'EQUALS' }],
        AwsAccountId: [{ Value: '123456789012', Comparison: 'EQUALS' }],
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      },
      MaxResults: 100,
    });
    expect(requests[1]).toMatchObject({ NextToken: 'n1' });
  });
});
