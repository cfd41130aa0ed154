import { readFile } from 'node:fs/promises';
import { RotationError } from '../../errors';
import { acmNotChecked } from '../acm-advice';
import type { CommandEnvironment } from '../cli-dependencies';
import { ExitCode } from '../exit-codes';
import { ROTATE_HELP } from '../help-text';
import { openAudit } from '../open-audit';
import { resolveUsageScope } from '../scan-usage';
import { printable } from '../terminal-text';
import { actOnRotation, RotationResult } from './act-rotation';
import { planRotation, type NewCertificateFiles } from './plan-rotation';
import { formatPlan } from './print-rotation';
import { PrivateKey } from './private-key';
import { parseRotateFlags, ROTATE, type RotateFlags } from './rotate-flags';

/**
 * `rotate`: replaces an IAM certificate everywhere it is served. Plans by
 * default (checks of the new certificate, each consumer and the call that
 * will move it); `--yes` uploads, repoints, verifies over TLS, and with
 * `--retire-old` deletes the old certificate once every consumer is
 * verified. A rerun after a partial failure carries on where it stopped.
 */
export async function rotateCommand(args: readonly string[], environment: CommandEnvironment): Promise<ExitCode> {
  const flags = parseRotateFlags(args);
  if (flags === 'help') {
    environment.io.stdout(ROTATE_HELP);
    return ExitCode.Ok;
  }
  if (environment.rotation === undefined) throw new RotationError('rotate needs the rotation services, which this environment does not provide');
  const { io } = environment;
  const files = await readFiles(flags);
  const services = environment.services();
  const rotation = environment.rotation();
  const scope = await resolveUsageScope(ROTATE, services, io, flags.regions);
  const audit = await openAudit({ command: ROTATE, auditFile: flags.auditFile, dryRun: flags.dryRun, regions: scope.scanned }, services, environment);

  const plan = await planRotation({ from: flags.from, name: flags.name, scope, retireOld: flags.retireOld }, files, rotation.iam, services, io, environment.now);
  io.stdout(formatPlan(plan, flags.dryRun, flags.retireOld));
  // Best-effort advice: a failed ACM look-up is said, and changes neither the plan nor the exit code.
  if (plan.acm.kind === 'not-checked') io.stderr(`${printable(acmNotChecked(plan.acm.reason))}\n`);
  await audit.trail.write('plan', {
    from: plan.old.name,
    to: plan.newName,
    checks: plan.check.checks,
    upload: plan.upload,
    consumers: plan.consumers.map((consumer) => ({ ...consumer.usage, done: consumer.done })),
    blockers: plan.blockers,
    warnings: plan.warnings,
    acm: plan.acm,
  });
  if (plan.blockers.length > 0) return ExitCode.Error;
  if (flags.dryRun) return ExitCode.Ok;

  const result = await actOnRotation(plan, { rotation, services, audit: audit.trail, io, scope, retireOld: flags.retireOld });
  await audit.trail.write('run-end', { result });
  io.stderr(`rotate ${result}\n`);
  // Retiring the old certificate is cleanup: IAM still seeing it in use right after the repoint does not undo a verified rotation.
  if (result === RotationResult.Done || result === RotationResult.DoneOldKept) return ExitCode.Ok;
  return result === RotationResult.Unverified ? ExitCode.Unverified : ExitCode.Error;
}

/** Reads the three files once; the key is wrapped at once so it cannot be printed by accident. */
async function readFiles(flags: RotateFlags): Promise<NewCertificateFiles> {
  const read = async (flag: string, file: string): Promise<string> => {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      // The path and the system's reason only, never any content.
      const code = (error as { code?: unknown } | null)?.code;
      throw new RotationError(`${flag} ${file} cannot be read (${typeof code === 'string' ? code : 'error'})`);
    }
  };
  const [body, key, chain] = await Promise.all([
    read('--certificate-body', flags.bodyFile),
    read('--private-key', flags.keyFile),
    flags.chainFile === undefined ? Promise.resolve(undefined) : read('--certificate-chain', flags.chainFile),
  ]);
  return { body, chain, key: new PrivateKey(key) };
}
