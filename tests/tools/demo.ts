/**
 * `npm run demo`: the rule and its command line end to end on a laptop, no
 * AWS account needed, in lines of at most 120 columns.
 *
 * Builds the deployable bundle, starts the local stand-in (IAM, Config,
 * EventBridge, Scheduler with a controllable clock, ELB, CloudFront), deploys
 * both rules as serverless.yml would with tagOverrides, expiryEvents,
 * evaluateAtExpiry and checkUsage on, and shows what an owner gets: both
 * rules' verdicts on real certificates, one exception, one reminder event,
 * the next scheduled crossing and the verdict flipping at it, `report` and
 * `retire`, a deletion; then what to do next (tests/tools/demo/run-demo.ts).
 * Every result is checked against what it must be; any difference or error
 * exits non-zero.
 */
import { relative, resolve } from 'node:path';
import { printable } from '../../src/cli/terminal-text';
import { buildBundle, kib } from '../../scripts/handler-bundle';
import { runDemo } from './demo/run-demo';

/** Where `npm run demo` writes the demo account's HTML report. */
const HTML_REPORT = resolve(__dirname, '..', 'dist', 'demo', 'report.html');

async function main(): Promise<void> {
  const size = await buildBundle();
  console.log(`Built dist/handler.js (${kib(size.rawBytes)}, ${kib(size.gzipBytes)} gzipped) with scripts/esbuild-options.cjs`);
  // Relative to where npm runs it (the package root), so the printed command line stays short.
  const fromHere = relative(process.cwd(), HTML_REPORT);
  const htmlReport = fromHere.startsWith('..') ? HTML_REPORT : fromHere;
  const failures = await runDemo({ print: (line) => console.log(line), htmlReport });
  if (failures.length > 0) {
    // The differences quote names, annotations and what the CLI printed: untrusted text.
    console.error(`\nDEMO FAILED: ${failures.length} result(s) differ from what the product must give:\n  ${failures.map(printable).join('\n  ')}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`\nDEMO FAILED: ${text.split('\n').map(printable).join('\n')}`);
  process.exit(1);
});
