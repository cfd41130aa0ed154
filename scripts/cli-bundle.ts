import { build, type BuildOptions } from 'esbuild';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './handler-bundle';

// The options `npm run build` uses for dist/cli.js.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS options file
const CLI_OPTIONS = require('./cli-esbuild-options.cjs') as BuildOptions;

/** Where `npm run build` (and `npm pack`'s prepack) puts the CLI. */
export const CLI_PATH = join(ROOT, 'dist', 'cli.js');

/**
 * Builds the CLI bundle from `src/cli/main.ts` with the options of
 * `npm run build` into `outfile` (a test passes its own path, so parallel
 * test files never race on `dist/cli.js`), executable like a `bin` entry.
 */
export async function buildCli(outfile: string = CLI_PATH): Promise<void> {
  await build({ ...CLI_OPTIONS, entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')], outfile });
  chmodSync(outfile, 0o755);
}
