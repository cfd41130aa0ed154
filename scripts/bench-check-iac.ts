/**
 * Benchmark of `check-iac` on a large Terraform plan: `npx tsx scripts/bench-check-iac.ts`.
 *
 * Writes a `terraform show -json` plan of BENCH_PLAN_MB megabytes (default
 * 120; several sizes with BENCH_PLAN_MB=30,120) with one IAM server
 * certificate that expires in 10 days, builds the CLI as `npm run build`
 * does, and runs `node cli.js check-iac plan.json` in a fresh process with
 * Node's default heap (or NODE_OPTIONS as given). Prints, as a Markdown
 * table, the plan size, exit code (2 expected: the certificate is expiring),
 * wall time and the process's peak RSS. Exits non-zero if the exit code is
 * not 2 or the finding is missing. Not part of `npm test`: it writes a
 * 120 MB file and takes a few seconds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLargePlan } from '../tests/cli/check-iac/large-plan';
import { buildCli } from '../tests/support/bundle/build-cli';
import { certificateEnding } from '../tests/support/certificates';

const SIZES_MB = (process.env['BENCH_PLAN_MB'] ?? '120').split(',').map(Number);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  readonly maxRssKib: number;
}

/** Runs the CLI with a preload that records the process's peak RSS (`process.resourceUsage().maxRSS`, KiB) at exit. */
function runCli(cli: string, args: string[], directory: string): Promise<Run> {
  const preload = join(directory, 'max-rss.cjs');
  const rssFile = join(directory, 'max-rss.txt');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', preload, cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...(process.env['NODE_OPTIONS'] === undefined ? {} : { NODE_OPTIONS: process.env['NODE_OPTIONS'] }) } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let maxRssKib = Number.NaN;
      try {
        maxRssKib = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        // A process killed by the OOM handler never reaches 'exit'.
      }
      resolve({ code, stdout, stderr, wallMs, maxRssKib });
    });
  });
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-check-iac-'));
  let failed = false;
  try {
    const cli = join(directory, 'cli.js');
    await buildCli(cli);
    const pem = (await certificateEnding('www.example.com', new Date(), 10)).certificatePem;
    console.log('| plan | resources | exit | wall | peak RSS |');
    console.log('|---:|---:|---:|---:|---:|');
    for (const megabytes of SIZES_MB) {
      const plan = join(directory, `plan-${megabytes}.json`);
      const written = writeLargePlan(plan, megabytes * 1_000_000, pem);
      const run = await runCli(cli, ['check-iac', plan], directory);
      const found = run.stdout.includes(`${written.certificateAddress}: the certificate expires`) && run.stdout.includes('[IAMCERT002]');
      console.log(`| ${(statSync(plan).size / 1e6).toFixed(0)} MB | ${written.resources.toLocaleString('en-US')} | ${run.code} | ${(run.wallMs / 1000).toFixed(2)} s | ${(run.maxRssKib / 1024).toFixed(0)} MiB |`);
      if (run.code !== 2 || !found) {
        failed = true;
        console.error(`plan-${megabytes}.json: expected exit 2 with the IAMCERT002 finding, got ${run.code}\n${run.stdout}${run.stderr}`);
      }
      rmSync(plan);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  if (failed) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
