// Prints how Node.js was started, for tests/lambda-exec-wrapper.test.ts: the
// flags it was given, the script's own arguments, and V8's heap limit in MiB.
const v8 = require('node:v8');
process.stdout.write(
  JSON.stringify({ execArgv: process.execArgv, argv: process.argv.slice(2), heapLimitMiB: v8.getHeapStatistics().heap_size_limit / 1048576 }),
);
