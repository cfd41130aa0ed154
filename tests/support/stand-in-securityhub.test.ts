import { IAMClient, ListServerCertificateTagsCommand } from '@aws-sdk/client-iam';
import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import type { StandIn } from './stand-in/stand-in';
import { useStandInThroughSdk } from './stand-in-through-sdk';

const ACCOUNT = '123456789012';
const PRODUCT = `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`;
const T0 = '2026-11-24T12:00:00.000Z';
const T1 = '2026-11-25T12:00:00.000Z';

function finding(overrides: Record<string, unknown> = {}): AwsSecurityFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: 'rule/us-east-1/123456789012/shop',
    ProductArn: PRODUCT,
    GeneratorId: 'rule',
    AwsAccountId: ACCOUNT,
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    CreatedAt: T0,
    UpdatedAt: T0,
    Severity: { Label: 'HIGH', Original: 'Expired' },
    FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'Expired' }, Types: ['Software and Configuration Checks/AWS Security Best Practices'] },
    Title: 'IAM server certificate shop expired',
    Description: 'Expired.',
    Resources: [{ Type: 'Other', Id: 'arn:aws:iam::123456789012:server-certificate/shop', Partition: 'aws', Region: 'us-east-1', Details: { Other: { Name: 'shop' } } }],
    Compliance: { Status: 'FAILED' },
    RecordState: 'ACTIVE',
    ...overrides,
  } as AwsSecurityFinding;
}

describe("the stand-in's Security Hub, through the real SDK client", () => {
  const sdk = useStandInThroughSdk();
  let standIn: StandIn;
  let hub: SecurityHubClient;
  let iam: IAMClient;

  beforeAll(() => {
    standIn = sdk.standIn();
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
    const credentials = { accessKeyId: 'AKIATESTSTANDIN00001', secretAccessKey: 'secret' };
    hub = sdk.client(() => new SecurityHubClient({ region: 'us-east-1', credentials, maxAttempts: 1 }));
    iam = sdk.client(() => new IAMClient({ region: 'us-east-1', credentials, maxAttempts: 1 }));
  });

  const importOne = async (overrides: Record<string, unknown> = {}) => hub.send(new BatchImportFindingsCommand({ Findings: [finding(overrides)] }));
  const stored = () => standIn.findings()[0] as unknown as Record<string, unknown> & { Description: string; Workflow: { Status: string } };

  it('SS1: ignores an import whose UpdatedAt is equal to or earlier than the stored one, and applies a later one', async () => {
    await importOne({ Description: 'first' });
    for (const UpdatedAt of [T0, '2026-11-23T12:00:00.000Z']) {
      expect(await importOne({ Description: 'stale', UpdatedAt })).toMatchObject({ FailedCount: 0, SuccessCount: 1 });
      expect(stored().Description).toBe('first');
    }
    await importOne({ Description: 'second', UpdatedAt: T1 });
    expect(stored().Description).toBe('second');
  });

  it('SS2: with Security Hub not enabled, lists every import as InvalidAccess and refuses GetFindings with InvalidAccessException', async () => {
    standIn.setSecurityHubEnabled(false);
    expect(await importOne()).toMatchObject({
      FailedCount: 1,
      FailedFindings: [{ Id: finding().Id, ErrorCode: 'InvalidAccess', ErrorMessage: `Account ${ACCOUNT} is not subscribed to AWS Security Hub` }],
    });
    await expect(hub.send(new GetFindingsCommand({}))).rejects.toMatchObject({ name: 'InvalidAccessException', $metadata: { httpStatusCode: 401 } });
    expect(standIn.findings()).toEqual([]);
    standIn.reset();
    expect(await importOne()).toMatchObject({ FailedCount: 0 });
  });

  it.each([
    ['an Id over 512 characters', { Id: 'i'.repeat(513) }, 'data.Id should NOT be longer than 512'],
    ['a GeneratorId over 512 characters', { GeneratorId: 'g'.repeat(513) }, 'data.GeneratorId should NOT be longer than 512'],
    ['a Title over 256 characters', { Title: 't'.repeat(257) }, 'data.Title should NOT be longer than 256'],
    ['a Description over 1,024 characters', { Description: 'd'.repeat(1025) }, 'data.Description should NOT be longer than 1024'],
    ['a Recommendation.Text over 512 characters', { Remediation: { Recommendation: { Text: 'r'.repeat(513) } } }, 'Recommendation.Text should be 1 to 512'],
    ['a type outside the defined namespaces', { Types: ['Certificates/Expired'] }, 'with a defined namespace'],
    ['a type deeper than namespace/category/classifier', { Types: ['TTPs/Discovery/A/B'] }, 'namespace/category/classifier'],
    ['a provider type outside the namespaces', { FindingProviderFields: { Severity: { Label: 'HIGH' }, Types: ['Nope'] } }, 'FindingProviderFields.Types'],
    ['more than 50 types', { Types: Array.from({ length: 51 }, () => 'TTPs') }, 'more than 50 items'],
    ['an unknown severity label', { Severity: { Label: 'SEVERE' } }, 'data.Severity.Label should be one of'],
    ['a provider severity Original over 64 characters', { FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'o'.repeat(65) } } }, 'Original should be 1 to 64'],
    ['no severity at all', { Severity: undefined, FindingProviderFields: { Types: ['TTPs'] } }, "required property 'Severity'"],
    ['more than 50 Details.Other pairs', { Resources: [{ Type: 'Other', Id: 'x', Details: { Other: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) } }] }, 'more than 50 properties'],
    ['a Details.Other key of 128 characters', { Resources: [{ Type: 'Other', Id: 'x', Details: { Other: { ['k'.repeat(128)]: 'v' } } }] }, 'fewer than 128'],
    ['a Details.Other value of 1,024 characters', { Resources: [{ Type: 'Other', Id: 'x', Details: { Other: { k: 'v'.repeat(1024) } } }] }, 'fewer than 1024'],
    ['more than 32 resources', { Resources: Array.from({ length: 33 }, (_, i) => ({ Type: 'Other', Id: `r${i}` })) }, 'more than 32 items'],
    ['a ProductFields value over 2,048 characters', { ProductFields: { k: 'v'.repeat(2049) } }, 'fewer than 2049'],
    ['a finding over 240 KB', { Resources: [{ Type: 'Other', Id: 'x', Details: { Other: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'.repeat(1023)])) } }], ProductFields: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, 'v'.repeat(2048)])), UserDefinedFields: { big: 'u'.repeat(100_000) } }, 'larger than 245760 bytes'],
    ['a CreatedAt that is not a date-time', { CreatedAt: 'yesterday' }, 'data.CreatedAt should match format "date-time"'],
  ])('SS3: lists a finding with %s as InvalidInput, naming the rule it breaks', async (_case, overrides, problem) => {
    const response = await importOne(overrides);
    expect(response.FailedFindings?.[0]?.ErrorCode).toBe('InvalidInput');
    expect(response.FailedFindings?.[0]?.ErrorMessage).toContain(problem);
    expect(standIn.findings()).toEqual([]);
  });

  it('SS4: accepts the limits themselves, and an update with its severity and types only under FindingProviderFields', async () => {
    const atLimits = {
      Id: 'i'.repeat(512),
      Title: 't'.repeat(256),
      Description: 'd'.repeat(1024),
      Remediation: { Recommendation: { Text: 'r'.repeat(512) } },
      Resources: [{ Type: 'Other', Id: 'x', Details: { Other: { ['k'.repeat(127)]: 'v'.repeat(1023) } } }],
    };
    expect(await importOne(atLimits)).toMatchObject({ FailedCount: 0 });
    expect(await importOne({ Severity: undefined, Types: undefined, UpdatedAt: T1 })).toMatchObject({ FailedCount: 0 });
  });

  it('SS5: refuses more than 100 findings, or a request over 6 MB, as a whole', async () => {
    const many = Array.from({ length: 101 }, (_, i) => finding({ Id: `f${i}` }));
    await expect(hub.send(new BatchImportFindingsCommand({ Findings: many }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    const heavy = Array.from({ length: 30 }, (_, i) => finding({ Id: `h${i}`, UserDefinedFields: { big: 'u'.repeat(230_000) } }));
    await expect(hub.send(new BatchImportFindingsCommand({ Findings: heavy }))).rejects.toThrow('at most 6291456 bytes');
  });

  it('SS6: moves the top-level severity with the provider’s until a customer sets it, and keeps the customer’s workflow', async () => {
    await importOne();
    await importOne({ Severity: undefined, Types: undefined, FindingProviderFields: { Severity: { Label: 'MEDIUM', Original: 'Expiring' }, Types: ['TTPs'] }, UpdatedAt: T1 });
    expect(stored()).toMatchObject({ Severity: { Label: 'MEDIUM' }, Types: ['TTPs'], FindingProviderFields: { Severity: { Label: 'MEDIUM' } } });

    await hub.send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [{ Id: finding().Id, ProductArn: PRODUCT }], Severity: { Label: 'CRITICAL' }, Workflow: { Status: 'NOTIFIED' } }));
    expect(stored().UpdatedAt).toBe(T1);
    await importOne({ Severity: undefined, Types: undefined, FindingProviderFields: { Severity: { Label: 'LOW', Original: 'x' }, Types: ['TTPs'] }, Workflow: { Status: 'NEW' }, UpdatedAt: '2026-11-26T12:00:00.000Z' });
    expect(stored()).toMatchObject({ Severity: { Label: 'CRITICAL' }, FindingProviderFields: { Severity: { Label: 'LOW' } }, Workflow: { Status: 'NOTIFIED' } });
  });

  it.each([
    ['PASSED → FAILED', 'NEW', { Compliance: { Status: 'PASSED' } }, { Compliance: { Status: 'FAILED' } }],
    ['PASSED → NOT_AVAILABLE', 'NEW', { Compliance: { Status: 'PASSED' } }, { Compliance: { Status: 'NOT_AVAILABLE' } }],
    ['ARCHIVED → ACTIVE', 'NEW', { RecordState: 'ARCHIVED' }, { RecordState: 'ACTIVE' }],
    ['FAILED → NOT_AVAILABLE', 'RESOLVED', { Compliance: { Status: 'FAILED' } }, { Compliance: { Status: 'NOT_AVAILABLE' } }],
    ['PASSED, archived, still PASSED', 'RESOLVED', { Compliance: { Status: 'PASSED' } }, { Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED' }],
  ])('SS7: a RESOLVED workflow after %s is %s', async (_case, expected, before, after) => {
    await importOne(before);
    await hub.send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [{ Id: finding().Id, ProductArn: PRODUCT }], Workflow: { Status: 'RESOLVED' } }));
    await importOne({ ...after, UpdatedAt: T1 });
    expect(stored().Workflow.Status).toBe(expected);
  });

  it('SS8: pages ListServerCertificateTags as IAM does: sorted by key, MaxItems 1-1000 (default 100), Marker while IsTruncated', async () => {
    const tags = Array.from({ length: 50 }, (_, i) => ({ key: `k${String(49 - i).padStart(2, '0')}`, value: `v${i}` }));
    standIn.seedCertificates([{ name: 'many', expiration: new Date(Date.parse(T1)), tags }]);
    const first = await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'many', MaxItems: 20 }));
    expect(first.Tags?.map((tag) => tag.Key)).toEqual(Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`));
    expect(first.IsTruncated).toBe(true);
    const rest = await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'many', MaxItems: 40, Marker: first.Marker }));
    expect([rest.Tags?.length, rest.IsTruncated, rest.Marker]).toEqual([30, false, undefined]);
    expect((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'many' }))).Tags).toHaveLength(50);
    for (const MaxItems of [0, 1001]) {
      await expect(iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'many', MaxItems }))).rejects.toMatchObject({ name: 'ValidationError' });
    }
    standIn.setIamTagPageLimit(15);
    const short = await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'many' }));
    expect([short.Tags?.length, short.IsTruncated]).toEqual([15, true]);
  });
});
