import type { DeployedRule, RecorderDescription, RecorderState, RuleEvaluationStatus } from '../../adapters/config-deployment';
import type { MemberDeploymentStatus, OrganizationDeploymentStatus } from '../../adapters/config-organization-status';
import type { ErrorLogSearch, RunLineSearch, SearchLimits } from '../../adapters/lambda-error-log';
import type { NewestResult } from '../../adapters/config-rule-results';
import type { HubState } from '../../adapters/security-hub-hub';
import type { AggregateReader } from '../../adapters/config-aggregate-types';
import type { OrganizationAccounts } from '../../adapters/organization-accounts';
import type { AwsTarget } from '../aws-target';
import type { CallerIdentity } from '../cli-dependencies';

export type { CallerIdentity };

/**
 * Everything `doctor` reads from AWS, read-only; `awsDoctorReader` in
 * production, fakes in unit tests. Each method either answers or throws the
 * SDK's error: the command turns every failure into a check line.
 */
export interface DoctorReader {
  /** The region the clients use: the global `--region`, else the SDK's own resolution (the profile's, `AWS_REGION`). */
  region(): Promise<string>;
  /** STS GetCallerIdentity, which needs no permission. */
  caller(): Promise<CallerIdentity>;
  rules(): Promise<DeployedRule[]>;
  evaluationStatuses(ruleNames: readonly string[]): Promise<RuleEvaluationStatus[]>;
  recorders(): Promise<RecorderDescription[]>;
  recorderStates(): Promise<RecorderState[]>;
  /** Failure lines in a log group between two instants (CloudWatch Logs FilterLogEvents). */
  functionFailures(logGroupName: string, since: Date, until: Date, limits: SearchLimits): Promise<ErrorLogSearch>;
  /** The function's log group as its logging configuration names it (Lambda GetFunctionConfiguration); `undefined` when it names none. */
  functionLogGroup(functionArn: string): Promise<string | undefined>;
  /** The latest "rule run complete" line in a log group between two instants (CloudWatch Logs FilterLogEvents). */
  functionRuns(logGroupName: string, since: Date, until: Date, maxPages: number): Promise<RunLineSearch>;
  /** When the rule last recorded a result (GetComplianceDetailsByConfigRule), for a rule Config gives no evaluation status for. */
  newestResult(ruleName: string, enoughAfter: Date, maxPages: number): Promise<NewestResult>;
  securityHub(): Promise<HubState>;
  /** STS AssumeRole of `roleArn`; resolves when STS issued credentials, which are then dropped unused. */
  assumeRole(roleArn: string): Promise<void>;
  organizationRuleStatuses(): Promise<OrganizationDeploymentStatus[]>;
  organizationRuleMembers(organizationRuleName: string): Promise<MemberDeploymentStatus[]>;
  organizationPackStatuses(): Promise<OrganizationDeploymentStatus[]>;
  organizationPackMembers(packName: string): Promise<MemberDeploymentStatus[]>;
  /** AWS Organizations' account list (ListAccounts), for an organization aggregator; never throws (organization-accounts.ts). */
  organizationAccounts(): Promise<OrganizationAccounts>;
  /** The aggregator reads `report --aggregator` makes too (its sources, their status, rule results, recorded certificates). */
  readonly aggregates: Pick<AggregateReader, 'sources' | 'sourceStatuses' | 'ruleInstances' | 'certificates'>;
  /** Closes the clients. */
  close(): void;
}

/** Builds the reader for the global `--region` and the profile in effect. */
export type DoctorReaderFactory = (target: AwsTarget) => DoctorReader;
