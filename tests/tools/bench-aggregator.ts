/**
 * `npm run bench:aggregator`: how long `report --aggregator` takes for a large
 * organisation. The built CLI reads an aggregator of 1,000 accounts (2,000
 * certificates, both rules in one region: 2,000 detail calls) on the local
 * stand-in, with every Config answer delayed by a fixed latency to stand in
 * for AWS's round trip, at several --concurrency settings. Prints a table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fleetAccount, fleetSeed } from '../support/aggregator-fleet';
import { buildCli } from '../../scripts/cli-bundle';
import { runCliProcess, standInCliEnvironment } from '../support/bundle/cli-process';
import { StandIn } from '../support/stand-in/stand-in';

const ACCOUNTS = 1000;
const LATENCY_MS = [0, 50];
const CONCURRENCY = [1, 8, 32];

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-aggregator-'));
  const cliPath = join(directory, 'cli.js');
  const [standIn] = await Promise.all([StandIn.start(), buildCli(cliPath)]);
  try {
    console.log(`report --aggregator over ${ACCOUNTS} accounts (2 certificates each, 1 unreadable account), stand-in latency per Config call\n`);
    console.log('| latency ms | --concurrency | detail calls | wall s | exit |');
    console.log('|---:|---:|---:|---:|---:|');
    for (const latency of LATENCY_MS) {
      for (const concurrency of CONCURRENCY) {
        // 2,000 sequential calls at 50 ms take 100 s; one run of that is enough to show the point.
        if (latency > 0 && concurrency === 1) continue;
        standIn.reset();
        standIn.seedAggregator('org', fleetSeed({ accounts: ACCOUNTS, certificatesPerAccount: 2, now: new Date(), unreadableAccounts: [fleetAccount(500)] }));
        if (latency > 0) standIn.injectFault({ operation: '*', onCalls: 'all', kind: 'delay', delayMs: latency });
        const started = process.hrtime.bigint();
        const run = await runCliProcess(cliPath, ['report', '--aggregator', 'org', '--json', '--concurrency', String(concurrency)], standInCliEnvironment(standIn, directory));
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        console.log(`| ${latency} | ${concurrency} | ${standIn.calls.countOf('GetAggregateComplianceDetailsByConfigRule')} | ${seconds.toFixed(1)} | ${run.code ?? 'signal'} |`);
      }
    }
  } finally {
    await standIn.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
