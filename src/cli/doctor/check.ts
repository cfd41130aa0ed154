/** A check's result, as `doctor` prints it and its JSON carries it. */
export const CheckStatus = {
  Ok: 'ok',
  Fail: 'fail',
  Warn: 'warn',
  /** Cannot be judged yet (a rule within its first-run grace): not a pass; `knownAfter` says when to look again. */
  NotYetKnown: 'unknown',
  /** Not made, and the detail says why: not readable (which permission), not applicable, or not testable from here. */
  Skipped: 'skipped',
} as const;

export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];

/** One line of the checklist. */
export interface Check {
  /** Stable identifier, e.g. `rule-status:iam-server-certificate-expired`, for scripts. */
  readonly id: string;
  readonly status: CheckStatus;
  /** What should hold, e.g. "Config rule iam-server-certificate-expired exists". */
  readonly title: string;
  /**
   * What was found, one entry per printed line. Entries may hold text AWS
   * returned (error messages, names): printers escape each entry, so a
   * newline inside one cannot start a line of its own.
   */
  readonly detail: readonly string[];
  /** What to do; `undefined` when nothing is to be done. */
  readonly remedy: string | undefined;
  /** For {@link CheckStatus.NotYetKnown}: when running doctor again can tell. */
  readonly knownAfter?: Date;
}

/** A check line. */
export function check(id: string, status: CheckStatus, title: string, detail: readonly string[], remedy?: string): Check {
  return { id, status, title, detail, remedy };
}
