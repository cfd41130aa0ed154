import { DEFAULT_RULE_PARAMETERS } from '../../src/core/rule-parameters';
import { InvalidEventError, InvalidRuleParameterError, RuleError } from '../../src/errors';
import { resolveAccountAccess } from '../../src/rule/account-access';

const CENTRAL = '999999999999';
const MEMBER = '111122223333';
const event = (overrides: Partial<Parameters<typeof resolveAccountAccess>[0]> = {}) => ({
  accountId: MEMBER,
  executionRoleArn: `arn:aws:iam::${MEMBER}:role/config-role`,
  configRuleArn: `arn:aws:config:us-east-1:${MEMBER}:config-rule/config-rule-abc`,
  configRuleName: 'OrgConfigRule-iam-server-certificate-expired-abcd',
  ...overrides,
});

describe('resolveAccountAccess', () => {
  it('X1: uses the Lambda’s own credentials for its own account', () => {
    expect(resolveAccountAccess(event({ accountId: CENTRAL }), DEFAULT_RULE_PARAMETERS, CENTRAL)).toEqual({ kind: 'own', accountId: CENTRAL });
  });

  it('X2: uses its own credentials outside Lambda, where its account is unknown', () => {
    expect(resolveAccountAccess(event(), DEFAULT_RULE_PARAMETERS, undefined).kind).toBe('own');
  });

  it('X3: assumes ExecutionRoleName in the member account, in the rule’s partition', () => {
    const access = resolveAccountAccess(
      event({ configRuleArn: `arn:aws-us-gov:config:us-gov-west-1:${MEMBER}:config-rule/config-rule-abc` }),
      { executionRoleName: 'IamServerCertificateExpiryRule', assumeRoleMode: true },
      CENTRAL,
    );
    expect(access).toEqual({
      kind: 'assume',
      accountId: MEMBER,
      roleArn: `arn:aws-us-gov:iam::${MEMBER}:role/IamServerCertificateExpiryRule`,
      sessionName: `OrgConfigRule-iam-server-certificate-expired-abcd@${MEMBER}`,
    });
  });

  it('X4: falls back to the event’s executionRoleArn', () => {
    const access = resolveAccountAccess(event(), DEFAULT_RULE_PARAMETERS, CENTRAL);
    expect(access).toMatchObject({ kind: 'assume', roleArn: `arn:aws:iam::${MEMBER}:role/config-role` });
  });

  it('X5: refuses Config’s service-linked role and says to set ExecutionRoleName', () => {
    const slr = `arn:aws:iam::${MEMBER}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
    expect(() => resolveAccountAccess(event({ executionRoleArn: slr }), DEFAULT_RULE_PARAMETERS, CENTRAL)).toThrow(RuleError);
    expect(() => resolveAccountAccess(event({ executionRoleArn: slr }), DEFAULT_RULE_PARAMETERS, CENTRAL)).toThrow(
      /service-linked role.*Set the rule parameter ExecutionRoleName/,
    );
  });

  it('X6: refuses a member account with neither a role name nor an executionRoleArn', () => {
    expect(() => resolveAccountAccess(event({ executionRoleArn: undefined }), DEFAULT_RULE_PARAMETERS, CENTRAL)).toThrow(
      /set the rule parameter ExecutionRoleName/,
    );
  });

  it('X7: with AssumeRoleMode false uses the Lambda’s own credentials for its own account', () => {
    expect(resolveAccountAccess(event({ accountId: CENTRAL }), { executionRoleName: 'R', assumeRoleMode: false }, CENTRAL)).toEqual({ kind: 'own', accountId: CENTRAL });
  });

  it('X7b: with AssumeRoleMode false refuses an event from another account, naming the parameter and both accounts', () => {
    const resolve = () => resolveAccountAccess(event(), { executionRoleName: 'R', assumeRoleMode: false }, CENTRAL);
    expect(resolve).toThrow(InvalidRuleParameterError);
    expect(resolve).toThrow(
      `Invalid rule parameter AssumeRoleMode: is false, but the event is for account ${MEMBER} and this function runs in account ${CENTRAL}: ` +
        `without assuming a role it can only read account ${CENTRAL}, whose certificates it would report as ${MEMBER}'s.`,
    );
  });

  it('X7c: with AssumeRoleMode false outside Lambda (own account unknown) uses the caller’s credentials', () => {
    expect(resolveAccountAccess(event(), { executionRoleName: undefined, assumeRoleMode: false }, undefined)).toEqual({ kind: 'own', accountId: MEMBER });
  });

  it('X8: keeps the session name within STS’s 64 characters and its character set', () => {
    const access = resolveAccountAccess(event({ configRuleName: `rule with spaces/${'x'.repeat(100)}` }), { executionRoleName: 'R', assumeRoleMode: true }, CENTRAL);
    expect(access.kind === 'assume' && access.sessionName).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(access.kind === 'assume' && access.sessionName.endsWith(`@${MEMBER}`)).toBe(true);
  });

  it('X9: refuses an executionRoleArn in another account than the event\'s, before anything is read', () => {
    const other = `arn:aws:iam::444455556666:role/config-role`;
    expect(() => resolveAccountAccess(event({ executionRoleArn: other }), DEFAULT_RULE_PARAMETERS, CENTRAL)).toThrow(InvalidEventError);
    expect(() => resolveAccountAccess(event({ executionRoleArn: other }), DEFAULT_RULE_PARAMETERS, CENTRAL)).toThrow(
      /event\.executionRoleArn names account 444455556666, not the event's accountId 111122223333/,
    );
  });

  it('X10: refuses a configRuleArn of another account, with ExecutionRoleName too', () => {
    const otherRule = 'arn:aws:config:us-east-1:444455556666:config-rule/config-rule-abc';
    expect(() =>
      resolveAccountAccess(event({ configRuleArn: otherRule }), { executionRoleName: 'IamServerCertificateExpiryRule', assumeRoleMode: true }, CENTRAL),
    ).toThrow(/event\.configRuleArn names account 444455556666/);
  });

  it('X11: builds the role ARN of a role name with a path', () => {
    const access = resolveAccountAccess(event(), { executionRoleName: 'service-role/IamCertExpiry', assumeRoleMode: true }, CENTRAL);
    expect(access).toMatchObject({ roleArn: `arn:aws:iam::${MEMBER}:role/service-role/IamCertExpiry` });
  });
});
