import { writeFile } from 'node:fs/promises';
import { appendLineToFile } from './audit-log';
import { awsServices } from './cli-dependencies';
import { processIo } from './cli-io';
import { awsRotation } from './rotate/aws-rotation';
import { runCli } from './run-cli';

/**
 * The `iam-cert-expiry` entry point: the only place that reads the process's
 * arguments, streams and clock. `now` is read once, so every certificate in a
 * run is judged against the same instant; audit-log timestamps use the wall
 * clock, since deletes happen later than `now` on a long run.
 */
async function main(): Promise<void> {
  const now = new Date();
  process.exitCode = await runCli(process.argv.slice(2), {
    services: awsServices,
    io: processIo(),
    now,
    clock: () => new Date(),
    appendLine: appendLineToFile,
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
    rotation: awsRotation,
    ...(process.env['AWS_PROFILE'] === undefined ? {} : { profile: process.env['AWS_PROFILE'] }),
  });
}

void main();
