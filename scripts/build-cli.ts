/**
 * `npm run build:cli`, and `prepack` (so `npm pack` always ships a build of
 * the sources it packs): the CLI alone, `dist/cli.js`, with
 * `scripts/cli-esbuild-options.cjs`. `npm run build` builds it together with
 * the rule's bundle.
 */
import { relative } from 'node:path';
import { ROOT } from './handler-bundle';
import { buildCli, CLI_PATH } from './cli-bundle';

buildCli()
  .then(() => console.log(`${relative(ROOT, CLI_PATH)}: the iam-cert-expiry command`))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
