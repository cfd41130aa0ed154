import { describeValue } from '../../core/describe-value';
import { CliUsageError } from '../../errors';
import { parseActingFlags, parseFlags } from '../parse-flags';

export const ROTATE = 'rotate';

/** IAM certificate names: 1-128 of `[\w+=,.@-]` (IAM API reference, UploadServerCertificate). */
const CERTIFICATE_NAME = /^[\w+=,.@-]{1,128}$/;

/** `rotate`'s flags, validated. */
export interface RotateFlags {
  readonly from: string;
  readonly name: string | undefined;
  readonly bodyFile: string;
  readonly keyFile: string;
  readonly chainFile: string | undefined;
  readonly regions: string[] | undefined;
  readonly auditFile: string | undefined;
  readonly dryRun: boolean;
  readonly retireOld: boolean;
}

/** Parses `rotate`'s flags; `'help'` for `--help`. */
export function parseRotateFlags(args: readonly string[]): RotateFlags | 'help' {
  const flags = parseFlags(ROTATE, args, {
    from: { type: 'string' },
    name: { type: 'string' },
    'certificate-body': { type: 'string' },
    'private-key': { type: 'string' },
    'certificate-chain': { type: 'string' },
    yes: { type: 'boolean' },
    'retire-old': { type: 'boolean' },
    regions: { type: 'string' },
    'audit-log': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) return 'help';
  const need = (flag: string, value: string | undefined): string => {
    if (value === undefined || value.trim() === '') throw new CliUsageError(ROTATE, `${ROTATE}: --${flag} is required (see: iam-cert-expiry ${ROTATE} --help)`);
    return value;
  };
  const from = need('from', flags.from);
  const name = flags.name;
  for (const [flag, value] of [['from', from], ['name', name]] as const) {
    if (value !== undefined && !CERTIFICATE_NAME.test(value)) {
      throw new CliUsageError(ROTATE, `${ROTATE}: --${flag} must be an IAM certificate name (1-128 of letters, digits and +=,.@_-), got ${describeValue(value)}`);
    }
  }
  if (name === from) throw new CliUsageError(ROTATE, `${ROTATE}: --name must differ from --from: IAM names are unique, and the old certificate stays until every consumer is moved`);
  const { dryRun, regions, auditFile } = parseActingFlags(ROTATE, flags, {
    // No intent record, no change: every upload, repoint and delete is recorded in a file the caller chose, before it is made.
    auditLog: 'every step is recorded there (intent before each change, outcome after, who and where), and nothing changes without that record',
  });
  if (flags['retire-old'] === true && dryRun) throw new CliUsageError(ROTATE, `${ROTATE}: --retire-old acts only with --yes`);
  return {
    from,
    name,
    bodyFile: need('certificate-body', flags['certificate-body']),
    keyFile: need('private-key', flags['private-key']),
    chainFile: flags['certificate-chain'],
    regions,
    auditFile,
    dryRun,
    retireOld: flags['retire-old'] === true,
  };
}
