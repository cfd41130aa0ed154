/**
 * `npm run build`: the deployable bundle `dist/handler.js` (+ `.map`) from
 * `src/handler.ts` with the options in `scripts/esbuild-options.cjs`, its size
 * raw and compressed, and the CLI `dist/cli.js` (the package's `bin`) with
 * `scripts/cli-esbuild-options.cjs`.
 */
import { relative } from 'node:path';
import { BUNDLE_PATH, ROOT, buildBundle, kib } from './handler-bundle';
import { buildCli, CLI_PATH } from './cli-bundle';

async function main(): Promise<void> {
  const size = await buildBundle();
  console.log(`${relative(ROOT, BUNDLE_PATH)}: ${kib(size.rawBytes)} raw, ${kib(size.gzipBytes)} gzip -9`);
  console.log(`${relative(ROOT, BUNDLE_PATH)}.map: ${kib(size.mapRawBytes)} raw; code + map gzip -9: ${kib(size.gzipWithMapBytes)}`);
  await buildCli();
  console.log(`${relative(ROOT, CLI_PATH)}: the iam-cert-expiry command (node dist/cli.js --help)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
