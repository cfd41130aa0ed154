import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand, ListDiscoveredResourcesCommand, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { IAMClient, ListServerCertificatesCommand, ListServerCertificateTagsCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../src/handler';
import { MetricName, METRICS_NAMESPACE } from '../../src/observability/telemetry';
import { scheduledEvent, withInvokingEventText } from '../fixtures/config-events';

const iam = mockClient(IAMClient);
const config = mockClient(ConfigServiceClient);

/** Every JSON line Powertools printed through the console during `action`. */
async function capture(action: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const sink = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  for (const method of ['log', 'info', 'error', 'warn', 'debug'] as const) jest.spyOn(console, method).mockImplementation(sink);
  await action().catch(() => undefined);
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('telemetry', () => {
  beforeEach(() => {
    process.env['AWS_REGION'] = 'us-east-1';
    config.on(ListDiscoveredResourcesCommand).resolves({ resourceIdentifiers: [] });
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({
      EvaluationResults: [{ EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceType: 'AWS::IAM::ServerCertificate', ResourceId: 'gone' } } }],
    });
    config.on(PutEvaluationsCommand).resolves({});
    iam.on(ListServerCertificatesCommand).resolves({
      ServerCertificateMetadataList: [
        { ServerCertificateName: 'old', ServerCertificateId: 'ASCAOLD', Arn: 'arn', Path: '/', Expiration: new Date(Date.now() - 86_400_000) },
        { ServerCertificateName: 'new', ServerCertificateId: 'ASCANEW', Arn: 'arn', Path: '/', Expiration: new Date(Date.now() + 400 * 86_400_000) },
      ],
      IsTruncated: false,
    });
  });
  afterEach(() => {
    iam.reset();
    config.reset();
  });

  it('T1: logs one structured line per run with the request id, rule, account and counts', async () => {
    const lines = await capture(() => handler(scheduledEvent(), { awsRequestId: 'req-42' }));
    const log = lines.find((line) => line['message'] === 'rule run complete');
    expect(log).toMatchObject({
      level: 'INFO',
      service: 'iam-server-certificate-expiry',
      requestId: 'req-42',
      rule: 'iam-server-certificate-expiring',
      account: '123456789012',
      summary: { certificatesEvaluated: 2, expired: 1, valid: 1, staleCleared: 1, putEvaluationsCalls: 1 },
    });
    // Certificate bodies are never read, so no PEM can reach a log line.
    expect(JSON.stringify(lines)).not.toContain('BEGIN CERTIFICATE');
  });

  it('T2b: with tagOverrides, counts an excepted certificate as excepted, not NON_COMPLIANT, and counts the tag reads', async () => {
    const exceptionDay = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    iam.on(ListServerCertificateTagsCommand).resolves({ Tags: [{ Key: 'iam-cert-expiry:exception', Value: `${exceptionDay} CHG-1` }], IsTruncated: false });
    const lines = await capture(() => handler(scheduledEvent('2026-11-23T10:00:00.000Z', { ruleParameters: '{"daysToExpiration":"30","tagOverrides":"true"}' })));
    const emf = lines.find((line) => '_aws' in line);
    expect(emf).toMatchObject({ [MetricName.Expired]: 1, [MetricName.NonCompliant]: 0, [MetricName.Excepted]: 1, [MetricName.TagReads]: 1 });
    // Without tag reads the two metrics are not published at all, as before.
    iam.on(ListServerCertificateTagsCommand).rejects(new Error('not called'));
    const plain = (await capture(() => handler(scheduledEvent()))).find((line) => '_aws' in line);
    expect(plain).not.toHaveProperty(MetricName.Excepted);
    expect(plain).not.toHaveProperty(MetricName.TagReads);
  });

  it('T2: publishes the run’s counts as Embedded Metric Format under the rule name', async () => {
    const lines = await capture(() => handler(scheduledEvent()));
    const emf = lines.find((line) => '_aws' in line);
    expect(emf).toMatchObject({
      ConfigRuleName: 'iam-server-certificate-expiring',
      [MetricName.CertificatesEvaluated]: 2,
      [MetricName.Expired]: 1,
      [MetricName.NonCompliant]: 1,
      [MetricName.StaleCleared]: 1,
      [MetricName.PutEvaluationsCalls]: 1,
    });
    expect(JSON.stringify(emf)).toContain(METRICS_NAMESPACE);
  });

  it('T2b: counts a run outside the recording region, and warns even with no certificate to compare', async () => {
    iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [], IsTruncated: false });
    const home = await capture(() => handler(scheduledEvent()));
    expect(home.find((line) => '_aws' in line)).toMatchObject({ [MetricName.OutsideRecordingRegion]: 0 });

    process.env['AWS_REGION'] = 'eu-west-1';
    const elsewhere = await capture(() => handler(scheduledEvent()));
    expect(elsewhere.find((line) => '_aws' in line)).toMatchObject({ [MetricName.OutsideRecordingRegion]: 1 });
    expect(elsewhere.find((line) => line['level'] === 'WARN')?.['message']).toContain('only in us-east-1');
  });

  it('T3: logs a failure with the error and counts it, without the previous run’s rule name', async () => {
    await capture(() => handler(scheduledEvent()));
    const lines = await capture(() => handler(withInvokingEventText(scheduledEvent(), '{broken'), { awsRequestId: 'req-bad' }));
    const log = lines.find((line) => line['level'] === 'ERROR');
    expect(log).toMatchObject({ requestId: 'req-bad', error: { name: 'InvalidEventError', field: 'invokingEvent' } });
    expect(log).not.toHaveProperty('rule');
    expect(lines.find((line) => '_aws' in line)).toMatchObject({ [MetricName.RunsFailed]: 1 });
  });
});
