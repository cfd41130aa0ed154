import { parseActingFlags, parseFlags } from '../parse-flags';

export const RETIRE = 'retire';

/** `retire`'s flags, validated. */
export interface RetireFlags {
  readonly regions: string[] | undefined;
  readonly auditFile: string | undefined;
  readonly dryRun: boolean;
}

/**
 * Parses `retire`'s flags; `'help'` for `--help`. `--yes` needs `--regions`
 * and `--audit-log` (see {@link parseActingFlags}).
 */
export function parseRetireFlags(args: readonly string[]): RetireFlags | 'help' {
  const flags = parseFlags(RETIRE, args, {
    yes: { type: 'boolean' },
    regions: { type: 'string' },
    'audit-log': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) return 'help';
  const { dryRun, regions, auditFile } = parseActingFlags(RETIRE, flags, {
    // A load balancer in a region that was not scanned looks like "not
    // referenced", and ELB may keep serving a certificate deleted under it
    // (IAM API reference, DeleteServerCertificate): deleting needs the full list.
    regions: 'listing every region whose load balancers may use IAM certificates (for example --regions us-east-1,eu-west-1); a dry run without it scans only the default region',
    auditLog: 'every delete is recorded there (intent before, outcome after, who and where), and nothing is deleted without that record',
  });
  return { regions, auditFile, dryRun };
}
