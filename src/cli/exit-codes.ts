/**
 * The CLI's exit codes, fixed so scripts and CI can branch on them.
 * `report` uses `Expired` to fail a pipeline while an expired certificate is
 * still stored, and `check-iac` when a change has findings at error level;
 * every command uses `Error` for bad flags, unreadable files and failed calls.
 */
export const ExitCode = {
  Ok: 0,
  Error: 1,
  Expired: 2,
  /** `rotate`: every step made, but some endpoint could not be verified over TLS. */
  Unverified: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
