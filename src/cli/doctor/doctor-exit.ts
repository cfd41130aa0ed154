import { ExitCode } from '../exit-codes';

/** `doctor`'s code for "a check failed": the CLI's findings code, as `check-iac` uses it for findings (2). */
export const DOCTOR_FAILED = ExitCode.Expired;
