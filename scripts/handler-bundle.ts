import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The Lambda function's bundle, as `npm run build`, `npm run release`, the
 * tests, the demo and the benchmark build it.
 */

/** The repository root. */
export const ROOT = resolve(__dirname, '..');

/** Where the bundled handler is written: what Lambda runs, and what e2e tests, the demo and the benchmark run. */
export const BUNDLE_PATH = join(ROOT, 'dist', 'handler.js');

/** Sizes of the built bundle. */
export interface BundleSize {
  readonly rawBytes: number;
  /** gzip -9 of handler.js: close to what the Lambda zip (deflate) stores for it. */
  readonly gzipBytes: number;
  readonly mapRawBytes: number;
  /** handler.js and handler.js.map together, gzipped: an upper bound of the deployed zip. */
  readonly gzipWithMapBytes: number;
}

/**
 * Builds `dist/handler.js` (+ `.map`) from `src/handler.ts` with exactly the
 * esbuild options of the deployable bundle (`scripts/esbuild-options.cjs`).
 */
export async function buildBundle(outfile = BUNDLE_PATH): Promise<BundleSize> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS options file shared with serverless-esbuild
  const options = require(join(ROOT, 'scripts', 'esbuild-options.cjs')) as import('esbuild').BuildOptions;
  await build({ ...options, entryPoints: [join(ROOT, 'src', 'handler.ts')], outfile, logLevel: 'warning' });
  return bundleSize(outfile);
}

/** Measures a built bundle. */
export function bundleSize(outfile = BUNDLE_PATH): BundleSize {
  const code = readFileSync(outfile);
  const map = readFileSync(`${outfile}.map`);
  return {
    rawBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    mapRawBytes: map.length,
    gzipWithMapBytes: gzipSync(code, { level: 9 }).length + gzipSync(map, { level: 9 }).length,
  };
}

/** Bytes as KiB with one decimal. */
export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
