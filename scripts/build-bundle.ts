/**
 * Builds the deployable bundle `dist/handler.js` (+ `.map`) from
 * `src/handler.ts` with the options in `scripts/esbuild-options.cjs`, and
 * prints its size raw and compressed. Run with `npm run build`.
 */
import { relative } from 'node:path';
import { BUNDLE_PATH, ROOT, buildBundle, kib } from '../tests/support/bundle/build-bundle';

async function main(): Promise<void> {
  const size = await buildBundle();
  console.log(`${relative(ROOT, BUNDLE_PATH)}: ${kib(size.rawBytes)} raw, ${kib(size.gzipBytes)} gzip -9`);
  console.log(`${relative(ROOT, BUNDLE_PATH)}.map: ${kib(size.mapRawBytes)} raw; code + map gzip -9: ${kib(size.gzipWithMapBytes)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
