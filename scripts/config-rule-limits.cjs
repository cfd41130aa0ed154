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

module.exports = { MAX_INPUT_PARAMETERS_LENGTH, RESOURCE_REF_LENGTH, inputParametersText };
