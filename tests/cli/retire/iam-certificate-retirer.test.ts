import {
  DeleteConflictException,
  DeleteServerCertificateCommand,
  IAMClient,
  NoSuchEntityException,
  ServiceFailureException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { DeleteOutcome, IamCertificateRetirer } from '../../../src/cli/retire/iam-certificate-retirer';

const iam = mockClient(IAMClient);
const retirer = (): IamCertificateRetirer => new IamCertificateRetirer(new IAMClient({ region: 'us-east-1' }));

describe('IamCertificateRetirer', () => {
  afterEach(() => iam.reset());

  it('deletes the certificate by name', async () => {
    iam.on(DeleteServerCertificateCommand).resolves({});
    await expect(retirer().delete('old-api')).resolves.toEqual({ outcome: DeleteOutcome.Deleted });
    expect(iam).toHaveReceivedCommandWith(DeleteServerCertificateCommand, { ServerCertificateName: 'old-api' });
  });

  it('answers conflict when IAM refuses with DeleteConflict', async () => {
    const message = 'Certificate: ASCAOLD is currently in use by arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/web. Please remove it first before deleting it from IAM.';
    iam.on(DeleteServerCertificateCommand).rejects(new DeleteConflictException({ message, $metadata: {} }));
    await expect(retirer().delete('old-api')).resolves.toEqual({ outcome: DeleteOutcome.Conflict, message });
  });

  it('answers gone when IAM says NoSuchEntity', async () => {
    iam.on(DeleteServerCertificateCommand).rejects(new NoSuchEntityException({ message: 'not found', $metadata: {} }));
    await expect(retirer().delete('old-api')).resolves.toMatchObject({ outcome: DeleteOutcome.Gone });
  });

  it('passes any other error on', async () => {
    iam.on(DeleteServerCertificateCommand).rejects(new ServiceFailureException({ message: 'boom', $metadata: {} }));
    await expect(retirer().delete('old-api')).rejects.toThrow('boom');
  });
});
