import { ExitCode } from '../exit-codes';
import { CheckStatus, type Check } from './check';

/** `doctor`'s code for "a check failed": the CLI's findings code, as `check-iac` uses it for findings (2). */
export const DOCTOR_FAILED = ExitCode.Expired;

/**
 * `doctor`'s code for "no check failed, but some cannot be judged yet" (a
 * rule within its first-run grace): not 0, since doctor cannot call the
 * deployment healthy; the CLI's "could not be verified" code, as `rotate` uses it (3).
 */
export const DOCTOR_NOT_YET_KNOWN = ExitCode.Unverified;

/** What `doctor` exits with: {@link DOCTOR_FAILED} over {@link DOCTOR_NOT_YET_KNOWN} over 0, which only a checklist without either earns. */
export function doctorExitCode(checks: readonly Check[]): ExitCode {
  if (checks.some((item) => item.status === CheckStatus.Fail)) return DOCTOR_FAILED;
  if (checks.some((item) => item.status === CheckStatus.NotYetKnown)) return DOCTOR_NOT_YET_KNOWN;
  return ExitCode.Ok;
}

/** The latest time a not-yet-known check can be judged, when any is not yet known: when to run doctor again. */
export function runAgainAfter(checks: readonly Check[]): Date | undefined {
  let latest: Date | undefined;
  for (const item of checks) {
    if (item.status === CheckStatus.NotYetKnown && item.knownAfter !== undefined && (latest === undefined || item.knownAfter > latest)) latest = item.knownAfter;
  }
  return latest;
}
