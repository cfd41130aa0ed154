import { Readable } from 'node:stream';
import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { IAMClient, ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { explainAccessDenied } from '../../src/adapters/explain-access-denied';
import { AccessDeniedError, SecurityHubNotEnabledError } from '../../src/errors';

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

  it('names iam:PassRole, not the call, when the refusal is for handing over a role (CreateSchedule)', async () => {
    const denied = answering(
      403,
      'application/json',
      '{"__type":"AccessDeniedException","Message":"User: arn:aws:sts::111122223333:assumed-role/R/rule is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/S because no identity-based policy allows the iam:PassRole action"}',
    );
    const client = explainAccessDenied(new SchedulerClient({ ...settings, requestHandler: denied }), "the Lambda's role", '111122223333');
    const promise = client.send(new CreateScheduleCommand({ Name: 'n', ScheduleExpression: 'at(2030-01-01T00:00:00)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'a', RoleArn: 'arn:aws:iam::111122223333:role/S' } }));
    await expect(promise).rejects.toMatchObject({ name: 'AccessDeniedError', action: 'iam:PassRole', message: expect.stringContaining('Grant iam:PassRole to it.') });
    client.destroy();
  });

  it('recognises Config’s AccessDeniedException', async () => {
    const denied = answering(400, 'application/x-amz-json-1.1', '{"__type":"AccessDeniedException","message":"denied"}');
    const client = explainAccessDenied(new ConfigServiceClient({ ...settings, requestHandler: denied }), "the Lambda's role", '999999999999');
    const promise = client.send(new PutEvaluationsCommand({ ResultToken: 't' }));
    await expect(promise).rejects.toMatchObject({ name: 'AccessDeniedError', action: 'config:PutEvaluations', accountId: '999999999999' });
  });

  it('names EventBridge actions with their IAM prefix, events: (Service Authorization Reference, Amazon EventBridge)', async () => {
    const denied = answering(400, 'application/x-amz-json-1.1', '{"__type":"AccessDeniedException","message":"denied"}');
    const client = explainAccessDenied(new EventBridgeClient({ ...settings, requestHandler: denied }), 'role arn:aws:iam::111122223333:role/R', '111122223333');
    const promise = client.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] }));
    await expect(promise).rejects.toMatchObject({ name: 'AccessDeniedError', action: 'events:PutEvents', accountId: '111122223333' });
  });

  it('says Security Hub is not enabled, where, and what to do, for its InvalidAccessException', async () => {
    // Security Hub's restJson1 error: HTTP 401, the code in x-amzn-errortype (API reference, Common Errors).
    const notSubscribed = {
      handle: async () => ({
        response: {
          statusCode: 401,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidAccessException', 'x-amzn-requestid': 'req-1' },
          body: Readable.from([Buffer.from('{"Code":"InvalidAccessException","Message":"Account 444455556666 is not subscribed to AWS Security Hub"}')]),
        },
      }),
    };
    const client = explainAccessDenied(new SecurityHubClient({ ...settings, region: 'eu-west-1', requestHandler: notSubscribed }), "the Lambda's role", '444455556666');
    const promise = client.send(new GetFindingsCommand({}));
    await expect(promise).rejects.toBeInstanceOf(SecurityHubNotEnabledError);
    await expect(promise).rejects.toMatchObject({ accountId: '444455556666', region: 'eu-west-1' });
    await expect(promise).rejects.toThrow(
      'Security Hub is not enabled in account 444455556666, region eu-west-1 (InvalidAccessException: Account 444455556666 is not subscribed to AWS Security Hub)',
    );
    await expect(promise).rejects.toThrow('Enable Security Hub in that account and region');
    await expect(promise).rejects.toThrow('or set the rule parameter securityHubFindings to "false"');
  });

  it('passes every other error through unchanged', async () => {
    const throttled = answering(400, 'application/x-amz-json-1.1', '{"__type":"ThrottlingException","message":"slow down"}');
    const client = explainAccessDenied(new ConfigServiceClient({ ...settings, requestHandler: throttled }), 'x', '999999999999');
    await expect(client.send(new PutEvaluationsCommand({ ResultToken: 't' }))).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
