// The one set of esbuild options for the deployable bundle: serverless.yml
// (serverless-esbuild) and scripts/build-bundle.ts both read it, so the demo,
// the end-to-end tests and the benchmark run exactly what is deployed.
//
// The AWS SDK is bundled, not taken from the Lambda runtime: the rule then runs
// the SDK version its tests ran against (see docs/deploy.md for the measurement).
module.exports = {
  bundle: true,
  minify: true,
  sourcemap: true,
  // Stack traces need only file and line mappings; embedding every source
  // (the whole SDK) would triple the zip for nothing.
  sourcesContent: false,
  treeShaking: true,
  platform: 'node',
  // The Node.js major of the Lambda runtime (serverless.yml provider.runtime,
  // nodejs24.x); the CLI keeps its own target (cli-esbuild-options.cjs, node20).
  target: 'node24',
  format: 'cjs',
  mainFields: ['module', 'main'],
  keepNames: true,
};
