import { runAggregatorOperation } from './aggregator-service';
import { epochSeconds, fromEpochSeconds } from './config-json';
import { ServiceError } from './reply';
import type { StandInState } from './state';

/** A parsed JSON 1.1 request body. */
export type JsonBody = Readonly<Record<string, unknown>>;

/** Options for one PutEvaluations call, from fault injection and the stand-in's switches. */
export interface PutOptions {
  /** Resource ids to list in `FailedEvaluations` instead of storing; `'all'`: every one in the call. */
  readonly refuse: ReadonlySet<string> | 'all';
  /** Answer an empty (or absent) `Evaluations` list as moto does, instead of accepting it as the API model allows. */
  readonly refuseEmpty: boolean;
}

/**
 * moto's answer to a `PutEvaluations` with no evaluations: 400
 * `InvalidParameterValueException`, this message verbatim, space missing
 * after the full stop included (getmoto/moto, `moto/config/models.py`,
 * `put_evaluations`, checked before the result token; `moto/config/exceptions.py`,
 * `InvalidParameterValueException`, code 400). The API model allows 0 to 100
 * evaluations (Config API reference, PutEvaluations, `Evaluations`: "Array
 * Members: Minimum number of 0 items"), and awslabs/aws-config-rdklib sends an
 * empty list (`rdklib/util/external.py`, `process_evaluations`), so the
 * stand-in accepts one unless told otherwise.
 */
export const EMPTY_EVALUATIONS_MESSAGE = 'The Evaluations object in your request cannot be null.Add the required parameters and try again.';

const invalid = (message: string): ServiceError => new ServiceError('InvalidParameterValueException', message);
const validation = (message: string): ServiceError => new ServiceError('ValidationException', message);

// Custom rules may report these three only (Config API reference, Evaluation.ComplianceType:
// "INSUFFICIENT_DATA … is not supported for AWS Config custom rules").
const REPORTABLE = new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
const MAX_EVALUATIONS = 100;
const MAX_ANNOTATION = 256;
// Evaluation.ComplianceResourceType 1-256 and ComplianceResourceId 1-768 characters (Config API
// reference, Evaluation data type); any type within that, `AWS::::Account` included, is taken
// ("You can use the Evaluations parameter to apply the result to any resource type", AWS Config
// Developer Guide, Example AWS Lambda Functions for AWS Config Rules, periodic example).
const MAX_LENGTH: Readonly<Record<string, number>> = { ComplianceResourceType: 256, ComplianceResourceId: 768 };

/**
 * Config's operations over JSON 1.1 bodies (Config API reference:
 * PutEvaluations, GetComplianceDetailsByConfigRule, ListDiscoveredResources),
 * in the `region` the call was signed for (organization deployments are regional).
 */
export function runConfigOperation(state: StandInState, operation: string, body: JsonBody, put: PutOptions, region: string): unknown {
  switch (operation) {
    case 'PutEvaluations':
      return putEvaluations(state, body, put);
    case 'GetComplianceDetailsByConfigRule':
      return complianceDetails(state, body);
    case 'ListDiscoveredResources':
      return discoveredResources(state, body);
    default: {
      // doctor's reads: rules and their status, recorders, organization deployments.
      const deployment = state.configRules.run(operation, body, paginate) ?? state.recorders.run(operation, body) ?? state.organizationStatus.run(operation, body, paginate, region);
      if (deployment !== undefined) return deployment;
      const aggregate = runAggregatorOperation(state.aggregators, operation, body, paginate);
      if (aggregate !== undefined) return aggregate;
      throw new ServiceError('UnknownOperationException', `Operation ${operation} is not supported by the stand-in`);
    }
  }
}

interface EvaluationInput {
  readonly ComplianceResourceType: string;
  readonly ComplianceResourceId: string;
  readonly ComplianceType: string;
  readonly Annotation?: string;
  readonly OrderingTimestamp: number;
}

function putEvaluations(state: StandInState, body: JsonBody, put: PutOptions): unknown {
  if (put.refuseEmpty && !(Array.isArray(body['Evaluations']) && body['Evaluations'].length > 0)) throw invalid(EMPTY_EVALUATIONS_MESSAGE);
  const token = body['ResultToken'];
  if (typeof token !== 'string' || token === '') throw validation("1 validation error detected: Value null at 'resultToken' failed to satisfy constraint: Member must not be null");
  const evaluations = Array.isArray(body['Evaluations']) ? (body['Evaluations'] as unknown[]) : [];
  if (evaluations.length > MAX_EVALUATIONS) {
    throw validation(`1 validation error detected: Value at 'evaluations' failed to satisfy constraint: Member must have length less than or equal to ${MAX_EVALUATIONS}`);
  }
  const checked = evaluations.map((raw, index) => checkEvaluation(raw, index + 1));
  const testMode = body['TestMode'] === true;
  const ruleName = state.evaluations.ruleOf(token);
  if (testMode) {
    state.testModeEvaluations += checked.length;
    return { FailedEvaluations: [] };
  }
  if (ruleName === undefined) throw new ServiceError('InvalidResultTokenException', 'The result token is invalid.');
  const failed: unknown[] = [];
  const now = new Date();
  for (const evaluation of checked) {
    if (put.refuse === 'all' || put.refuse.has(evaluation.ComplianceResourceId)) {
      failed.push(evaluation);
      continue;
    }
    state.evaluations.put({
      ruleName,
      resourceType: evaluation.ComplianceResourceType,
      resourceId: evaluation.ComplianceResourceId,
      complianceType: evaluation.ComplianceType,
      annotation: evaluation.Annotation,
      orderingTimestamp: fromEpochSeconds(evaluation.OrderingTimestamp, 'OrderingTimestamp', invalid),
      recordedTime: now,
      resultToken: token,
    });
  }
  // An accepted call is a successful evaluation of the token's rule (ConfigRuleEvaluationStatus.LastSuccessfulEvaluationTime).
  state.configRules.recordEvaluation(ruleName, now);
  return { FailedEvaluations: failed };
}

function checkEvaluation(raw: unknown, position: number): EvaluationInput {
  if (typeof raw !== 'object' || raw === null) throw validation(`evaluations.${position} must be an object`);
  const evaluation = raw as Record<string, unknown>;
  for (const field of ['ComplianceResourceType', 'ComplianceResourceId', 'ComplianceType']) {
    const value = evaluation[field];
    if (typeof value !== 'string' || value === '') {
      throw validation(`1 validation error detected: Value null at 'evaluations.${position}.member.${lowerFirst(field)}' failed to satisfy constraint: Member must not be null`);
    }
    const max = MAX_LENGTH[field];
    if (max !== undefined && value.length > max) {
      throw validation(`1 validation error detected: Value at 'evaluations.${position}.member.${lowerFirst(field)}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
    }
  }
  fromEpochSeconds(evaluation['OrderingTimestamp'], `evaluations.${position}.member.orderingTimestamp`, validation);
  const complianceType = evaluation['ComplianceType'] as string;
  if (complianceType === 'INSUFFICIENT_DATA') {
    throw invalid('The compliance type INSUFFICIENT_DATA is not supported for evaluations reported by custom rules.');
  }
  if (!REPORTABLE.has(complianceType)) {
    throw validation(`1 validation error detected: Value '${complianceType}' at 'evaluations.${position}.member.complianceType' failed to satisfy enum value set: [COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA]`);
  }
  const annotation = evaluation['Annotation'];
  if (annotation !== undefined && (typeof annotation !== 'string' || annotation.length < 1 || annotation.length > MAX_ANNOTATION)) {
    throw validation(`1 validation error detected: Value at 'evaluations.${position}.member.annotation' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ANNOTATION}`);
  }
  return evaluation as unknown as EvaluationInput;
}

// Limit: 0 to 100, 0 or absent meaning the default of 10 (Config API reference,
// GetComplianceDetailsByConfigRule request parameters:
// https://docs.aws.amazon.com/config/latest/APIReference/API_GetComplianceDetailsByConfigRule.html).
function complianceDetails(state: StandInState, body: JsonBody): unknown {
  const ruleName = body['ConfigRuleName'];
  if (typeof ruleName !== 'string' || ruleName === '') throw validation("1 validation error detected: Value null at 'configRuleName' failed to satisfy constraint: Member must not be null");
  const limit = pageLimit(body['Limit'], 10, 100, 'limit');
  const types = Array.isArray(body['ComplianceTypes']) ? new Set(body['ComplianceTypes'] as unknown[]) : undefined;
  const results = state.evaluations.forRule(ruleName).filter((result) => types === undefined || types.size === 0 || types.has(result.complianceType));
  const { page, nextToken } = paginate(results, body['NextToken'], limit);
  return {
    EvaluationResults: page.map((result) => ({
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: { ConfigRuleName: result.ruleName, ResourceType: result.resourceType, ResourceId: result.resourceId, EvaluationMode: 'DETECTIVE' },
        OrderingTimestamp: epochSeconds(result.orderingTimestamp),
      },
      ComplianceType: result.complianceType,
      ResultRecordedTime: epochSeconds(result.recordedTime),
      ConfigRuleInvokedTime: epochSeconds(result.recordedTime),
      ...(result.annotation === undefined ? {} : { Annotation: result.annotation }),
    })),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}

// limit: 0 to 100, 0 or absent meaning 100 (Config API reference, ListDiscoveredResources:
// https://docs.aws.amazon.com/config/latest/APIReference/API_ListDiscoveredResources.html).
function discoveredResources(state: StandInState, body: JsonBody): unknown {
  const resourceType = body['resourceType'];
  if (typeof resourceType !== 'string' || resourceType === '') throw validation("1 validation error detected: Value null at 'resourceType' failed to satisfy constraint: Member must not be null");
  if (!state.recorderAvailable) {
    throw new ServiceError('NoAvailableConfigurationRecorderException', 'There are no configuration recorders available to provide the configuration.');
  }
  const limit = pageLimit(body['limit'], 100, 100, 'limit');
  const resources = state.discovered.list(resourceType, body['includeDeletedResources'] === true);
  const { page, nextToken } = paginate(resources, body['nextToken'], limit);
  return {
    resourceIdentifiers: page.map((resource) => ({
      resourceType: resource.resourceType,
      resourceId: resource.resourceId,
      resourceName: resource.resourceName,
      ...(resource.deletionTime === undefined ? {} : { resourceDeletionTime: epochSeconds(resource.deletionTime) }),
    })),
    ...(nextToken === undefined ? {} : { nextToken }),
  };
}

function pageLimit(value: unknown, fallback: number, max: number, field: string): number {
  if (value === undefined || value === 0) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw validation(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
  return value;
}

function paginate<T>(items: readonly T[], token: unknown, limit: number): { page: T[]; nextToken: string | undefined } {
  let start = 0;
  if (token !== undefined) {
    const match = typeof token === 'string' ? /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8')) : null;
    if (match?.[1] === undefined) throw new ServiceError('InvalidNextTokenException', 'The specified next token is invalid.');
    start = Number(match[1]);
  }
  const end = start + limit;
  return { page: items.slice(start, end), nextToken: end < items.length ? Buffer.from(`offset:${end}`).toString('base64') : undefined };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
