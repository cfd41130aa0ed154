/**
 * Benchmark of the bundled handler against the stand-in: `npm run bench`.
 *
 * For N = 20, 1,000 and 10,000 certificates it runs three periodic
 * evaluations (the first with no earlier results, the second with N earlier
 * results to page through, the third as the second with `tagOverrides` on, so
 * with one ListServerCertificateTags call per certificate whose verdict its
 * tags could change) in a fresh handler process, with the stand-in in
 * another process so the handler's CPU time and peak RSS are its own. It
 * prints API calls per operation next to the floor, wall and CPU time, peak
 * RSS, module init time and the bundle size, as a Markdown table for
 * docs/performance.md, then the rule's own metrics as the handler published
 * them (the EMF line Powertools prints to stdout). Exits non-zero if any call
 * count differs from the floor, or the metrics disagree with what the
 * stand-in saw.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { attributeCpuProfile } from '../support/bench/cpu-profile';
import { asLambdaStartsIt, deployedMemorySize, deployedRuntime } from '../support/bundle/lambda-runtime';
import { BUNDLE_PATH, buildBundle, kib } from '../../scripts/handler-bundle';
import { metricValues } from '../support/bundle/handler-output';
import { startHandlerProcess, type InvocationCost } from '../support/bundle/handler-process';
import { daysFrom } from '../support/certificates';
import { daysParameter, periodicEvent } from '../support/events';
import { startRemoteStandIn } from '../support/stand-in/remote';

/** The share of the function's memory a 10,000-certificate run may peak at (60 %: 153 MiB at 256 MB). */
const PEAK_RSS_SHARE = 0.6;

// BENCH_SIZES=10000 runs only that size (and skips the CPU profile), e.g. to check memory.
/** How Lambda starts the deployed function (tests/support/bundle/lambda-runtime.ts). */
const LAMBDA: NodeSettings = { label: 'Lambda', ...asLambdaStartsIt() };
/** For comparison: the same without the wrapper, i.e. with the runtime's own heap flags. */
const RUNTIME_FLAGS: NodeSettings = { ...LAMBDA, label: "without the wrapper: the runtime's heap flags", options: { nodeArgs: LAMBDA.options.nodeArgs } };
/** And V8's own heap sizing, which suits this 24 GiB machine, not a Lambda function of a few hundred MB. */
const V8_DEFAULTS: NodeSettings = { label: 'V8 defaults, no heap flags', environment: { NODE_OPTIONS: '' }, options: { nodeArgs: [] } };
const SIZES = process.env['BENCH_SIZES'] === undefined ? [20, 1_000, 10_000] : process.env['BENCH_SIZES'].split(',').map(Number);
const RULE = 'iam-server-certificate-expiring';
const OPERATIONS = ['ListServerCertificates', 'ListDiscoveredResources', 'GetComplianceDetailsByConfigRule', 'PutEvaluations', 'ListServerCertificateTags'] as const;
// The metrics of a successful run (src/observability/telemetry.ts), in the order docs/operations.md lists them.
const METRICS = [
  'CertificatesEvaluated',
  'CertificatesExpired',
  'CertificatesExpiring',
  'NonCompliant',
  'CertificatesExcepted',
  'CertificateTagReads',
  'StaleResultsCleared',
  'PutEvaluationsCalls',
  'RunDuration',
] as const;
// Days left per certificate, cycled: expired, expiring (inside the 30-day window), valid, valid, and valid
// for over a year, whose tags cannot change its verdict, so are never read.
const DAYS_LEFT = [-50, 10, 150, 250, 500] as const;
/** Tags can change a verdict only within a year of expiry (src/core/certificate-policy.ts, tagHorizonDays). */
const TAG_HORIZON_DAYS = 365;
/**
 * Tags of the certificate at index i: every 10th an exception (half of the
 * expired and expiring ones), every 5th from the 3rd a 200-day window, the
 * rest none.
 */
function tagsOf(index: number, now: Date): { key: string; value: string }[] | undefined {
  if (index % 10 === 0 || index % 10 === 1) return [{ key: 'iam-cert-expiry:exception', value: `${daysFrom(now, 30).toISOString().slice(0, 10)} CHG-${index}` }];
  if (index % 5 === 2) return [{ key: 'iam-cert-expiry:window-days', value: '200' }];
  return undefined;
}

/** How the handler process is started. */
interface NodeSettings {
  readonly label: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly options: { readonly nodeArgs: readonly string[]; readonly wrapper?: string };
}

interface RunResult {
  readonly n: number;
  readonly label: string;
  readonly run: 'first' | 'second' | 'tags';
  readonly calls: Record<string, number>;
  readonly floor: Record<string, number>;
  readonly cost: InvocationCost;
  readonly initMs: number;
  /** Metric name → value from the EMF line the handler printed. */
  readonly metrics: Record<string, number>;
}

const pages = (items: number, pageSize: number): number => Math.max(1, Math.ceil(items / pageSize));

/**
 * The fewest calls a periodic run can make: every page full, every batch
 * full, and with tags one read for each certificate they can concern.
 */
function floorFor(n: number, earlierResults: number, tagReads: number): Record<string, number> {
  return {
    ListServerCertificates: pages(n, 1000),
    ListDiscoveredResources: pages(n, 100),
    GetComplianceDetailsByConfigRule: pages(earlierResults, 100),
    PutEvaluations: pages(n, 100),
    ListServerCertificateTags: tagReads,
  };
}

/**
 * @param settings the handler process's Node.js flags: by default those Lambda
 * runs the deployed function with.
 */
async function benchmark(n: number, settings: NodeSettings = LAMBDA, extraArgs: readonly string[] = []): Promise<RunResult[]> {
  const standIn = await startRemoteStandIn();
  const handler = await startHandlerProcess(
    { ...standIn.environment, ...settings.environment },
    { ...settings.options, nodeArgs: [...settings.options.nodeArgs, ...extraArgs] },
  );
  const label = settings === LAMBDA ? String(n) : `${n} (${settings.label})`;
  try {
    const now = new Date();
    // Spread expiries over expired, expiring and valid so every verdict path runs.
    const daysLeft = (i: number): number => DAYS_LEFT[i % DAYS_LEFT.length] ?? 0;
    const certificates = Array.from({ length: n }, (_, i) => {
      const tags = tagsOf(i, now);
      return { name: `bench-certificate-${i}`, expiration: daysFrom(now, daysLeft(i)).toISOString(), ...(tags === undefined ? {} : { tags }) };
    });
    await standIn.send({ type: 'seed', certificates });
    const withinReach = Array.from({ length: n }, (_, i) => daysLeft(i)).filter((days) => days <= TAG_HORIZON_DAYS).length;
    const withTags = JSON.stringify({ daysToExpiration: '30', tagOverrides: 'true' });
    const results: RunResult[] = [];
    for (const [run, earlier, parameters, tagReads] of [['first', 0, daysParameter(30), 0], ['second', n, daysParameter(30), 0], ['tags', n, withTags, withinReach]] as const) {
      await standIn.send({ type: 'clear-calls' });
      const token = (await standIn.send({ type: 'token', ruleName: RULE })) as string;
      const { cost, output } = await handler.invokeMeasured(periodicEvent(RULE, token, parameters, new Date()));
      const calls = (await standIn.send({ type: 'counts' })) as Record<string, number>;
      results.push({ n, label, run, calls, floor: floorFor(n, earlier, tagReads), cost, initMs: handler.initMs, metrics: metricValues(output) });
    }
    const stored = (await standIn.send({ type: 'evaluations', ruleName: RULE })) as unknown[];
    if (stored.length !== n) throw new Error(`N=${n}: the stand-in stored ${stored.length} results`);
    return results;
  } finally {
    await handler.stop();
    await standIn.stop();
  }
}

/**
 * Runs N certificates again under `--cpu-prof` and attributes the CPU samples
 * (init + both runs) through the source map: the rule's own code against the
 * SDK's marshalling, signing and parsing.
 */
async function profileRun(n: number): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'rule-bench-'));
  try {
    await benchmark(n, LAMBDA, ['--cpu-prof', `--cpu-prof-dir=${directory}`]);
    const profile = readdirSync(directory).find((file) => file.endsWith('.cpuprofile'));
    if (profile === undefined) throw new Error('no CPU profile was written');
    const breakdown = attributeCpuProfile(join(directory, profile), BUNDLE_PATH);
    console.log(`\nCPU profile of the handler process, N = ${n}, module init + first, second and tags runs (self time, ms):\n`);
    console.log('| where | ms |\n|---|---:|');
    for (const [where, ms] of Object.entries(breakdown).sort((a, b) => b[1] - a[1])) console.log(`| ${where} | ${ms.toFixed(1)} |`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function callCell(result: RunResult, operation: (typeof OPERATIONS)[number]): string {
  const actual = result.calls[operation] ?? 0;
  const floor = result.floor[operation] ?? 0;
  return actual === floor ? `${actual} (= floor)` : `**${actual} (floor ${floor})**`;
}

async function main(): Promise<void> {
  const size = await buildBundle();
  console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
  // Memory and init time depend on the Node.js major: measure with the one Lambda runs (docs/performance.md, "Reproducing").
  const runtime = deployedRuntime();
  if (`nodejs${process.versions.node.split('.')[0]}.x` !== runtime) {
    console.log(`NOTE: the function runs on ${runtime}, this is Node ${process.version}: the figures are not what Lambda runs (docs/performance.md, "Reproducing").`);
  }
  console.log(
    `Handler process as Lambda starts it: ${LAMBDA.options.wrapper ?? ''} node ${LAMBDA.options.nodeArgs.join(' ')} <runtime>, ` +
      `NODE_OPTIONS="${LAMBDA.environment['NODE_OPTIONS'] ?? ''}", AWS_LAMBDA_FUNCTION_MEMORY_SIZE=${LAMBDA.environment['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'] ?? ''}`,
  );
  console.log(`Bundle dist/handler.js: ${kib(size.rawBytes)} raw, ${kib(size.gzipBytes)} gzip -9 (with source map: ${kib(size.gzipWithMapBytes)})\n`);
  const results: RunResult[] = [];
  for (const n of SIZES) results.push(...(await benchmark(n)));
  if (process.env['BENCH_SIZES'] === undefined) {
    results.push(...(await benchmark(10_000, RUNTIME_FLAGS)));
    results.push(...(await benchmark(10_000, V8_DEFAULTS)));
  }

  console.log(`| N | run | ${OPERATIONS.join(' | ')} | wall ms | handler CPU ms | peak RSS MiB | init ms |`);
  console.log(`|---:|---|${OPERATIONS.map(() => '---').join('|')}|---:|---:|---:|---:|`);
  for (const r of results) {
    console.log(
      `| ${r.label} | ${r.run} | ${OPERATIONS.map((op) => callCell(r, op)).join(' | ')} | ${r.cost.wallMs.toFixed(0)} | ` +
        `${r.cost.cpuMs.toFixed(0)} | ${(r.cost.maxRssKiB / 1024).toFixed(1)} | ${r.initMs.toFixed(0)} |`,
    );
  }
  printMetrics(results);
  if (process.env['BENCH_SIZES'] === undefined) await profileRun(1_000);
  const aboveFloor = results.filter((r) => OPERATIONS.some((op) => (r.calls[op] ?? 0) !== r.floor[op]));
  if (aboveFloor.length > 0) {
    console.error(`\nCall counts differ from the floor for N = ${aboveFloor.map((r) => `${r.n} (${r.run})`).join(', ')}`);
    process.exitCode = 1;
  }
  // The memory target: 10,000 certificates, every run (tag reads included), as Lambda runs the deployed
  // function, within PEAK_RSS_SHARE of its memory; the rest is headroom for what the stand-in does not
  // model (larger responses, TLS buffers, the optional clients at work).
  const targetMib = Math.floor(deployedMemorySize() * PEAK_RSS_SHARE);
  for (const r of results.filter((result) => result.n === 10_000 && result.label === '10000')) {
    const mib = r.cost.maxRssKiB / 1024;
    console.log(`10,000 certificates, ${r.run} run, as Lambda runs it: peak RSS ${mib.toFixed(1)} MiB (target < ${targetMib} MiB, ${PEAK_RSS_SHARE * 100} % of ${deployedMemorySize()} MB: ${mib < targetMib ? 'met' : 'NOT met'})`);
    if (mib >= targetMib) process.exitCode = 1;
  }
  const disagreeing = results.filter(
    (r) =>
      r.metrics['PutEvaluationsCalls'] !== r.calls['PutEvaluations'] ||
      r.metrics['CertificatesEvaluated'] !== r.n ||
      (r.run === 'tags' && r.metrics['CertificateTagReads'] !== r.calls['ListServerCertificateTags']),
  );
  if (disagreeing.length > 0) {
    console.error(`\nThe published metrics disagree with the stand-in for N = ${disagreeing.map((r) => `${r.n} (${r.run})`).join(', ')}`);
    process.exitCode = 1;
  }
}

/** The rule's metrics per run, as CloudWatch would extract them from the EMF line. */
function printMetrics(results: readonly RunResult[]): void {
  console.log(`\nThe rule's metrics per run (EMF, namespace IamServerCertificateExpiry; RunDuration in ms):\n`);
  console.log(`| N | run | ${METRICS.join(' | ')} |`);
  console.log(`|---:|---|${METRICS.map(() => '---:').join('|')}|`);
  for (const r of results) {
    const cells = METRICS.map((name) => (r.metrics[name] === undefined ? '—' : String(Math.round(r.metrics[name] ?? 0))));
    console.log(`| ${r.label} | ${r.run} | ${cells.join(' | ')} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
