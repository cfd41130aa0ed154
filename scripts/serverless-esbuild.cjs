// serverless-esbuild's `custom.esbuild.config` must export a function of the
// Serverless instance; the shared options stay a plain object in
// esbuild-options.cjs so scripts/build-bundle.ts can read them too.
//
// RULE_SDK_EXTERNAL=1 leaves the AWS SDK v3 out of the bundle (taken from the
// Lambda runtime instead). It exists only to measure the alternative for
// docs/deploy.md; deployments bundle the SDK.
const options = require('./esbuild-options.cjs');

module.exports = () => ({
  ...options,
  // Plugin-only option: modules passed to esbuild as `external`. The default
  // (['aws-sdk']) names the v2 SDK, which this code never imports.
  exclude: process.env.RULE_SDK_EXTERNAL === '1' ? ['@aws-sdk/*', '@smithy/*'] : [],
  // Separate work folders let two packagings run side by side (tests use a
  // temporary one so they never race `npm run package`).
  ...(process.env.RULE_ESBUILD_WORK_FOLDER ? { outputWorkFolder: process.env.RULE_ESBUILD_WORK_FOLDER } : {}),
});
