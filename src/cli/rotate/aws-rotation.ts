import { IAMClient } from '@aws-sdk/client-iam';
import { createUsageClients } from '../../usage/usage-clients';
import { cliClientSettings } from '../aws-target';
import { AwsConsumerRepointer } from './repoint-consumer';
import { IamRotation } from './rotation-iam';
import type { RotationFactory } from './rotation-services';
import { TlsEndpointVerifier } from './tls-verifier';

/** The rotation services from the standard SDK environment, with the global `--profile` and `--region`. */
export const awsRotation: RotationFactory = (target) => {
  const settings = cliClientSettings(target);
  return {
    iam: new IamRotation(new IAMClient(settings)),
    repointer: new AwsConsumerRepointer(createUsageClients(target.region, settings.credentials, settings.profile)),
    verifier: new TlsEndpointVerifier(),
  };
};
