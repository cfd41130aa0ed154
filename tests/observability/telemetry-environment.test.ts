import type * as Telemetry from '../../src/observability/telemetry';

/** The telemetry module loaded afresh with `environment` set, as at a Lambda cold start. */
function loadWith(environment: Record<string, string>): typeof Telemetry {
  const saved = { ...process.env };
  Object.assign(process.env, environment);
  try {
    let loaded: typeof Telemetry | undefined;
    jest.isolateModules(() => {
      loaded = jest.requireActual<typeof Telemetry>('../../src/observability/telemetry');
    });
    if (loaded === undefined) throw new Error('telemetry did not load');
    return loaded;
  } finally {
    process.env = saved;
  }
}

/** The EMF record the metrics buffer would print now. */
function emf(telemetry: typeof Telemetry): { _aws: { CloudWatchMetrics: { Namespace: string }[] }; service: string } {
  telemetry.metrics.addMetric('Probe', 'Count', 1);
  const record = telemetry.metrics.serializeMetrics() as unknown as { _aws: { CloudWatchMetrics: { Namespace: string }[] }; service: string };
  telemetry.metrics.clearMetrics();
  return record;
}

describe('telemetry names from the environment', () => {
  it('uses POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE when they are set', () => {
    const telemetry = loadWith({ POWERTOOLS_SERVICE_NAME: 'cert-rule-prod', POWERTOOLS_METRICS_NAMESPACE: 'Security/Certificates' });

    const record = emf(telemetry);

    expect(record._aws.CloudWatchMetrics[0]?.Namespace).toBe('Security/Certificates');
    expect(record.service).toBe('cert-rule-prod');
  });

  it('falls back to the documented names when the variables are unset or empty', () => {
    const telemetry = loadWith({ POWERTOOLS_SERVICE_NAME: '', POWERTOOLS_METRICS_NAMESPACE: '' });

    const record = emf(telemetry);

    expect(record._aws.CloudWatchMetrics[0]?.Namespace).toBe(telemetry.METRICS_NAMESPACE);
    expect(record.service).toBe(telemetry.SERVICE_NAME);
  });
});
