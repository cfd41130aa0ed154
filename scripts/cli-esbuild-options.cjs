// The esbuild options of the `iam-cert-expiry` CLI (dist/cli.js): one
// self-contained file with the AWS SDK inside, runnable with any Node 20+.
// `npm run build` (scripts/build-bundle.ts) and the CLI's end-to-end tests
// both read them, so the tests run what users build.
module.exports = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow
  // ("Cannot find module './impl/format'" at run time): bundle its ES module build.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};
