/**
 * The CLI's exit codes, fixed so scripts and CI can branch on them.
 *
 * 0 to 3 are this tool's own and keep the meanings they have always had:
 * `report` uses `Expired` to fail a pipeline while an expired certificate is
 * still stored, `check-iac` when a change has findings at error level, and
 * `rotate` `Unverified` when an endpoint could not be checked over TLS, and
 * `doctor` when no check failed but some cannot be judged yet.
 * `Error` is a failure while running: an AWS call refused or failed, a file
 * that cannot be read, a delete that failed.
 *
 * A command line that cannot run at all takes the AWS CLI's own codes, so a
 * script that already tells them apart for `aws` can do the same here (AWS CLI
 * User Guide, "Command line return codes in the AWS CLI": 252 "Command syntax
 * was invalid, an unknown parameter was provided, or a parameter value was
 * incorrect and prevented the command from running"; 253 "The system
 * environment or configuration was invalid … missing configuration or
 * credentials prevented the command from running"). 2, the AWS CLI's other
 * code for a parse failure, is taken by `Expired`.
 */
export const ExitCode = {
  Ok: 0,
  /** A failure while running: an AWS call refused or failed, an unreadable file, a failed delete or step. */
  Error: 1,
  /** `report`: some certificate has expired; `check-iac`: findings at error level. */
  Expired: 2,
  /** `rotate`: every step made, but some endpoint could not be verified over TLS; `doctor`: no check failed, but some are not yet known. */
  Unverified: 3,
  /**
   * Bad command line: unknown command or flag, a missing or bad value, conflicting flags, a
   * `--regions` name not enabled for the account. Nothing was changed (only `--regions` needs a
   * call, `account:ListRegions`, to be found wrong).
   */
  Usage: 252,
  /** No usable AWS credentials or configuration: none found, expired, an unknown profile, no region. */
  Credentials: 253,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
