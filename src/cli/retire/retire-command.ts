import { usageOf } from '../../usage/usage-of';
import { auditCertificate } from '../audit-log';
import type { CommandEnvironment } from '../cli-dependencies';
import { openAudit } from '../open-audit';
import { ExitCode } from '../exit-codes';
import { RETIRE_HELP } from '../help-text';
import { scanUsage } from '../scan-usage';
import { deleteIfUnchanged } from './delete-if-unchanged';
import { describeDecision, RetireDecision, retireEligibility } from './retire-decision';
import { parseRetireFlags, RETIRE } from './retire-flags';

/**
 * `retire`: deletes expired certificates that nothing references. Dry run
 * unless `--yes`, which needs `--regions` and `--audit-log`.
 *
 * Order of work, so that nothing is deleted on stale or unrecorded grounds:
 * 1. who (STS GetCallerIdentity, `AWS_PROFILE`) and where (regions) are
 *    resolved, and a `run-start` record is written and synced: a log that
 *    cannot be written stops the run before anything is read or decided;
 * 2. certificates are listed, then usage is scanned **once** over every
 *    region and CloudFront (not once per certificate: the scan costs a
 *    DescribeLoadBalancers/DescribeListeners per load balancer and region);
 * 3. for each candidate: an `intent` record (synced, else no delete), then
 *    the certificate is read again by name and its id compared, then the
 *    delete, then an `outcome` record. A certificate re-uploaded under the
 *    same name has a new id and is never deleted.
 *
 * IAM's `DeleteConflict` is reported as "in use" (it covers a load balancer
 * pointed at the certificate after the scan).
 */
export async function retireCommand(args: readonly string[], environment: CommandEnvironment): Promise<ExitCode> {
  const flags = parseRetireFlags(args);
  if (flags === 'help') {
    environment.io.stdout(RETIRE_HELP);
    return ExitCode.Ok;
  }
  const { io, now } = environment;
  const services = environment.services();
  const audit = await openAudit({ command: RETIRE, ...flags }, services, environment);

  io.stderr(`listing IAM server certificates${flags.dryRun ? ' (dry run: nothing is deleted without --yes)' : ''}\n`);
  const certificates = await services.certificates.listAll();
  const anyExpired = certificates.some((certificate) => certificate.expiration.getTime() <= now.getTime());
  // No scan (and no ELB/CloudFront permissions needed) when nothing has expired.
  const inventory = anyExpired ? await scanUsage(services, io, audit.regions) : undefined;

  let failed = false;
  for (const certificate of certificates) {
    const eligibility = retireEligibility(certificate, now, inventory === undefined ? undefined : usageOf(certificate, inventory));
    if (!eligibility.eligible || flags.dryRun) {
      const decision = eligibility.eligible ? RetireDecision.WouldDelete : RetireDecision.Kept;
      io.stdout(`${describeDecision(certificate.name, decision, eligibility.reason)}\n`);
      await audit.trail.write('decision', { certificate: auditCertificate(certificate), decision, reason: eligibility.reason });
      continue;
    }
    const print = (decision: RetireDecision, reason: string): void => io.stdout(`${describeDecision(certificate.name, decision, reason)}\n`);
    const { decision } = await deleteIfUnchanged(certificate, eligibility.reason, services.certificates, services.retirer, audit.trail, print);
    if (decision === RetireDecision.Failed) failed = true;
  }
  if (certificates.length === 0) io.stderr('no server certificates in IAM\n');
  return failed ? ExitCode.Error : ExitCode.Ok;
}
