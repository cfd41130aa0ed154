import { join } from 'node:path';
import { ROOT } from '../../../scripts/handler-bundle';

/** Where jest's global setup leaves the error of a failed build, for the end-to-end tests to report. */
export const BUILD_ERROR_PATH = join(ROOT, 'dist', 'build-error.txt');
