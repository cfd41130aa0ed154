import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import { clientSettings, type ClientSettings } from '../adapters/aws-clients';

/**
 * Where the CLI's AWS calls go: the global `--region`, and the profile
 * (`--profile`, else `AWS_PROFILE`). Either left out: the SDK's own
 * resolution, as for the AWS CLI.
 */
export interface AwsTarget {
  readonly region?: string | undefined;
  readonly profile?: string | undefined;
}

/** The settings every CLI client is built with. */
export interface CliClientSettings extends ClientSettings {
  readonly profile?: string;
  readonly region?: string;
  readonly credentials?: AwsCredentialIdentityProvider;
}

/**
 * The shared client settings (retries) with the target's profile and region.
 *
 * A named profile gives the credentials, and nothing else does, as in the
 * AWS CLI: `fromIni` reads that profile only (keys, IAM Identity Center,
 * an assumed role, `credential_process`, web identity; SDK reference,
 * `@aws-sdk/credential-providers` `fromIni`). The SDK's default chain would
 * skip the profile's absence and go on to container or instance
 * credentials, so `--profile prodd` on an EC2 instance would act as the
 * instance's role: here it fails instead. The SDK's `profile` client option
 * reads the profile's region and other settings ("similar to setting a value
 * for the AWS_PROFILE environment variable"); `region` (from `--region`)
 * overrides it.
 *
 * The provider is shared and memoised: `fromIni` resolves the profile again
 * on every call (an AssumeRole, an SSO token exchange, a credential_process
 * run), and a command builds a client per service and region, so each would
 * fetch its own credentials; memoised, they are fetched once and refreshed
 * only near their expiry.
 */
export function cliClientSettings(target: AwsTarget): CliClientSettings {
  return {
    ...clientSettings(),
    ...(target.profile === undefined ? {} : { profile: target.profile, credentials: profileCredentials(target.profile) }),
    ...(target.region === undefined ? {} : { region: target.region }),
  };
}

function profileCredentials(profile: string): AwsCredentialIdentityProvider {
  const provider = memoizeIdentityProvider(fromIni({ profile }), isIdentityExpired, doesIdentityRequireRefresh);
  if (provider === undefined) throw new Error(`no credentials provider for profile ${profile}`);
  return provider;
}
