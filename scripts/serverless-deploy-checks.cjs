// Serverless plugin: the checks a deployment must pass before anything reaches AWS.
//
// - Warns (package and deploy) when the region is not where AWS Config records
//   AWS::IAM::ServerCertificate for its partition (table and sources:
//   src/core/recording-region.ts). Deployed elsewhere the rule still runs, but
//   Config lists none of the certificates, sends no change events, and its
//   results link to no recorded resource.
// - Fails when the Lambda role's name is longer than IAM's 64 characters
//   (IAM API reference, CreateRole RoleName), which CloudFormation would only
//   report halfway through a deployment.
// - Fails when organizationRollout is 'true' without an organizationId: the
//   function could then assume the role name in any account.
// - Fails when a rule would get a blank input parameter (e.g.
//   --param="usageRegions="): AWS Config refuses them ("Blank spaces are not
//   acceptable for input parameter"), which CloudFormation would also only
//   report halfway through a deployment.
// - Fails when a rule's InputParameters would be longer than AWS Config takes
//   (1,024 characters: scripts/config-rule-limits.cjs), in any branch of its
//   Fn::If, naming the rule, the length and its longest values.
// - Fails when any on/off deploy parameter (checkUsage, organizationRollout,
//   securityHubFindings, tagOverrides, expiryEvents, evaluateAtExpiry: each
//   condition comparing one with 'true') is not exactly 'true' or 'false':
//   anything else, 'True' included, would quietly mean off in the stack while
//   the rule reads any case as on. Fails when maxExceptionDays is not an
//   integer from 1 to 365, which the rule would refuse on every run (src/core/rule-parameters.ts).
// - Expiry events (issue 21 part 1): fails when expiryEvents is not 'true' or
//   'false', eventBusArn is neither 'default' nor an event bus ARN, or names
//   a bus while expiryEvents is not 'true' (the bus would be dropped).
//   Anything in them whose length is not known (a Ref of a parameter, another
//   intrinsic function, an unresolved variable) fails the check: fail closed.
// - evaluateAtExpiry (issue 21 part 3): likewise evaluateAtExpiry ('true' or
//   'false') and scheduleGroup (an EventBridge Scheduler group name); the
//   scheduler role's name, which the rules get as a Ref, counts as IAM's
//   longest role name in the length.
const recordingRegions = require('../src/core/recording-regions.json');
const { MAX_INPUT_PARAMETERS_LENGTH, RESOURCE_REF_LENGTH, atLongestRefs, inputParametersText } = require('./config-rule-limits.cjs');

/** IAM role names: at most 64 characters (IAM API reference, CreateRole; config-rule-limits.cjs). */
const MAX_ROLE_NAME_LENGTH = RESOURCE_REF_LENGTH['AWS::IAM::Role'];

function partitionOf(region) {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (/^(us-iso|eu-isoe)/.test(region)) return undefined;
  return 'aws';
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Every InputParameters object a rule can get: each alternative of each
 * Fn::If, AWS::NoValue keys left out. Given `conditions`, an Fn::If whose
 * condition compares literals (the deploy parameters serverless writes in)
 * takes only the alternative CloudFormation will take; any other condition,
 * both.
 */
function inputParameterBranches(node, conditions) {
  if (node !== null && typeof node === 'object' && Array.isArray(node['Fn::If'])) {
    const [name, whenTrue, whenFalse] = node['Fn::If'];
    const holds = conditions === undefined ? undefined : conditionHolds(conditions, name);
    const taken = holds === undefined ? [whenTrue, whenFalse] : [holds ? whenTrue : whenFalse];
    return taken.flatMap((alternative) => inputParameterBranches(alternative, conditions));
  }
  if (node !== null && typeof node === 'object' && node.Ref === 'AWS::NoValue') return [NO_VALUE];
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [node];
  let branches = [{}];
  for (const [key, value] of Object.entries(node)) {
    const alternatives = inputParameterBranches(value, conditions);
    branches = branches.flatMap((branch) => alternatives.map((alternative) => (alternative === NO_VALUE ? branch : { ...branch, [key]: alternative })));
  }
  return branches;
}

/** What the rule accepts for the tag overrides' parameters (src/core/rule-parameters.ts). */
const PARAMETER_CHECKS = {
  maxExceptionDays: {
    accepts: (value) => /^\s*\d+\s*$/.test(value) && Number(value) >= 1 && Number(value) <= 365,
    says: 'an integer from 1 to 365',
  },
  // Expiry events: the rule's own pattern (src/core/rule-parameters.ts, EVENT_BUS_ARN); the rule also checks the
  // ARN's partition against its region's, and against the rule's at run time.
  eventBusArn: {
    accepts: (value) => value === 'default' || /^arn:aws[a-z-]*:events:[a-z]{2}(?:-[a-z]+)+-\d{1,2}:\d{12}:event-bus\/[.\-_A-Za-z0-9]{1,256}$/.test(value),
    says: "'default' or an EventBridge event bus ARN (arn:<partition>:events:<region>:<account>:event-bus/<name>)",
  },
  // Scheduler schedule group names: 1 to 64 of [0-9a-zA-Z-_.] (API reference, CreateSchedule GroupName).
  scheduleGroup: {
    accepts: (value) => /^[0-9a-zA-Z\-_.]{1,64}$/.test(value),
    says: 'an EventBridge Scheduler schedule group name (1 to 64 letters, digits and -_.)',
  },
};

/**
 * The on/off deploy parameters, by the condition that compares each with 'true'. CloudFormation's Fn::Equals
 * compares strings exactly, so 'True' or 'TRUE' would quietly mean off in the stack (no policy, no feature), while
 * the rule itself reads any case as on (src/core/rule-parameters.ts, parseBoolean): every condition of the form
 * Fn::Equals [value, 'true'] is checked, and one not named here is named by its condition (fail closed).
 */
const SWITCH_CONDITIONS = {
  EvaluateAtExpiry: 'evaluateAtExpiry',
  ExpiryEvents: 'expiryEvents',
  OrganizationRollout: 'organizationRollout',
  SecurityHubFindings: 'securityHubFindings',
  TagOverrides: 'tagOverrides',
  UsageCheckEnabled: 'checkUsage',
};

/** `parameter must be 'true' or 'false', got …` for each switch (a condition comparing a literal with 'true') given anything else. */
function refusedSwitches(conditions) {
  return Object.entries(conditions)
    .map(([condition, node]) => [condition, node && node['Fn::Equals']])
    // Anything but the exact strings: a YAML boolean, a number, null or an intrinsic is not known to equal 'true'.
    .filter(([, equals]) => Array.isArray(equals) && equals[1] === 'true' && !(typeof equals[0] === 'string' && ['true', 'false'].includes(equals[0])))
    .map(([condition, [value]]) => {
      const parameter = SWITCH_CONDITIONS[condition] || `the parameter of condition ${condition}`;
      const why =
        typeof value !== 'string'
          ? ` (not a string: write it quoted, 'true' or 'false', as CloudFormation compares strings)`
          : /^(true|false)$/i.test(value.trim())
            ? ` (exactly, in lower case: CloudFormation compares it with 'true', so ${JSON.stringify(value)} would quietly mean off)`
            : '';
      return `${parameter} must be 'true' or 'false', got ${JSON.stringify(value)}${why}`;
    })
    .sort();
}

/**
 * The template's Config rules, as { rule: its name, written: the InputParameters objects it can get, branches: the
 * same at their longest, unbounded: what in them has no known length }: every branch, or with `conditions` only
 * those these deploy parameters give.
 */
function configRules(resources, conditions) {
  return Object.values(resources || {})
    .filter((resource) => resource && resource.Type === 'AWS::Config::ConfigRule')
    .map((resource) => {
      const properties = resource.Properties || {};
      const unbounded = new Set();
      const written = inputParameterBranches(properties.InputParameters, conditions).filter((branch) => branch !== null && typeof branch === 'object');
      const branches = written.map((branch) => atLongestRefs(branch, resources || {}, unbounded));
      return { rule: properties.ConfigRuleName, written, branches, unbounded: [...unbounded] };
    });
}

/**
 * Every input parameter of the template's Config rules, in every branch, as { rule, key, value }: a value
 * switched off today (maxExceptionDays without tagOverrides) is checked too, before it is switched on.
 */
function ruleInputParameters(resources) {
  return configRules(resources).flatMap(({ rule, written }) => written.flatMap((branch) => Object.entries(branch).map(([key, value]) => ({ rule, key, value }))));
}

/** `rule: key must be …` for each checked input parameter whose value the rule would refuse. */
function refusedInputParameters(resources) {
  const refused = ruleInputParameters(resources)
    .filter(({ key, value }) => PARAMETER_CHECKS[key] !== undefined && typeof value === 'string' && !PARAMETER_CHECKS[key].accepts(value))
    .map(({ rule, key, value }) => `${rule}: ${key} must be ${PARAMETER_CHECKS[key].says}, got ${JSON.stringify(value)}`);
  return [...new Set(refused)];
}

/** `rule: key` for each input parameter of the template's Config rules that is blank. */
function blankInputParameters(resources) {
  const blanks = ruleInputParameters(resources)
    .filter(({ value }) => typeof value === 'string' && value.trim() === '')
    .map(({ rule, key }) => `${rule}: ${key}`);
  return [...new Set(blanks)];
}

/**
 * `rule: N characters (longest values: key N, …)` for each rule whose InputParameters, as these deploy
 * parameters give them (`conditions`), exceed Config's limit: a key switched off does not count.
 */
function oversizedInputParameters(resources, conditions) {
  const oversized = [];
  for (const { rule, branches, unbounded } of configRules(resources, conditions)) {
    if (unbounded.length > 0) {
      oversized.push(`${rule}: length not known (${unbounded.join(', ')} has no known bound, so it counts as too long)`);
      continue;
    }
    const longest = branches.map((branch) => ({ branch, length: inputParametersText(branch).length })).sort((a, b) => b.length - a.length)[0];
    if (longest === undefined || longest.length <= MAX_INPUT_PARAMETERS_LENGTH) continue;
    const values = Object.entries(longest.branch)
      .map(([key, value]) => [key, inputParametersText(value).length])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([key, length]) => `${key} ${length}`);
    oversized.push(`${rule}: ${longest.length} characters (longest values: ${values.join(', ')})`);
  }
  return oversized;
}

/**
 * Evaluates a condition built from literals, as CloudFormation would (serverless writes params in as strings):
 * Fn::Equals of two strings, and Fn::Not, Fn::And, Fn::Or and Condition over such; `undefined` for anything else.
 */
function conditionHolds(conditions, name) {
  return conditionValue(conditions, conditions[name], new Set([name]));
}

function conditionValue(conditions, node, seen) {
  if (node === null || typeof node !== 'object') return undefined;
  const equals = node['Fn::Equals'];
  if (Array.isArray(equals)) return typeof equals[0] === 'string' && typeof equals[1] === 'string' ? equals[0] === equals[1] : undefined;
  if (typeof node.Condition === 'string') {
    if (seen.has(node.Condition)) return undefined;
    return conditionValue(conditions, conditions[node.Condition], new Set([...seen, node.Condition]));
  }
  const not = node['Fn::Not'];
  if (Array.isArray(not)) {
    const inner = conditionValue(conditions, not[0], seen);
    return inner === undefined ? undefined : !inner;
  }
  for (const [operator, all] of [['Fn::And', true], ['Fn::Or', false]]) {
    if (!Array.isArray(node[operator])) continue;
    const values = node[operator].map((item) => conditionValue(conditions, item, seen));
    // And: any false decides; Or: any true decides; otherwise every operand must be known.
    if (values.includes(!all)) return !all;
    return values.includes(undefined) ? undefined : all;
  }
  return undefined;
}

class DeployChecks {
  constructor(serverless, _options, utils) {
    this.serverless = serverless;
    this.log = utils && utils.log ? utils.log : { warning: (text) => console.warn(text) };
    this.hooks = {
      'before:package:initialize': () => this.warnOfRegion(),
      'before:deploy:deploy': () => this.warnOfRegion(),
      'after:package:finalize': () => this.checkTemplate(),
    };
  }

  warnOfRegion() {
    const region = this.serverless.getProvider('aws').getRegion();
    const partition = partitionOf(region);
    const home = partition === undefined ? undefined : recordingRegions[partition];
    if (home === undefined || home === region) return;
    this.log.warning(
      `Region ${region} does not record AWS::IAM::ServerCertificate: AWS Config records this global type only in ${home} ` +
        `for the ${partition} partition. Deploy with --region ${home}, or the rule sees no Config resources (docs/deploy.md#region).`,
    );
  }

  checkTemplate() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const fail = (message) => {
      throw new this.serverless.classes.Error(message);
    };
    const role = template.Resources && template.Resources.IamRoleLambdaExecution;
    const roleName = role && role.Properties && role.Properties.RoleName;
    if (typeof roleName === 'string' && roleName.length > MAX_ROLE_NAME_LENGTH) {
      fail(`The Lambda role name ${roleName} has ${roleName.length} characters; IAM allows ${MAX_ROLE_NAME_LENGTH}. Use a shorter --stage.`);
    }
    const blanks = blankInputParameters(template.Resources);
    if (blanks.length > 0) {
      fail(
        `Blank rule input parameters (${blanks.join(', ')}): AWS Config refuses them. ` +
          'Leave the deploy parameter out to get its default, or give it a value (docs/deploy.md#parameters).',
      );
    }
    const oversized = oversizedInputParameters(template.Resources, template.Conditions || {});
    if (oversized.length > 0) {
      fail(
        `Rule input parameters longer than the ${MAX_INPUT_PARAMETERS_LENGTH} characters AWS Config takes (${oversized.join('; ')}). ` +
          'Shorten usageRegions, runbookUrl, ownerTagKey, eventBusArn or scheduleGroup (docs/deploy.md#parameters).',
      );
    }
    const conditions = template.Conditions || {};
    // Most switches never reach the rules (they get 'true' or nothing), and the stack's conditions decide the
    // policies either way: check the deploy parameters themselves.
    const refused = [...refusedSwitches(conditions), ...refusedInputParameters(template.Resources)];
    // A bus named while expiry events are off would be dropped silently (the rule refuses the same pair:
    // src/core/rule-parameters.ts, parseExpiryEvents).
    if (conditionHolds(conditions, 'NamedEventBus') === true && conditionHolds(conditions, 'ExpiryEvents') !== true) {
      refused.push("eventBusArn is set but expiryEvents is not 'true': no event would be sent; pass --param=\"expiryEvents=true\", or leave eventBusArn out");
    }
    if (refused.length > 0) fail(`Deploy parameters the rule would refuse (${refused.join('; ')}); see docs/parameters.md.`);
    if (conditionHolds(conditions, 'OrganizationRollout') === true && conditionHolds(conditions, 'HasOrganizationId') === false) {
      fail(
        "organizationRollout is 'true' but organizationId is empty: without it the function could assume the role in any account. " +
          'Pass --param="organizationId=o-xxxxxxxxxx" (docs/organization.md).',
      );
    }
  }
}

module.exports = DeployChecks;
