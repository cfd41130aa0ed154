import type { ServerCertificate } from '../../core/server-certificate';
import { usageOf } from '../../usage/usage-of';
import { auditCertificate } from '../audit-log';
import { callerIdentity } from '../caller-identity';
import type { CommandEnvironment } from '../cli-dependencies';
import { openAudit } from '../open-audit';
import { ExitCode } from '../exit-codes';
import { RETIRE_HELP } from '../help-text';
import { resolveUsageScope, scanUsage } from '../scan-usage';
import { printable } from '../terminal-text';
import { describeUsageScope, usageScopeSummary, type UsageScopeSummary } from '../usage-scope-summary';
import { deleteIfUnchanged } from './delete-if-unchanged';
import { describeDecision, RetireDecision, retireEligibility } from './retire-decision';
import { parseRetireFlags, RETIRE } from './retire-flags';
import { formatRetireJson, type RetireOutcome } from './retire-json';

/**
 * `retire`: deletes expired certificates that nothing references in any
 * region enabled for the account. Dry run unless `--yes`, which needs
 * `--audit-log`.
 *
 * Order of work, so that nothing is deleted on stale or unrecorded grounds:
 * 1. the regions to scan are resolved (every enabled one, or `--regions`,
 *    whose names must be enabled regions), then who (STS GetCallerIdentity,
 *    the profile in effect) and where, and a `run-start` record is written and
 *    synced: a log that cannot be written stops the run before any
 *    certificate is read or decided;
 * 2. certificates are listed, then usage is scanned **once** over every
 *    region and CloudFront (not once per certificate: the scan costs a
 *    DescribeLoadBalancers/DescribeListeners per load balancer and region);
 * 3. for each candidate: an `intent` record (synced, else no delete), then
 *    the certificate is read again by name and its id compared, then the
 *    delete, then an `outcome` record. A certificate re-uploaded under the
 *    same name has a new id and is never deleted.
 *
 * A candidate is one whose usage was checked in every region enabled for the
 * account: with a narrower `--regions`, unreferenced expired certificates are
 * kept, and the reason names the regions left out. IAM's `DeleteConflict` is
 * reported as "in use" (it covers a load balancer pointed at the certificate
 * after the scan). With `--json`, one document on stdout gives every outcome
 * and the account (STS GetCallerIdentity, asked even on a dry run without a log).
 */
export async function retireCommand(args: readonly string[], environment: CommandEnvironment): Promise<ExitCode> {
  const flags = parseRetireFlags(args);
  if (flags === 'help') {
    environment.io.stdout(RETIRE_HELP);
    return ExitCode.Ok;
  }
  const { io, now } = environment;
  const services = environment.services();
  const scope = await resolveUsageScope(RETIRE, services, io, flags.regions);
  const audit = await openAudit({ command: RETIRE, ...flags, regions: scope.scanned }, services, environment);
  // The JSON document names its account, as report's does: a dry run without a log has not asked STS yet.
  const account = audit.actor.account !== '' || !flags.json ? audit.actor.account : (await callerIdentity(services)).account;

  io.stderr(`listing IAM server certificates${flags.dryRun ? ' (dry run: nothing is deleted without --yes)' : ''}\n`);
  const certificates = await services.certificates.listAll();
  const outcomes: RetireOutcome[] = [];
  let usageScope: UsageScopeSummary | undefined;
  const record = (certificate: ServerCertificate, decision: RetireDecision, reason: string): void => {
    outcomes.push({ certificate, decision, reason });
    if (!flags.json) io.stdout(`${describeDecision(certificate.name, decision, reason)}\n`);
  };
  try {
    const anyExpired = certificates.some((certificate) => certificate.expiration.getTime() <= now.getTime());
    // No load balancer scan (and no ELB/CloudFront permissions needed) when nothing has expired.
    const inventory = anyExpired ? await scanUsage(services, io, scope) : undefined;
    usageScope = inventory === undefined ? undefined : usageScopeSummary(inventory);
    if (usageScope !== undefined) io.stderr(`${printable(describeUsageScope(usageScope))}\n`);

    for (const certificate of certificates) {
      const eligibility = retireEligibility(certificate, now, inventory === undefined ? undefined : usageOf(certificate, inventory));
      if (!eligibility.eligible || flags.dryRun) {
        const decision = eligibility.eligible ? RetireDecision.WouldDelete : RetireDecision.Kept;
        record(certificate, decision, eligibility.reason);
        await audit.trail.write('decision', { certificate: auditCertificate(certificate), decision, reason: eligibility.reason });
        continue;
      }
      await deleteIfUnchanged(certificate, eligibility.reason, services.certificates, services.retirer, audit.trail, (decision, reason) => record(certificate, decision, reason));
    }
    if (certificates.length === 0) io.stderr('no server certificates in IAM\n');
  } finally {
    // Also when the run stops part-way (an audit record that cannot be written): what was decided, and done, is on stdout.
    if (flags.json) {
      const complete = outcomes.length === certificates.length;
      io.stdout(formatRetireJson({ now, dryRun: flags.dryRun, account, usageScope, complete }, outcomes));
    }
  }
  return outcomes.some((outcome) => outcome.decision === RetireDecision.Failed) ? ExitCode.Error : ExitCode.Ok;
}
