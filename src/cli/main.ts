import { writeFile } from 'node:fs/promises';
import { appendLineToFile } from './audit-log';
import { awsServices } from './cli-dependencies';
import { processIo } from './cli-io';
import { awsRotation } from './rotate/aws-rotation';
import { runCli } from './run-cli';

/**
 * The SDK's own switch for its Node.js support warning (aws/aws-sdk-js-v3
 * issue #7983, "January 2027: End of Support for Node.js 20.x": "you can
 * suppress it by setting … AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true").
 * The warning is about SDK releases after the first week of January 2027;
 * this CLI carries the SDK it was built with, which supports every Node.js
 * the package's `engines` allows (docs/cli.md, "Node.js versions"), so the
 * eight lines would tell its users nothing they can act on. A value the user
 * set is kept.
 */
const SDK_NODE_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * The `iam-cert-expiry` entry point: the only place that reads the process's
 * arguments, environment, streams and clock. `now` is read once, so every
 * certificate in a run is judged against the same instant; audit-log
 * timestamps use the wall clock, since deletes happen later than `now` on a
 * long run.
 */
async function main(): Promise<void> {
  process.env[SDK_NODE_WARNING_SWITCH] ??= 'true';
  const now = new Date();
  process.exitCode = await runCli(process.argv.slice(2), {
    services: awsServices,
    io: processIo(),
    now,
    clock: () => new Date(),
    appendLine: appendLineToFile,
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
    rotation: awsRotation,
    // An empty AWS_PROFILE names no profile, as for the SDK.
    ...(process.env['AWS_PROFILE'] ? { profile: process.env['AWS_PROFILE'] } : {}),
  });
}

void main();
