import { CallerIdentityError, describeError } from '../errors';
import { AuditTrail } from './audit-log';
import type { CliServices, CommandEnvironment } from './cli-dependencies';

/** What a command that may change something tells {@link openAudit}. */
export interface AuditRequest {
  readonly command: string;
  readonly auditFile: string | undefined;
  readonly dryRun: boolean;
  /** `--regions`, or `undefined` for the services' default region. */
  readonly regions: readonly string[] | undefined;
}

/**
 * Resolves who (STS GetCallerIdentity, `AWS_PROFILE`) and where (regions),
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
): Promise<{ trail: AuditTrail; regions: readonly string[] }> {
  const regions = request.regions ?? [await services.defaultRegion()];
  const profile = environment.profile ?? null;
  let actor = { arn: 'not resolved (dry run without --audit-log)', account: '', profile };
  if (request.auditFile !== undefined || !request.dryRun) {
    try {
      actor = { ...(await services.identity()), profile };
    } catch (error) {
      throw new CallerIdentityError(describeError(error), { cause: error });
    }
  }
  const trail = new AuditTrail(request.auditFile, environment.appendLine, environment.clock, {
    command: request.command,
    actor,
    regions,
    dryRun: request.dryRun,
  });
  if (!request.dryRun) {
    environment.io.stderr(
      `acting as ${actor.arn} (account ${actor.account}${profile === null ? '' : `, profile ${profile}`}); ` +
        `load balancers scanned in ${regions.join(', ')}, CloudFront globally\n`,
    );
  }
  await trail.write('run-start');
  return { trail, regions };
}
