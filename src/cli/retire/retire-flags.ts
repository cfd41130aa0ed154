import { parseActingFlags, parseFlags } from '../parse-flags';

export const RETIRE = 'retire';

/** `retire`'s flags, validated. */
export interface RetireFlags {
  readonly regions: string[] | undefined;
  readonly auditFile: string | undefined;
  readonly dryRun: boolean;
  /** `--json`: one JSON document on stdout with every certificate's outcome, instead of one line each. */
  readonly json: boolean;
}

/**
 * Parses `retire`'s flags; `'help'` for `--help`. `--yes` needs `--audit-log`
 * (see {@link parseActingFlags}); `--regions` narrows the scan, and then
 * nothing is deleted.
 */
export function parseRetireFlags(args: readonly string[]): RetireFlags | 'help' {
  const flags = parseFlags(RETIRE, args, {
    yes: { type: 'boolean' },
    regions: { type: 'string' },
    'audit-log': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) return 'help';
  const { dryRun, regions, auditFile } = parseActingFlags(RETIRE, flags, {
    auditLog: 'every delete is recorded there (intent before, outcome after, who and where), and nothing is deleted without that record',
  });
  return { regions, auditFile, dryRun, json: flags.json === true };
}
