import { describeValue } from '../../core/describe-value';
import { CliUsageError } from '../../errors';
import { parseFlags, parseRegion, parseRegions } from '../parse-flags';

export const RETIRE = 'retire';

/** `retire`'s flags, validated. */
export interface RetireFlags {
  readonly region: string | undefined;
  readonly regions: string[] | undefined;
  readonly auditFile: string | undefined;
  readonly dryRun: boolean;
}

/**
 * Parses `retire`'s flags; `'help'` for `--help`. `--yes` needs `--regions`
 * (a load balancer in a region that was not scanned looks unreferenced) and
 * `--audit-log` (no intent record, no delete: a delete must leave a record an
 * auditor can find, in a file the caller chose and keeps, not one left
 * wherever the command happened to run).
 */
export function parseRetireFlags(args: readonly string[]): RetireFlags | 'help' {
  const flags = parseFlags(RETIRE, args, {
    yes: { type: 'boolean' },
    regions: { type: 'string' },
    'audit-log': { type: 'string' },
    region: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) return 'help';
  const region = parseRegion(RETIRE, '--region', flags.region);
  const regions = parseRegions(RETIRE, flags.regions);
  const auditFile = flags['audit-log'];
  if (auditFile !== undefined && auditFile.trim() === '') {
    throw new CliUsageError(RETIRE, `${RETIRE}: --audit-log needs a file name, got ${describeValue(auditFile)}`);
  }
  const dryRun = flags.yes !== true;
  if (!dryRun && regions === undefined) {
    // A load balancer in a region that was not scanned looks like "not
    // referenced", and ELB may keep serving a certificate deleted under it
    // (IAM API reference, DeleteServerCertificate): deleting needs the full list.
    throw new CliUsageError(
      RETIRE,
      `${RETIRE}: --yes needs --regions listing every region whose load balancers may use IAM certificates ` +
        '(for example --regions us-east-1,eu-west-1); a dry run without it scans only the default region',
    );
  }
  if (!dryRun && auditFile === undefined) {
    throw new CliUsageError(
      RETIRE,
      `${RETIRE}: --yes needs --audit-log FILE: every delete is recorded there (intent before, outcome after, who and where), and nothing is deleted without that record`,
    );
  }
  return { region, regions, auditFile, dryRun };
}
