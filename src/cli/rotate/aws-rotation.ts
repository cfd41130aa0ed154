import { IAMClient } from '@aws-sdk/client-iam';
import { clientSettings } from '../../adapters/aws-clients';
import { createUsageClients } from '../../usage/usage-clients';
import { AwsConsumerRepointer } from './repoint-consumer';
import { IamRotation } from './rotation-iam';
import type { RotationFactory } from './rotation-services';
import { TlsEndpointVerifier } from './tls-verifier';

/** The rotation services from the standard SDK environment, `--region` overriding the region. */
export const awsRotation: RotationFactory = (region) => ({
  iam: new IamRotation(new IAMClient({ ...clientSettings(), ...(region === undefined ? {} : { region }) })),
  repointer: new AwsConsumerRepointer(createUsageClients(region)),
  verifier: new TlsEndpointVerifier(),
});
