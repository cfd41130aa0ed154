/**
 * Reading what the bundled handler printed (HandlerProcess `output`): the
 * Powertools Logger's JSON log lines and the Powertools Metrics EMF lines.
 */

/** One JSON record the handler printed. */
export type OutputRecord = Readonly<Record<string, unknown>>;

/** One metric of an EMF record. */
export interface EmfMetric {
  readonly value: number;
  readonly unit: string;
}

/** One Embedded Metric Format record: where CloudWatch files the metrics, and their values. */
export interface EmfRecord {
  readonly namespace: string;
  /** Dimension name → value, e.g. `{ service: '…', ConfigRuleName: '…' }`. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, EmfMetric>>;
}

/**
 * The JSON records among the output chunks. Each console call is one chunk,
 * so a record pretty-printed over several lines (POWERTOOLS_DEV) is still one.
 */
export function jsonRecords(output: readonly string[]): OutputRecord[] {
  const records: OutputRecord[] = [];
  for (const chunk of output) {
    try {
      const parsed: unknown = JSON.parse(chunk);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) records.push(parsed as OutputRecord);
    } catch {
      // Not JSON: something other than Powertools wrote it (e.g. a Node warning).
    }
  }
  return records;
}

/** The Logger's lines: records with a `level` and a `message`. */
export function logLines(output: readonly string[]): OutputRecord[] {
  return jsonRecords(output).filter((record) => typeof record['level'] === 'string' && typeof record['message'] === 'string');
}

// EMF: `{"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace":…,"Dimensions":[[…]],"Metrics":[{"Name":…,"Unit":…}]}]}, "<dimension>": "…", "<metric>": value}`
// (CloudWatch User Guide, "Embedded metric format specification").
interface EmfDirective {
  readonly Namespace?: unknown;
  readonly Dimensions?: unknown;
  readonly Metrics?: unknown;
}

/** The EMF records in the output, one per CloudWatchMetrics directive. */
export function emfRecords(output: readonly string[]): EmfRecord[] {
  const records: EmfRecord[] = [];
  for (const record of jsonRecords(output)) {
    const aws = record['_aws'] as { CloudWatchMetrics?: unknown } | undefined;
    if (typeof aws !== 'object' || !Array.isArray(aws.CloudWatchMetrics)) continue;
    for (const directive of aws.CloudWatchMetrics as EmfDirective[]) {
      records.push(readDirective(record, directive));
    }
  }
  return records;
}

function readDirective(record: OutputRecord, directive: EmfDirective): EmfRecord {
  const dimensions: Record<string, string> = {};
  const dimensionSets = Array.isArray(directive.Dimensions) ? (directive.Dimensions as unknown[]) : [];
  for (const name of dimensionSets.flat()) {
    if (typeof name === 'string') dimensions[name] = String(record[name]);
  }
  const metrics: Record<string, EmfMetric> = {};
  const definitions = Array.isArray(directive.Metrics) ? (directive.Metrics as { Name?: unknown; Unit?: unknown }[]) : [];
  for (const definition of definitions) {
    if (typeof definition.Name !== 'string') continue;
    const raw = record[definition.Name];
    // A metric added more than once in one flush is an array of values; they add up.
    const value = Array.isArray(raw) ? (raw as number[]).reduce((sum, item) => sum + item, 0) : Number(raw);
    metrics[definition.Name] = { value, unit: typeof definition.Unit === 'string' ? definition.Unit : 'None' };
  }
  return { namespace: String(directive.Namespace), dimensions, metrics };
}

/** Metric name → value over every EMF record in the output (later records win). */
export function metricValues(output: readonly string[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const record of emfRecords(output)) {
    for (const [name, metric] of Object.entries(record.metrics)) values[name] = metric.value;
  }
  return values;
}
