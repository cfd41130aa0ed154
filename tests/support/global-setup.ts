import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BUNDLE_PATH, buildBundle } from '../../scripts/handler-bundle';
import { BUILD_ERROR_PATH } from './bundle/build-error';

/**
 * Jest global setup: builds `dist/handler.js` once per run, so the end-to-end
 * tests exercise the bundle that is deployed, not `src/`. A failed build does
 * not stop the unit tests: it removes any stale bundle and leaves the error
 * for the end-to-end tests to fail with (see e2e-harness.ts).
 */
export default async function globalSetup(): Promise<void> {
  rmSync(BUILD_ERROR_PATH, { force: true });
  try {
    await buildBundle();
  } catch (error) {
    rmSync(BUNDLE_PATH, { force: true });
    mkdirSync(dirname(BUILD_ERROR_PATH), { recursive: true });
    writeFileSync(BUILD_ERROR_PATH, error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}
