import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { recordingRegionFor } from '../core/recording-region';
import type { RunSummary } from '../rule/run-summary';

/** The service name on every log line and metric (`POWERTOOLS_SERVICE_NAME` overrides it). */
export const SERVICE_NAME = 'iam-server-certificate-expiry';

/** CloudWatch namespace of the rule's metrics (`POWERTOOLS_METRICS_NAMESPACE` overrides it). */
export const METRICS_NAMESPACE = 'IamServerCertificateExpiry';

/** The metric names, as documented in docs/operations.md. */
export const MetricName = {
  CertificatesEvaluated: 'CertificatesEvaluated',
  Expired: 'CertificatesExpired',
  Expiring: 'CertificatesExpiring',
  NonCompliant: 'NonCompliant',
  StaleCleared: 'StaleResultsCleared',
  PutEvaluationsCalls: 'PutEvaluationsCalls',
  Duration: 'RunDuration',
  RunsFailed: 'RunsFailed',
  NotRecorded: 'CertificatesNotRecordedByConfig',
  FindingsImported: 'SecurityHubFindingsImported',
  FindingsArchived: 'SecurityHubFindingsArchived',
  OutsideRecordingRegion: 'RunsOutsideRecordingRegion',
  Excepted: 'CertificatesExcepted',
  TagReads: 'CertificateTagReads',
  ExpiryEventsPut: 'ExpiryEventsPut',
} as const;

// Powertools prefers a name passed in code over its environment variable, so
// the defaults are passed only when the variable is unset or empty.
const fromEnvironment = (name: string, fallback: string): string => {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
};

/** Structured JSON logs; certificate bodies and keys are never read, so never logged. */
export const logger = new Logger({ serviceName: fromEnvironment('POWERTOOLS_SERVICE_NAME', SERVICE_NAME) });

/** Embedded Metric Format: CloudWatch extracts metrics from the log line, no API call needed. */
export const metrics = new Metrics({
  namespace: fromEnvironment('POWERTOOLS_METRICS_NAMESPACE', METRICS_NAMESPACE),
  serviceName: fromEnvironment('POWERTOOLS_SERVICE_NAME', SERVICE_NAME),
});

/**
 * Adds one run's counts to the metrics buffer, under the rule's name.
 *
 * @param region the Lambda's region (`AWS_REGION`): a run outside the region
 * where Config records server certificates counts 1 in `RunsOutsideRecordingRegion`
 */
export function recordRun(summary: RunSummary, durationMs: number, region: string | undefined): void {
  metrics.addDimension('ConfigRuleName', summary.rule);
  metrics.addMetric(MetricName.CertificatesEvaluated, MetricUnit.Count, summary.certificatesEvaluated);
  metrics.addMetric(MetricName.Expired, MetricUnit.Count, summary.expired);
  metrics.addMetric(MetricName.Expiring, MetricUnit.Count, summary.expiring);
  metrics.addMetric(MetricName.NonCompliant, MetricUnit.Count, summary.expired + summary.expiring - (summary.excepted ?? 0));
  metrics.addMetric(MetricName.StaleCleared, MetricUnit.Count, summary.staleCleared);
  metrics.addMetric(MetricName.PutEvaluationsCalls, MetricUnit.Count, summary.putEvaluationsCalls);
  metrics.addMetric(MetricName.Duration, MetricUnit.Milliseconds, durationMs);
  const recordingRegion = region === undefined ? undefined : recordingRegionFor(region);
  if (recordingRegion !== undefined) metrics.addMetric(MetricName.OutsideRecordingRegion, MetricUnit.Count, recordingRegion === region ? 0 : 1);
  if (summary.recording !== undefined) {
    metrics.addMetric(MetricName.NotRecorded, MetricUnit.Count, summary.recording.certificatesNotRecorded);
  }
  // Only runs that read tags (owners or tagOverrides) can except a certificate.
  if (summary.tagReads !== undefined) {
    metrics.addMetric(MetricName.TagReads, MetricUnit.Count, summary.tagReads);
    metrics.addMetric(MetricName.Excepted, MetricUnit.Count, summary.excepted ?? 0);
  }
  // Only periodic runs with expiryEvents on that put them: 0 there means no certificate needed one.
  if (summary.expiryEvents !== undefined) metrics.addMetric(MetricName.ExpiryEventsPut, MetricUnit.Count, summary.expiryEvents.put);
  if (summary.findings !== undefined) {
    metrics.addMetric(MetricName.FindingsImported, MetricUnit.Count, summary.findings.imported);
    metrics.addMetric(MetricName.FindingsArchived, MetricUnit.Count, summary.findings.archived);
  }
}

/** Counts a failed run, so an alarm can fire on it as well as on Lambda Errors. */
export function recordFailure(rule: string | undefined): void {
  if (rule !== undefined) metrics.addDimension('ConfigRuleName', rule);
  metrics.addMetric(MetricName.RunsFailed, MetricUnit.Count, 1);
}
