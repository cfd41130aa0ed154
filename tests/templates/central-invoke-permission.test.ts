import { join } from 'node:path';
import { loadTemplate, mapping } from '../../scripts/cloudformation-yaml';

const template = loadTemplate(join(__dirname, '..', '..', 'templates', 'central-invoke-permission.yml'));
const resources = mapping(template['Resources'], 'Resources');
const parameters = mapping(template['Parameters'], 'Parameters');

function patternOf(name: string): RegExp {
  return new RegExp(`^${String(mapping(parameters[name], name)['AllowedPattern'])}$`);
}

describe('templates/central-invoke-permission.yml', () => {
  it('creates, for each listed member account, one permission for AWS Config of that account only', () => {
    expect(template['Transform']).toBe('AWS::LanguageExtensions');
    expect(resources).toEqual({
      'Fn::ForEach::MemberAccountPermissions': [
        'AccountId',
        { Ref: 'MemberAccountIds' },
        {
          'ConfigInvoke${AccountId}': {
            Type: 'AWS::Lambda::Permission',
            Properties: {
              FunctionName: { Ref: 'LambdaFunctionArn' },
              Action: 'lambda:InvokeFunction',
              Principal: 'config.amazonaws.com',
              SourceAccount: { Ref: 'AccountId' },
            },
          },
        },
      ],
    });
  });

  it('accepts only 12-digit account ids, so no permission can be opened to every account', () => {
    const accountId = patternOf('MemberAccountIds');
    expect(mapping(parameters['MemberAccountIds'], 'MemberAccountIds')['Type']).toBe('CommaDelimitedList');
    expect(accountId.test('111122223333')).toBe(true);
    expect(['', '*', '1111-2222-3333', 'o-a1b2c3d4e5', '11112222333'].filter((value) => accountId.test(value))).toEqual([]);
    expect(mapping(parameters['MemberAccountIds'], 'MemberAccountIds')['Default']).toBeUndefined();
  });

  it('accepts only a Lambda function ARN', () => {
    const arn = patternOf('LambdaFunctionArn');
    expect(arn.test('arn:aws:lambda:us-east-1:999999999999:function:iam-server-certificate-expiry-rule-prod-rule')).toBe(true);
    expect(arn.test('*')).toBe(false);
  });
});
