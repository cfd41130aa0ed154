import { AuditTrail } from './audit-log';
import { callerIdentity } from './caller-identity';
import type { CliServices, CommandEnvironment } from './cli-dependencies';
import { printable } from './terminal-text';

/** What a command that may change something tells {@link openAudit}. */
export interface AuditRequest {
  readonly command: string;
  readonly auditFile: string | undefined;
  readonly dryRun: boolean;
  /** The regions whose load balancers the run scans (every enabled one unless `--regions` narrowed it). */
  readonly regions: readonly string[];
}

/**
 * Resolves who (STS GetCallerIdentity, the profile in effect) and where (regions),
 * prints them before any change, and writes the run's first record, synced.
 * Acting (`--yes`) always needs the caller's identity, so a run in the wrong
 * account is visible before anything changes; a dry run only with a log.
 * Throws (and so stops the run before anything is read) when the caller
 * cannot be resolved or the log cannot be written.
 */
export async function openAudit(
  request: AuditRequest,
  services: CliServices,
  environment: CommandEnvironment,
): Promise<{ trail: AuditTrail; regions: readonly string[]; actor: { readonly arn: string; readonly account: string } }> {
  const regions = request.regions;
  const profile = environment.profile ?? null;
  let actor = { arn: 'not resolved (dry run without --audit-log)', account: '', profile };
  if (request.auditFile !== undefined || !request.dryRun) {
    actor = { ...(await callerIdentity(services)), profile };
  }
  const trail = new AuditTrail(request.auditFile, environment.appendLine, environment.clock, {
    command: request.command,
    actor,
    regions,
    dryRun: request.dryRun,
  });
  if (!request.dryRun) {
    environment.io.stderr(
      `${printable(
        `acting as ${actor.arn} (account ${actor.account}${profile === null ? '' : `, profile ${profile}`}); ` +
          `load balancers scanned in ${regions.length === 0 ? 'no region' : regions.join(', ')}, CloudFront globally`,
      )}\n`,
    );
  }
  await trail.write('run-start');
  return { trail, regions, actor };
}
