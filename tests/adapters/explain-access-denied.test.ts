import { Readable } from 'node:stream';
import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { IAMClient, ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import { explainAccessDenied } from '../../src/adapters/explain-access-denied';
import { AccessDeniedError } from '../../src/errors';

// These go through the real SDK middleware stack (aws-sdk-client-mock would
// replace `send` and skip it), with a request handler that answers like AWS.
function answering(statusCode: number, contentType: string, body: string) {
  return {
    handle: async () => ({
      response: { statusCode, headers: { 'content-type': contentType, 'x-amzn-requestid': 'req-1' }, body: Readable.from([Buffer.from(body)]) },
    }),
  };
}

const settings = { region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } };
const iamDenied = answering(
  403,
  'text/xml',
  '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
    '<Message>not authorized</Message></Error><RequestId>req-1</RequestId></ErrorResponse>',
);

describe('explainAccessDenied', () => {
  it('names the IAM action, the principal and the account', async () => {
    const client = explainAccessDenied(new IAMClient({ ...settings, requestHandler: iamDenied }), 'role arn:aws:iam::111122223333:role/R', '111122223333');
    const promise = client.send(new ListServerCertificatesCommand({}));
    await expect(promise).rejects.toThrow(AccessDeniedError);
    await expect(promise).rejects.toThrow(
      'role arn:aws:iam::111122223333:role/R may not call iam:ListServerCertificates in account 111122223333 (AccessDenied: not authorized). Grant iam:ListServerCertificates to it.',
    );
  });

  it('recognises Config’s AccessDeniedException', async () => {
    const denied = answering(400, 'application/x-amz-json-1.1', '{"__type":"AccessDeniedException","message":"denied"}');
    const client = explainAccessDenied(new ConfigServiceClient({ ...settings, requestHandler: denied }), "the Lambda's role", '999999999999');
    const promise = client.send(new PutEvaluationsCommand({ ResultToken: 't' }));
    await expect(promise).rejects.toMatchObject({ name: 'AccessDeniedError', action: 'config:PutEvaluations', accountId: '999999999999' });
  });

  it('passes every other error through unchanged', async () => {
    const throttled = answering(400, 'application/x-amz-json-1.1', '{"__type":"ThrottlingException","message":"slow down"}');
    const client = explainAccessDenied(new ConfigServiceClient({ ...settings, requestHandler: throttled }), 'x', '999999999999');
    await expect(client.send(new PutEvaluationsCommand({ ResultToken: 't' }))).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
