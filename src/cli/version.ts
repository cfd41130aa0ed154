// Only `version` is imported: esbuild inlines that one property of
// package.json into dist/cli.js and leaves the rest of the file out.
import { version } from '../../package.json';

/** The package's version, as `npm pack` stamps it on the tarball. */
export const CLI_VERSION: string = version;

/**
 * `iam-cert-expiry --version`: the CLI's version, then the Node.js version
 * and platform it runs on, in the AWS CLI's `aws-cli/2.x Python/3.x Linux/…`
 * form, so one line says what to report in a bug.
 *
 * @example
 * versionLine(); // 'iam-cert-expiry/0.1.0 node/v20.20.2 linux/x64'
 */
export function versionLine(): string {
  return `iam-cert-expiry/${CLI_VERSION} node/${process.version} ${process.platform}/${process.arch}`;
}
