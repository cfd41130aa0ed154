import { DEFAULT_RULE_PARAMETERS, ownerTagKeyOf, parseRuleParameters } from '../../src/core/rule-parameters';
import { InvalidRuleParameterError } from '../../src/errors';

function errorOf(raw: string): InvalidRuleParameterError {
  try {
    parseRuleParameters(raw);
  } catch (error) {
    if (error instanceof InvalidRuleParameterError) return error;
    throw error;
  }
  throw new Error('expected an InvalidRuleParameterError');
}

describe('parseRuleParameters', () => {
  describe('P1: defaults', () => {
    it.each([[undefined], [''], ['  '], ['{}'], ['{"daysToExpiration":""}'], ['{"daysToExpiration":null}'],
    ['{"daysToExpiration":null,"ExecutionRoleName":null,"AssumeRoleMode":null,"checkUsage":null,"usageRegions":null}']])('gives the strict default for %p', (raw) => {
      expect(parseRuleParameters(raw)).toEqual(DEFAULT_RULE_PARAMETERS);
      expect(DEFAULT_RULE_PARAMETERS.daysToExpiration).toBe(0);
    });
  });

  describe('P2: accepted values', () => {
    it.each([
      ['{"daysToExpiration":"30"}', 30],
      ['{"daysToExpiration":30}', 30],
      ['{"daysToExpiration":" 7 "}', 7],
      ['{"daysToExpiration":"0"}', 0],
      ['{"daysToExpiration":3650}', 3650],
    ])('reads %s as %d days', (raw, days) => {
      expect(parseRuleParameters(raw)).toEqual({ ...DEFAULT_RULE_PARAMETERS, daysToExpiration: days });
    });
  });

  describe('P3: refused values name the key and the range', () => {
    it.each([
      ['{"daysToExpiration":-1}', 'daysToExpiration'],
      ['{"daysToExpiration":"-1"}', 'daysToExpiration'],
      ['{"daysToExpiration":3651}', 'daysToExpiration'],
      ['{"daysToExpiration":1.5}', 'daysToExpiration'],
      ['{"daysToExpiration":"1.5"}', 'daysToExpiration'],
      ['{"daysToExpiration":"thirty"}', 'daysToExpiration'],
      ['{"daysToExpiration":true}', 'daysToExpiration'],
      ['{"daysToExpiration":[30]}', 'daysToExpiration'],
    ])('refuses %s', (raw, key) => {
      const error = errorOf(raw);
      expect(error.key).toBe(key);
      expect(error.message).toContain('an integer from 0 to 3650');
    });

    it('refuses an unknown key and lists the known ones', () => {
      const error = errorOf('{"DaysToExpiry":"30"}');
      expect(error.key).toBe('"DaysToExpiry"');
      expect(error.message).toContain('known parameters: daysToExpiration, ExecutionRoleName, AssumeRoleMode, checkUsage, usageRegions');
    });

    it.each([['not json'], ['[1,2]'], ['"30"'], ['null']])('refuses ruleParameters %p that are not a JSON object', (raw) => {
      expect(errorOf(raw).key).toBe('ruleParameters');
    });
  });
});

describe('parseRuleParameters for organization deployments', () => {
  it('P4b: accepts a role name with its path, as rdklib does', () => {
    expect(parseRuleParameters('{"ExecutionRoleName":"service-role/IamCertExpiry"}').executionRoleName).toBe('service-role/IamCertExpiry');
    expect(parseRuleParameters('{"ExecutionRoleName":"/teams/security/IamCertExpiry"}').executionRoleName).toBe('teams/security/IamCertExpiry');
  });

  it('P4: reads ExecutionRoleName and AssumeRoleMode', () => {
    expect(parseRuleParameters('{"ExecutionRoleName":"IamCertExpiryRuleRole","AssumeRoleMode":"false"}')).toEqual({
      ...DEFAULT_RULE_PARAMETERS,
      executionRoleName: 'IamCertExpiryRuleRole',
      assumeRoleMode: false,
    });
    expect(parseRuleParameters('{"AssumeRoleMode":true}').assumeRoleMode).toBe(true);
    expect(parseRuleParameters('{}').assumeRoleMode).toBe(true);
  });

  it.each([
    ['{"ExecutionRoleName":"arn:aws:iam::111111111111:role/x"}', 'ExecutionRoleName'],
    ['{"ExecutionRoleName":"a//b"}', 'ExecutionRoleName'],
    ['{"ExecutionRoleName":"service-role/"}', 'ExecutionRoleName'],
    ['{"ExecutionRoleName":"path with space/x"}', 'ExecutionRoleName'],
    ['{"ExecutionRoleName":42}', 'ExecutionRoleName'],
    [`{"ExecutionRoleName":"${'r'.repeat(65)}"}`, 'ExecutionRoleName'],
    ['{"AssumeRoleMode":"yes"}', 'AssumeRoleMode'],
    ['{"AssumeRoleMode":1}', 'AssumeRoleMode'],
  ])('P5: refuses %s naming %s', (raw, key) => {
    expect(errorOf(raw).key).toBe(key);
  });
});

describe('parseRuleParameters for the usage check', () => {
  it('P6: reads checkUsage and a de-duplicated region list', () => {
    const parameters = parseRuleParameters('{"checkUsage":"true","usageRegions":" us-east-1, eu-west-1,us-east-1 ,us-gov-west-1"}');
    expect(parameters.checkUsage).toBe(true);
    expect(parameters.usageRegions).toEqual(['us-east-1', 'eu-west-1', 'us-gov-west-1']);
    expect(parseRuleParameters('{}').usageRegions).toBeUndefined();
    expect(parseRuleParameters('{}').checkUsage).toBe(false);
  });

  it('P6b: takes "all" (any case) for every region enabled for the account, where a template cannot leave the value blank', () => {
    expect(parseRuleParameters('{"checkUsage":"true","usageRegions":"all"}').usageRegions).toBeUndefined();
    expect(parseRuleParameters('{"usageRegions":" ALL "}').usageRegions).toBeUndefined();
    expect(errorOf('{"usageRegions":"all,us-east-1"}').message).toContain('must be "all" or a comma-separated list');
  });

  it.each([
    ['{"usageRegions":"us-east-1;eu-west-1"}'],
    ['{"usageRegions":"US-EAST-1"}'],
    ['{"usageRegions":"us-east-1,"}'],
    ['{"usageRegions":["us-east-1"]}'],
    [`{"usageRegions":"${Array.from({ length: 41 }, (_, i) => `eu-west-${i}`).join(',')}"}`],
  ])('P7: refuses usageRegions %s', (raw) => {
    const error = errorOf(raw);
    expect(error.key).toBe('usageRegions');
    expect(error.message).toContain('comma-separated list of AWS regions');
  });
});

describe('parseRuleParameters for Security Hub findings and owners', () => {
  it('P7: reads securityHubFindings, ownerTagKey and runbookUrl', () => {
    expect(parseRuleParameters('{"securityHubFindings":"true","ownerTagKey":"team:owner","runbookUrl":"https://wiki.example.com/runbooks/certs"}')).toMatchObject({
      securityHubFindings: true,
      ownerTagKey: 'team:owner',
      runbookUrl: 'https://wiki.example.com/runbooks/certs',
    });
  });

  it('P8: defaults to no findings, no owner tag and AWS\'s own page on server certificates', () => {
    const parameters = parseRuleParameters('{}');
    expect(parameters).toMatchObject({ securityHubFindings: false, ownerTagKey: undefined });
    expect(parameters.runbookUrl).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(ownerTagKeyOf(parameters)).toBeUndefined();
    expect(ownerTagKeyOf({ ...parameters, securityHubFindings: true })).toBe('owner');
    expect(ownerTagKeyOf({ ...parameters, ownerTagKey: 'Owner' })).toBe('Owner');
  });

  it.each([
    ['{"securityHubFindings":"yes"}', 'securityHubFindings'],
    ['{"ownerTagKey":"bad*key"}', 'ownerTagKey'],
    ['{"ownerTagKey":"' + 'k'.repeat(129) + '"}', 'ownerTagKey'],
    ['{"runbookUrl":"http://insecure.example.com"}', 'runbookUrl'],
    ['{"runbookUrl":"not a url"}', 'runbookUrl'],
    ['{"runbookUrl":"https://example.com/' + 'p'.repeat(600) + '"}', 'runbookUrl'],
  ])('P9: refuses %s, naming %s', (raw, key) => {
    expect(errorOf(raw).key).toBe(key);
  });
});

describe('parseRuleParameters for tag overrides (issue 21)', () => {
  it('P10: is off by default, with exceptions of at most 90 days, so current deployments judge as before', () => {
    expect(parseRuleParameters('{}')).toMatchObject({ tagOverrides: false, maxExceptionDays: 90 });
  });

  it('P11: reads tagOverrides and maxExceptionDays as strings or values, as Config and conformance packs pass them', () => {
    expect(parseRuleParameters('{"tagOverrides":"true","maxExceptionDays":"30"}')).toMatchObject({ tagOverrides: true, maxExceptionDays: 30 });
    expect(parseRuleParameters('{"tagOverrides":true,"maxExceptionDays":365}')).toMatchObject({ tagOverrides: true, maxExceptionDays: 365 });
    expect(parseRuleParameters('{"tagOverrides":"","maxExceptionDays":null}')).toMatchObject({ tagOverrides: false, maxExceptionDays: 90 });
  });

  it.each([['0'], ['366'], ['-5'], ['7.5'], ['"90d"'], ['true'], ['[90]']])('P12: refuses maxExceptionDays %s, naming the key and its range', (value) => {
    const error = errorOf(`{"maxExceptionDays":${value}}`);
    expect(error.key).toBe('maxExceptionDays');
    expect(error.message).toMatch(/^Invalid rule parameter maxExceptionDays: must be an integer from 1 to 365, got /);
  });

  it('P13: refuses a tagOverrides that is not true or false, and lists both new keys among the known ones', () => {
    expect(errorOf('{"tagOverrides":"on"}').message).toBe('Invalid rule parameter tagOverrides: must be true or false, got "on"');
    expect(errorOf('{"tagOverride":"true"}').message).toMatch(/known parameters: .*tagOverrides, maxExceptionDays(, |$)/);
  });
});

describe('parseRuleParameters for expiry events (issue 21 part 1)', () => {
  const BUS = 'arn:aws:events:us-east-1:111111111111:event-bus/certificate-expiry';

  it('E1: is off by default, with no bus: the account\'s default bus once on', () => {
    expect(parseRuleParameters('{}')).toMatchObject({ expiryEvents: false, eventBusArn: undefined });
    expect(parseRuleParameters('{"expiryEvents":"true"}')).toMatchObject({ expiryEvents: true, eventBusArn: undefined });
    expect(parseRuleParameters('{"expiryEvents":"true","eventBusArn":""}')).toMatchObject({ expiryEvents: true, eventBusArn: undefined });
    // Where a template must give a value (Config refuses blank ones), "default" names the default bus.
    expect(parseRuleParameters('{"expiryEvents":"true","eventBusArn":"default"}')).toMatchObject({ expiryEvents: true, eventBusArn: undefined });
  });

  it.each([
    BUS,
    'arn:aws:events:us-east-1:111111111111:event-bus/default',
    'arn:aws-us-gov:events:us-gov-west-1:111111111111:event-bus/org.events_2-a',
    'arn:aws-cn:events:cn-north-1:111111111111:event-bus/central',
    'arn:aws-iso-b:events:us-isob-east-1:111111111111:event-bus/central',
    `arn:aws:events:ap-southeast-5:111111111111:event-bus/${'b'.repeat(256)}`,
  ])('E2: takes the event bus ARN %s', (arn) => {
    expect(parseRuleParameters(JSON.stringify({ expiryEvents: 'true', eventBusArn: ` ${arn} ` })).eventBusArn).toBe(arn);
  });

  it.each([
    ['a bus name', 'certificate-expiry'],
    ['an ARN of another service', 'arn:aws:sns:us-east-1:111111111111:certificate-expiry'],
    ['a rule ARN', 'arn:aws:events:us-east-1:111111111111:rule/certificate-expiry'],
    ['a partner bus (PutEvents takes none)', 'arn:aws:events:us-east-1:111111111111:event-bus/aws.partner/example.com/123/bus'],
    ['a China region in the aws partition', 'arn:aws:events:cn-north-1:111111111111:event-bus/central'],
    ['a GovCloud region in the aws partition', 'arn:aws:events:us-gov-west-1:111111111111:event-bus/central'],
    ['a commercial region in the aws-cn partition', 'arn:aws-cn:events:us-east-1:111111111111:event-bus/central'],
    ['a short account id', 'arn:aws:events:us-east-1:11111111111:event-bus/central'],
    ['a bus name too long', `arn:aws:events:us-east-1:111111111111:event-bus/${'b'.repeat(257)}`],
    ['a number', 42],
  ])('E3: refuses %s, naming eventBusArn and what it takes', (_case, value) => {
    const error = errorOf(JSON.stringify({ expiryEvents: 'true', eventBusArn: value }));
    expect(error.key).toBe('eventBusArn');
    expect(error.message).toMatch(/^Invalid rule parameter eventBusArn: must be "default" or an EventBridge event bus ARN, arn:<partition>:events:<region>:<account>:event-bus\/<name>, in the partition of its region/);
  });

  it('E4: refuses a bus while expiryEvents is off, rather than send nothing to it silently', () => {
    for (const raw of [`{"eventBusArn":"${BUS}"}`, `{"expiryEvents":"false","eventBusArn":"${BUS}"}`]) {
      expect(errorOf(raw).message).toBe('Invalid rule parameter eventBusArn: is set but expiryEvents is not "true": no event would be sent; set expiryEvents to "true", or leave eventBusArn out');
    }
    expect(errorOf('{"expiryEvents":"yes"}').message).toBe('Invalid rule parameter expiryEvents: must be true or false, got "yes"');
    expect(errorOf('{"expiryEvent":"true"}').message).toMatch(/known parameters: .*expiryEvents, eventBusArn/);
  });
});

describe('parseRuleParameters for evaluateAtExpiry (issue 21 part 3)', () => {
  it('P14: evaluateAtExpiry is off by default with the default schedule group, so current deployments keep no schedule', () => {
    expect(parseRuleParameters('{"daysToExpiration":"30"}')).toMatchObject({ evaluateAtExpiry: false, schedulerRole: undefined, scheduleGroup: 'default' });
    expect(parseRuleParameters('{"evaluateAtExpiry":"false","scheduleGroup":""}')).toMatchObject({ evaluateAtExpiry: false, scheduleGroup: 'default' });
  });

  it('P15: reads evaluateAtExpiry with its scheduler role (and path) and a schedule group', () => {
    expect(parseRuleParameters('{"evaluateAtExpiry":"true","schedulerRole":"stack-SchedulerRole-1A2B3C","scheduleGroup":"cert-expiry"}')).toMatchObject({
      evaluateAtExpiry: true,
      schedulerRole: 'stack-SchedulerRole-1A2B3C',
      scheduleGroup: 'cert-expiry',
    });
    expect(parseRuleParameters('{"evaluateAtExpiry":true,"schedulerRole":"/service-role/Scheduler"}').schedulerRole).toBe('service-role/Scheduler');
  });

  it('P16: refuses evaluateAtExpiry without a scheduler role, a role ARN, and a group Scheduler would refuse, naming each key', () => {
    expect(errorOf('{"evaluateAtExpiry":"true"}').key).toBe('schedulerRole');
    expect(errorOf('{"evaluateAtExpiry":"true"}').message).toMatch(/^Invalid rule parameter schedulerRole: is required when evaluateAtExpiry is true/);
    expect(errorOf('{"evaluateAtExpiry":"yes","schedulerRole":"r"}').message).toBe('Invalid rule parameter evaluateAtExpiry: must be true or false, got "yes"');
    expect(errorOf('{"evaluateAtExpiry":"true","schedulerRole":"arn:aws:iam::123456789012:role/r"}').key).toBe('schedulerRole');
    expect(errorOf('{"scheduleGroup":"my group"}').message).toBe(
      'Invalid rule parameter scheduleGroup: must be an EventBridge Scheduler schedule group name (1 to 64 letters, digits and -_.), got "my group"',
    );
    expect(errorOf(`{"scheduleGroup":"${'g'.repeat(65)}"}`).key).toBe('scheduleGroup');
    expect(errorOf('{"scheduleGroups":"default"}').message).toMatch(/known parameters: .*evaluateAtExpiry, schedulerRole, scheduleGroup/);
  });
});
