import { describeValue } from '../core/describe-value';
import type { ServerCertificate } from '../core/server-certificate';
import type { UsageInventory } from '../usage/certificate-usage';
import { usageOf } from '../usage/usage-of';
import { auditRecord, RetireDecision } from './audit-log';
import type { CliEnvironment, CliServices } from './cli-dependencies';
import { CliUsageError, describeError } from '../errors';
import { ExitCode } from './exit-codes';
import { RETIRE_HELP } from './help-text';
import { DeleteOutcome } from './iam-certificate-retirer';
import { parseFlags, parseRegion, parseRegions } from './parse-flags';
import { describeDecision, retireEligibility } from './retire-decision';
import { scanUsage } from './scan-usage';

const COMMAND = 'retire';

/**
 * `retire`: deletes expired certificates that nothing references. Dry run
 * unless `--yes`. Before each delete it re-reads the certificate (it must
 * still be the same one, still expired) and re-scans usage, because a
 * listener may have been pointed at it since the first scan; IAM's
 * `DeleteConflict` is treated as "in use". Every decision is printed and,
 * with `--audit-log`, appended as a JSON line.
 */
export async function retireCommand(args: readonly string[], environment: CliEnvironment): Promise<ExitCode> {
  const flags = parseFlags(COMMAND, args, {
    yes: { type: 'boolean' },
    regions: { type: 'string' },
    'audit-log': { type: 'string' },
    region: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) {
    environment.io.stdout(RETIRE_HELP);
    return ExitCode.Ok;
  }
  const region = parseRegion(COMMAND, '--region', flags.region);
  const regions = parseRegions(COMMAND, flags.regions);
  const auditFile = flags['audit-log'];
  if (auditFile !== undefined && auditFile.trim() === '') {
    throw new CliUsageError(COMMAND, `${COMMAND}: --audit-log needs a file name, got ${describeValue(auditFile)}`);
  }
  const dryRun = flags.yes !== true;
  if (!dryRun && regions === undefined) {
    // A load balancer in a region that was not scanned looks like "not
    // referenced", and ELB may keep serving a certificate deleted under it
    // (IAM API reference, DeleteServerCertificate): deleting needs the full list.
    throw new CliUsageError(
      COMMAND,
      `${COMMAND}: --yes needs --regions listing every region whose load balancers may use IAM certificates ` +
        '(for example --regions us-east-1,eu-west-1); a dry run without it scans only the default region',
    );
  }
  const { io, now } = environment;

  // Fail before deciding anything if the audit trail cannot be written.
  if (auditFile !== undefined) await environment.appendLine(auditFile, '');

  const record = async (certificate: ServerCertificate, decision: RetireDecision, reason: string): Promise<void> => {
    io.stdout(`${describeDecision(certificate.name, decision, reason)}\n`);
    if (auditFile !== undefined) {
      const line = JSON.stringify(auditRecord(environment.clock(), certificate, decision, reason, dryRun));
      await environment.appendLine(auditFile, `${line}\n`);
    }
  };

  const services = environment.services(region);
  io.stderr(`listing IAM server certificates${dryRun ? ' (dry run: nothing is deleted without --yes)' : ''}\n`);
  const certificates = await services.certificates.listAll();
  const anyExpired = certificates.some((certificate) => certificate.expiration.getTime() <= now.getTime());
  // No scan (and no ELB/CloudFront permissions needed) when nothing has expired.
  const inventory = anyExpired ? await scanUsage(services, io, regions) : undefined;

  let failed = false;
  for (const certificate of certificates) {
    const first = retireEligibility(certificate, now, inventory === undefined ? undefined : usageOf(certificate, inventory));
    if (!first.eligible) {
      await record(certificate, RetireDecision.Kept, first.reason);
    } else if (dryRun) {
      await record(certificate, RetireDecision.WouldDelete, first.reason);
    } else {
      const [decision, reason] = await deleteAfterRecheck(certificate, services, environment, regions);
      if (decision === RetireDecision.Failed) failed = true;
      await record(certificate, decision, reason);
    }
  }
  if (certificates.length === 0) io.stderr('no server certificates in IAM\n');
  return failed ? ExitCode.Error : ExitCode.Ok;
}

/**
 * Re-checks one candidate against the present state of IAM and of its
 * consumers, then deletes it. Any change since the first look keeps it.
 */
async function deleteAfterRecheck(
  candidate: ServerCertificate,
  services: CliServices,
  environment: CliEnvironment,
  regions: readonly string[] | undefined,
): Promise<[RetireDecision, string]> {
  try {
    const current = await services.certificates.get(candidate.name);
    if (current === undefined) return [RetireDecision.Kept, 'no longer in IAM (deleted by someone else)'];
    if (current.id !== candidate.id) {
      return [RetireDecision.Kept, `replaced since the scan (id ${candidate.id} is now ${current.id}); run again to judge the new one`];
    }
    const inventory: UsageInventory = await scanUsage(services, environment.io, regions);
    const recheck = retireEligibility(current, environment.now, usageOf(current, inventory));
    if (!recheck.eligible) return [RetireDecision.Kept, `re-check before delete: ${recheck.reason}`];
    const { outcome, message } = await services.retirer.delete(current.name);
    switch (outcome) {
      case DeleteOutcome.Deleted:
        return [RetireDecision.Deleted, recheck.reason];
      case DeleteOutcome.Conflict:
        // Also seen for a few minutes after a listener was repointed: running again later usually succeeds.
        return [RetireDecision.Kept, `IAM refused with DeleteConflict, so it is in use${message === undefined || message === '' ? '' : ` (${message})`}`];
      case DeleteOutcome.Gone:
        return [RetireDecision.Kept, 'no longer in IAM (NoSuchEntity at delete)'];
    }
  } catch (error) {
    return [RetireDecision.Failed, `delete not done: ${describeError(error)}`];
  }
}
