import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigAggregateReader } from '../../adapters/config-aggregate-reader';
import { ConfigDeployment } from '../../adapters/config-deployment';
import { ConfigOrganizationStatus } from '../../adapters/config-organization-status';
import { ConfigRuleResults } from '../../adapters/config-rule-results';
import { LambdaErrorLog } from '../../adapters/lambda-error-log';
import { LambdaLogGroup } from '../../adapters/lambda-log-group';
import { OrganizationsAccountReader } from '../../adapters/organization-accounts';
import { describeHub } from '../../adapters/security-hub-hub';
import { cliClientSettings } from '../aws-target';
import type { DoctorReaderFactory } from './doctor-reader';

/** The session name doctor's AssumeRole shows in the member account's CloudTrail. */
export const DOCTOR_SESSION_NAME = 'iam-cert-expiry-doctor';
// STS's shortest session (AssumeRole DurationSeconds 900 to 43200): the credentials are never used.
const PROBE_SESSION_SECONDS = 900;

/**
 * The doctor's AWS clients, built as every CLI client is (`cliClientSettings`):
 * the profile's credentials and settings, the global `--region`,
 * `AWS_ENDPOINT_URL…`, and the project's retry settings.
 */
export const awsDoctorReader: DoctorReaderFactory = (target) => {
  const settings = cliClientSettings(target);
  const config = new ConfigServiceClient(settings);
  const logs = new CloudWatchLogsClient(settings);
  const securityHub = new SecurityHubClient(settings);
  const sts = new STSClient(settings);
  const deployment = new ConfigDeployment(config);
  const organization = new ConfigOrganizationStatus(config);
  const errorLog = new LambdaErrorLog(logs);
  const results = new ConfigRuleResults(config);
  const lambda = new LambdaClient(settings);
  const logGroups = new LambdaLogGroup(lambda);
  const organizations = new OrganizationsClient(settings);
  const organizationAccounts = new OrganizationsAccountReader(organizations);
  return {
    region: async () => target.region ?? (await config.config.region()),
    caller: async () => {
      const answer = await sts.send(new GetCallerIdentityCommand({}));
      return { arn: answer.Arn ?? '', account: answer.Account ?? '' };
    },
    rules: () => deployment.rules(),
    evaluationStatuses: (names) => deployment.evaluationStatuses(names),
    recorders: () => deployment.recorders(),
    recorderStates: () => deployment.recorderStates(),
    functionFailures: (logGroup, since, until, limits) => errorLog.failures(logGroup, since, until, limits),
    functionLogGroup: (functionArn) => logGroups.of(functionArn),
    functionRuns: (logGroup, since, until, maxPages) => errorLog.lastRun(logGroup, since, until, maxPages),
    newestResult: (ruleName, enoughAfter, maxPages) => results.newestResult(ruleName, enoughAfter, maxPages),
    securityHub: () => describeHub(securityHub),
    assumeRole: async (roleArn) => {
      await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: DOCTOR_SESSION_NAME, DurationSeconds: PROBE_SESSION_SECONDS }));
    },
    organizationRuleStatuses: () => organization.ruleStatuses(),
    organizationRuleMembers: (name) => organization.ruleMembers(name),
    organizationPackStatuses: () => organization.packStatuses(),
    organizationPackMembers: (name) => organization.packMembers(name),
    organizationAccounts: () => organizationAccounts.accounts(),
    aggregates: new ConfigAggregateReader(config),
    close: () => {
      for (const client of [config, logs, securityHub, sts, lambda, organizations]) client.destroy();
    },
  };
};
