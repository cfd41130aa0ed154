// Limits of an AWS Config rule that the packaging checks enforce
// (scripts/serverless-deploy-checks.cjs for serverless.yml; scripts/package-stackset.ts
// and scripts/release.ts for the templates). Plain CommonJS, so the serverless
// plugin can require it as well as the TypeScript scripts and tests.

/**
 * A rule's InputParameters: 1 to 1,024 characters (AWS Config API reference,
 * ConfigRule data type, the ConfigRule of PutConfigRule: InputParameters,
 * "Length Constraints: Minimum length of 1. Maximum length of 1024";
 * StringWithCharLimit1024 in the service model). Config refuses a longer
 * one, and CloudFormation reports it only halfway through a deployment.
 */
const MAX_INPUT_PARAMETERS_LENGTH = 1024;

/**
 * The text Config receives for a rule's InputParameters: the JSON object
 * written without spaces, as the rule's parameter parser reads it back. Its
 * `length` (characters) is what the limit counts.
 */
function inputParametersText(parameters) {
  return JSON.stringify(parameters);
}

/**
 * How long the Ref of a template resource can be, for the resources a rule's
 * InputParameters may name: an IAM role's name, 1 to 64 characters (IAM API
 * reference, CreateRole RoleName; CloudFormation names a role within it), as
 * evaluateAtExpiry's scheduler role. Any other resource has no known bound.
 */
const RESOURCE_REF_LENGTH = Object.freeze({ 'AWS::IAM::Role': 64 });

/** Longer than any InputParameters Config takes: what a value of unknown length counts as (fail closed). */
const UNBOUNDED_LENGTH = MAX_INPUT_PARAMETERS_LENGTH + 1;

// A Serverless variable left in the compiled template (`${param:x}`, `${self:…}`): its value is not known here.
const UNRESOLVED_VARIABLE = /\$\{[^}]*\}/;

/**
 * `value` with each Ref of a template resource replaced by a placeholder of the longest text it can resolve to.
 * Anything whose length is not known here (a Ref of a parameter, a pseudo parameter or a resource with no known
 * bound, any other intrinsic function, a variable Serverless left unresolved) counts as longer than Config takes,
 * and is named in `unbounded`: its JSON text (`{"Ref":"X"}`) would undercount what CloudFormation puts there.
 */
function atLongestRefs(value, resources, unbounded) {
  if (typeof value === 'string' && UNRESOLVED_VARIABLE.test(value)) {
    unbounded.add(`the unresolved variable ${value.match(UNRESOLVED_VARIABLE)[0]}`);
    return 'u'.repeat(UNBOUNDED_LENGTH);
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => atLongestRefs(item, resources, unbounded));
  const intrinsic = Object.keys(value).find((key) => key === 'Ref' || key === 'Condition' || key.startsWith('Fn::'));
  if (intrinsic !== undefined) {
    const target = intrinsic === 'Ref' && typeof value.Ref === 'string' ? resources[value.Ref] : undefined;
    const length = target === undefined ? undefined : RESOURCE_REF_LENGTH[target.Type];
    if (length !== undefined) return 'r'.repeat(length);
    unbounded.add(intrinsic === 'Ref' ? `Ref ${value.Ref}` : intrinsic);
    return 'u'.repeat(UNBOUNDED_LENGTH);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, atLongestRefs(item, resources, unbounded)]));
}

module.exports = { MAX_INPUT_PARAMETERS_LENGTH, RESOURCE_REF_LENGTH, atLongestRefs, inputParametersText };
