import { BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_FINDINGS_PER_IMPORT, SecurityHubFindings } from '../../src/adapters/security-hub-findings';
import { evaluateCertificate } from '../../src/core/evaluate-certificate';
import { certificateFinding, type SecurityHubFinding } from '../../src/core/security-hub-finding';
import { FindingDeliveryError } from '../../src/errors';
import { findingContext, FINDINGS_NOW } from '../support/finding-context';

const hub = mockClient(SecurityHubClient);
const NOW = FINDINGS_NOW;
const context = findingContext({ ruleName: 'rule', runbookUrl: 'https://example.com/runbook' });

function finding(i: number): SecurityHubFinding {
  const certificate = { name: `cert-${i}`, id: `ASCA${i}`, arn: `arn:aws:iam::123456789012:server-certificate/cert-${i}`, path: '/', expiration: new Date(NOW.getTime() + i * 86_400_000) };
  return certificateFinding({ certificate, verdict: evaluateCertificate(certificate, NOW, context), owner: undefined, usage: undefined }, context);
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

  it('F4: fails loudly, naming the findings, when Security Hub keeps refusing them', async () => {
    hub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => ({
      FailedCount: 1,
      SuccessCount: input.Findings.length - 1,
      FailedFindings: [{ Id: finding(1).Id, ErrorCode: 'InvalidInput', ErrorMessage: 'no' }],
    }));
    const promise = store(2).store.importFindings([finding(0), finding(1)]);
    await expect(promise).rejects.toBeInstanceOf(FindingDeliveryError);
    await expect(promise).rejects.toMatchObject({ undelivered: [finding(1).Id] });
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(3);
  });

  it('F5: fails loudly when the call itself keeps failing after the SDK retries', async () => {
    hub.on(BatchImportFindingsCommand).rejects(Object.assign(new Error('InternalException'), { name: 'InternalException' }));
    await expect(store().store.importFindings([finding(0)])).rejects.toThrow(/BatchImportFindings failed after the SDK's retries/);
  });

  it('F6: reads the rule\'s active findings in its account\'s product across pages, without Security Hub\'s own fields', async () => {
    const requests: unknown[] = [];
    const stored = { ...finding(3), ProductFields: { ConfigRuleName: 'rule', 'aws/securityhub/FindingId': 'x' }, Workflow: { Status: 'NEW' } } as unknown as AwsSecurityFinding;
    hub.on(GetFindingsCommand).callsFake((input: object) => {
      requests.push(input);
      return requests.length === 1 ? { Findings: [stored], NextToken: 'n1' } : { Findings: [] };
    });
    const filter = { productArn: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default', generatorId: 'rule', accountId: '123456789012' };
    const found = await store().store.activeFindings(filter);
    expect(found).toHaveLength(1);
    expect(found[0]?.ProductFields).toEqual({ ConfigRuleName: 'rule' });
    expect(found[0]).not.toHaveProperty('Workflow');
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
