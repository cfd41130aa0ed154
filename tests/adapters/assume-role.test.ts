import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ASSUMED_SESSION_SECONDS, assumeRole } from '../../src/adapters/assume-role';
import { createStsClient } from '../../src/adapters/aws-clients';
import { TimeBudget } from '../../src/core/time-budget';
import { AccessDeniedError, TimeBudgetExceededError } from '../../src/errors';

const sts = mockClient(STSClient);
const ROLE = 'arn:aws:iam::111122223333:role/IamServerCertificateExpiryRule';

describe('assumeRole', () => {
  beforeEach(() => {
    process.env['AWS_REGION'] = 'us-east-1';
  });
  afterEach(() => sts.reset());

  it('assumes the role for a short session and returns its credentials', async () => {
    const expiration = new Date('2026-11-23T12:15:00Z');
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: expiration },
    });
    const credentials = await assumeRole(ROLE, 'rule@111122223333', '111122223333', TimeBudget.unlimited(), createStsClient());
    expect(credentials).toEqual({ accessKeyId: 'ASIAMEMBER', secretAccessKey: 'secret', sessionToken: 'token', expiration });
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: ROLE,
      RoleSessionName: 'rule@111122223333',
      DurationSeconds: ASSUMED_SESSION_SECONDS,
    });
  });

  it('explains an AccessDenied naming the role, the account and what to fix', async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
    const promise = assumeRole(ROLE, 's', '111122223333', TimeBudget.unlimited(), createStsClient());
    await expect(promise).rejects.toThrow(AccessDeniedError);
    await expect(promise).rejects.toMatchObject({ action: 'sts:AssumeRole', accountId: '111122223333' });
    await expect(promise).rejects.toThrow(new RegExp(`Cannot assume ${ROLE} to evaluate account 111122223333.*trust the Lambda's role`));
  });

  it('fails when STS returns no credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({});
    await expect(assumeRole(ROLE, 's', '111122223333', TimeBudget.unlimited(), createStsClient())).rejects.toThrow('returned no credentials');
  });

  it('does not start when the time budget is spent', async () => {
    await expect(assumeRole(ROLE, 's', '111122223333', new TimeBudget(0, () => 1), createStsClient())).rejects.toThrow(TimeBudgetExceededError);
    expect(sts.calls()).toHaveLength(0);
  });
});
