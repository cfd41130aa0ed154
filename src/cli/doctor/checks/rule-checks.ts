import type { RuleEvaluationStatus } from '../../../adapters/config-deployment';
import type { DeployedRule } from '../../../adapters/config-deployment';
import type { NewestResult } from '../../../adapters/config-rule-results';
import { RuleDeployment } from '../../../core/deployed-rule-names';
import { SERVER_CERTIFICATE_RESOURCE_TYPE } from '../../../core/evaluation';
import { parseRuleParameters } from '../../../core/rule-parameters';
import { describeError } from '../../../errors';
import { check, CheckStatus, type Check } from '../check';
import type { Read } from '../read-outcome';
import { functionAddress, type MatchedRule } from '../rule-match';
import { isoSeconds } from '../../../core/annotation';
import { when } from './time-text';
import { unreadCheck } from './unread';

/**
 * Hours between a periodic rule's runs, by SourceDetail.MaximumExecutionFrequency;
 * "By default, rules with a periodic trigger are evaluated every 24 hours"
 * (Config API reference, SourceDetail).
 */
export const FREQUENCY_HOURS: Readonly<Record<string, number>> = {
  One_Hour: 1,
  Three_Hours: 3,
  Six_Hours: 6,
  Twelve_Hours: 12,
  TwentyFour_Hours: 24,
};
const DEFAULT_FREQUENCY_HOURS = 24;

/** Periods without a successful run after which a periodic rule is silent: one late run may be Config's own delay, two are not. */
export const SILENT_AFTER_PERIODS = 2;

const HOUR_MS = 3_600_000;

/**
 * Hours after activation (FirstActivatedTime) within which a rule that never
 * ran is only new, not broken: a change-triggered rule, one hour; a periodic
 * one, one period of its frequency ("By default, rules with a periodic
 * trigger are evaluated every 24 hours"; with Three_Hours "Config runs
 * evaluations once every three hours": Config API reference, SourceDetail,
 * MaximumExecutionFrequency) and that hour besides.
 */
export const NEVER_RAN_GRACE_HOURS = 1;

/** How long after activation a rule may go without any run before doctor fails it. */
export function neverRanGraceHours(rule: DeployedRule): number {
  return rule.periodic ? hoursOf(rule) + NEVER_RAN_GRACE_HOURS : NEVER_RAN_GRACE_HOURS;
}

const DEPLOYMENT_TEXT: Readonly<Record<string, string>> = {
  [RuleDeployment.Account]: 'the account’s own rule',
  [RuleDeployment.OrganizationRule]: 'deployed by an organization rule',
  [RuleDeployment.ConformancePack]: 'deployed by a conformance pack',
};

/** The rule called `base` (or its organization or conformance-pack copy) exists in this account and region. */
export function ruleExistsCheck(base: string, rules: Read<DeployedRule[]>, matched: readonly MatchedRule[], region: string): Check {
  const id = `rule:${base}`;
  const title = `Config rule ${base} exists in ${region}`;
  if (rules.kind !== 'read') return unreadCheck(id, title, rules, true);
  const found = matched.filter((match) => match.base === base);
  if (found.length === 0) {
    return check(
      id,
      CheckStatus.Fail,
      title,
      [`None of the ${rules.value.length} Config rules here is ${base}, OrgConfigRule-${base}-…, or ${base}-conformance-pack-….`],
      `Deploy the rules (docs/deploy.md, or docs/organization.md for an organization), run doctor in the region they are in (--region), or pass --rule NAME if you deployed them under another name.`,
    );
  }
  return check(
    id,
    CheckStatus.Ok,
    title,
    found.map((match) => `${match.rule.name}: ${DEPLOYMENT_TEXT[match.deployment] ?? match.deployment}, ${match.rule.state ?? 'state unknown'}`),
  );
}

/**
 * The rule is set up the way the function needs: a custom Lambda rule, not
 * being deleted, run periodically (an expiring certificate changes nothing
 * Config could notice, so only periodic runs see it expire), scoped to the
 * certificate type, with parameters the function accepts.
 */
export function ruleSetupCheck(match: MatchedRule): Check {
  const { rule } = match;
  const id = `rule-setup:${rule.name}`;
  const title = `Config rule ${rule.name} is set up to run the function periodically on ${SERVER_CERTIFICATE_RESOURCE_TYPE}`;
  const failures: string[] = [];
  const warnings: string[] = [];
  if (rule.state === 'DELETING' || rule.state === 'DELETING_RESULTS') failures.push(`Config is deleting ${rule.state === 'DELETING' ? 'the rule' : 'its results'} (${rule.state}).`);
  if (rule.owner !== 'CUSTOM_LAMBDA') failures.push(`Its owner is ${rule.owner ?? 'unknown'}, not CUSTOM_LAMBDA: it does not run this project's function.`);
  const address = functionAddress(rule.functionArn);
  if (rule.owner === 'CUSTOM_LAMBDA' && address === undefined) failures.push(`Its source is not a Lambda function ARN: ${rule.functionArn ?? 'none'}.`);
  if (!rule.periodic) {
    failures.push('It has no periodic trigger (ScheduledNotification): a certificate expires without any configuration change, so Config never evaluates it again.');
  }
  if (!rule.changeTriggered) warnings.push('Configuration changes do not trigger it: uploads and deletions are seen at the next periodic run only.');
  if (rule.resourceTypes.length === 0) {
    warnings.push(`It is not scoped to ${SERVER_CERTIFICATE_RESOURCE_TYPE}: every recorded change of any type invokes the function (and gets NOT_APPLICABLE).`);
  } else if (!rule.resourceTypes.includes(SERVER_CERTIFICATE_RESOURCE_TYPE)) {
    failures.push(`Its scope (${rule.resourceTypes.join(', ')}) leaves out ${SERVER_CERTIFICATE_RESOURCE_TYPE}: Config sends it no certificate change.`);
  }
  const parameterProblem = invalidParameters(rule.inputParameters);
  if (parameterProblem !== undefined) failures.push(`The function refuses its parameters, so every run fails: ${parameterProblem}`);
  const summary = setupSummary(match);
  if (failures.length > 0) {
    return check(id, CheckStatus.Fail, title, [...failures, ...warnings, summary], 'Redeploy the rule from this project (serverless.yml, templates/), which sets every one of these, or fix the setting named above.');
  }
  if (warnings.length > 0) return check(id, CheckStatus.Warn, title, [...warnings, summary], 'Redeploy the rule from this project (serverless.yml, templates/) to get its triggers and scope.');
  return check(id, CheckStatus.Ok, title, [summary]);
}

function invalidParameters(inputParameters: string | undefined): string | undefined {
  try {
    parseRuleParameters(inputParameters);
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

function setupSummary(match: MatchedRule): string {
  const { rule, parameters } = match;
  const address = functionAddress(rule.functionArn);
  const parts = [
    rule.state ?? 'state unknown',
    address === undefined ? `source ${rule.functionArn ?? 'none'}` : `function ${address.name} (account ${address.accountId}, ${address.region})`,
    `runs ${rule.periodic ? `every ${hoursOf(rule)} h` : 'never periodically'}${rule.changeTriggered ? ' and on changes' : ', not on changes'}`,
    rule.resourceTypes.length === 0 ? 'no scope' : `scope ${rule.resourceTypes.join(', ')}`,
  ];
  if (parameters !== undefined) {
    parts.push(`daysToExpiration ${parameters.daysToExpiration}`);
    if (parameters.securityHubFindings) parts.push('imports Security Hub findings');
    if (parameters.executionRoleName !== undefined) parts.push(`assumes ${parameters.executionRoleName} in member accounts`);
  }
  return `${parts.join('; ')}.`;
}

function hoursOf(rule: DeployedRule): number {
  return (rule.frequency === undefined ? undefined : FREQUENCY_HOURS[rule.frequency]) ?? DEFAULT_FREQUENCY_HOURS;
}

/**
 * The rule's last run, from DescribeConfigRuleEvaluationStatus: a failed
 * invocation or evaluation newer than the last successful one fails, with
 * Config's error code and message in full; a periodic rule without a
 * successful evaluation for {@link SILENT_AFTER_PERIODS} periods fails as
 * silent, however recent its invocations; a rule that never evaluated
 * successfully fails once {@link neverRanGraceHours} have passed since its
 * FirstActivatedTime, or at once when Config gives no FirstActivatedTime, and
 * is "not yet known" (with the time to look again) before. When Config gives no status
 * for the rule (its API reference says DescribeConfigRuleEvaluationStatus
 * "does not return status information about Config Custom Lambda rules"),
 * the rule's own newest result (`newest`, GetComplianceDetailsByConfigRule)
 * is judged the same way: none at all, or none for two periods (among those
 * read, when the read stopped at its cap), fails; results not read, or a capped
 * read where no result carries a time, are "not yet known", never a pass. Every
 * time Config gave is printed, so a user can tell what a real account reports.
 */
export function ruleStatusCheck(match: MatchedRule, statuses: Read<RuleEvaluationStatus[]>, now: Date, newest?: Read<NewestResult>): Check {
  const name = match.rule.name;
  const id = `rule-status:${name}`;
  const title = `Config rule ${name} ran successfully last time`;
  if (statuses.kind !== 'read') return unreadCheck(id, title, statuses, true);
  const status = statuses.value.find((candidate) => candidate.ruleName === name);
  if (status === undefined) return resultsCheck(match, now, newest);
  const times = statusLines(status, now);
  const failedInvocation = isNewer(status.lastFailedInvocation, status.lastSuccessfulInvocation);
  const failedEvaluation = isNewer(status.lastFailedEvaluation, status.lastSuccessfulEvaluation);
  if (failedInvocation || failedEvaluation) {
    const at = failedInvocation ? status.lastFailedInvocation : status.lastFailedEvaluation;
    return check(
      id,
      CheckStatus.Fail,
      title,
      [`Its last ${failedInvocation ? 'invocation' : 'evaluation'} failed${at === undefined ? '' : ` at ${isoSeconds(at)}`}, after its last successful one.`, errorLine(status), ...times],
      `Fix the cause Config names above (docs/runbook.md#is-the-rule-healthy-run-doctor), then run the rule again: aws configservice start-config-rules-evaluation --config-rule-names ${name}`,
    );
  }
  // Config "invokes the rule's Lambda function by publishing an event" (AWS
  // Config Developer Guide, "Example AWS Lambda Functions and Events for AWS
  // Config Rules"): a successful invocation says Config handed the event to
  // Lambda, nothing about what the function did with it. Only a successful evaluation
  // (the function's PutEvaluations) is a run; invocations only colour the wording.
  const lastRun = status.lastSuccessfulEvaluation;
  const grace = neverRanGraceHours(match.rule);
  const invoked = status.lastSuccessfulInvocation === undefined ? [] : [`Config last invoked it successfully at ${isoSeconds(status.lastSuccessfulInvocation)}, but records no successful evaluation: the function did not deliver its results (every periodic run reports at least the account itself, NOT_APPLICABLE on AWS::::Account: src/core/account-evaluation.ts), or Config has not recorded them yet.`];
  const neverRemedy = `Check that the configuration recorder is recording (its check above), that Config may invoke the function (its resource policy names config.amazonaws.com) and the function's errors (below); then start the rule: aws configservice start-config-rules-evaluation --config-rule-names ${name}`;
  if (lastRun === undefined) {
    if (status.firstActivated === undefined) {
      return check(id, CheckStatus.Fail, title, ['It has never run successfully, and Config gives no activation time (FirstActivatedTime) to tell a new rule from a broken one.', ...invoked, ...times], neverRemedy);
    }
    const graceEnd = new Date(status.firstActivated.getTime() + grace * HOUR_MS);
    if (now.getTime() > graceEnd.getTime()) {
      return check(
        id,
        CheckStatus.Fail,
        title,
        [`It has never run successfully, though Config activated it at ${isoSeconds(status.firstActivated)}, more than ${grace} h ago (${match.rule.periodic ? `it runs every ${hoursOf(match.rule)} h` : 'it runs on changes only'}).`, ...invoked, ...times],
        neverRemedy,
      );
    }
    return {
      ...check(
        id,
        CheckStatus.NotYetKnown,
        title,
        [`Not yet known: it has not run successfully yet, and Config activated it ${when(status.firstActivated, now)}; its first run is due by ${isoSeconds(graceEnd)} (doctor fails it after that).`, ...invoked, ...times],
        `Run doctor again after ${isoSeconds(graceEnd)}, or start the rule now and run doctor again: aws configservice start-config-rules-evaluation --config-rule-names ${name}`,
      ),
      knownAfter: graceEnd,
    };
  }
  const hours = hoursOf(match.rule);
  if (match.rule.periodic && now.getTime() - lastRun.getTime() > SILENT_AFTER_PERIODS * hours * HOUR_MS) {
    const recentInvocation = status.lastSuccessfulInvocation !== undefined && status.lastSuccessfulInvocation > lastRun ? ` Config still invokes it (last at ${isoSeconds(status.lastSuccessfulInvocation)}), but the function delivers no results.` : '';
    return check(
      id,
      CheckStatus.Fail,
      title,
      [`Silent: no successful evaluation since ${isoSeconds(lastRun)}, though it runs every ${hours} h.${recentInvocation}`, ...times],
      neverRemedy,
    );
  }
  const earlier = status.lastErrorCode !== undefined || status.lastErrorMessage !== undefined ? [`An earlier failure, since recovered: ${errorText(status)}`] : [];
  return check(id, CheckStatus.Ok, title, [...earlier, ...times]);
}

/**
 * A rule Config gives no evaluation status for, judged from its newest
 * result: the only evidence of a run left. A rule with no result at all has
 * never completed a periodic run (one reports even an account without
 * certificates, as NOT_APPLICABLE on `AWS::::Account`: src/core/account-evaluation.ts).
 */
function resultsCheck(match: MatchedRule, now: Date, newest: Read<NewestResult> | undefined): Check {
  const name = match.rule.name;
  const id = `rule-status:${name}`;
  const title = `Config rule ${name} ran successfully last time`;
  const omitted = 'Config returned no evaluation status for this rule (DescribeConfigRuleEvaluationStatus "does not return status information about Config Custom Lambda rules"), so it is judged from its results.';
  const start = `aws configservice start-config-rules-evaluation --config-rule-names ${name}`;
  if (newest === undefined) {
    return check(id, CheckStatus.NotYetKnown, title, [omitted, 'Not yet known: its results were not read, so nothing shows whether it has run.'], `Start the rule and run doctor again: ${start}`);
  }
  if (newest.kind !== 'read') return unreadCheck(id, title, newest, true);
  const { at, read, complete } = newest.value;
  if (at === undefined && !complete) {
    // A capped read without a single time proves nothing either way: neither a run nor silence.
    return check(
      id,
      CheckStatus.NotYetKnown,
      title,
      [omitted, `Not yet known: none of the first ${read} results carries a time, and the rest were not read.`],
      `Start the rule and run doctor again: ${start}`,
    );
  }
  if (at === undefined) {
    // DescribeConfigRules gives no creation time, and without a status there is
    // no FirstActivatedTime: a new rule cannot be told from a broken one, so it fails.
    return check(
      id,
      CheckStatus.Fail,
      title,
      [
        omitted,
        'It has no result at all: no periodic run ever reported, not even NOT_APPLICABLE for an account without certificates.',
        'Without a status, Config gives no activation time (FirstActivatedTime) to tell a new rule from a broken one.',
      ],
      `Check the recorder (above) and that Config may invoke the function, then start the rule and run doctor again: ${start}`,
    );
  }
  const hours = hoursOf(match.rule);
  const line = `Its newest result was recorded at ${isoSeconds(at)} (of ${read} read${complete ? '' : ', the rest not read'}).`;
  if (now.getTime() - at.getTime() > SILENT_AFTER_PERIODS * hours * HOUR_MS) {
    // A capped read fails too: only a newer result proves a run, and none of those read is one.
    return check(
      id,
      CheckStatus.Fail,
      title,
      [omitted, complete ? `Silent: no result since ${isoSeconds(at)}, though it runs every ${hours} h.` : `Silent as far as read: none of the first ${read} results is newer than ${isoSeconds(at)}, though it runs every ${hours} h; only a newer result among those not read would prove a run.`, line],
      `Check that the configuration recorder is recording (its check above) and that Config may invoke the function; then start the rule: ${start}`,
    );
  }
  return check(id, CheckStatus.Ok, title, [omitted, line]);
}

function errorLine(status: RuleEvaluationStatus): string {
  return status.lastErrorCode === undefined && status.lastErrorMessage === undefined ? 'Config gave no error code or message.' : `Config's error: ${errorText(status)}`;
}

function errorText(status: RuleEvaluationStatus): string {
  return `${status.lastErrorCode ?? '(no code)'}: ${status.lastErrorMessage ?? '(no message)'}`;
}

function statusLines(status: RuleEvaluationStatus, now: Date): string[] {
  return [
    `last successful invocation ${when(status.lastSuccessfulInvocation, now)}; last failed invocation ${when(status.lastFailedInvocation, now)}`,
    `last successful evaluation ${when(status.lastSuccessfulEvaluation, now)}; last failed evaluation ${when(status.lastFailedEvaluation, now)}`,
    `activated ${when(status.firstActivated, now)}; first evaluation started: ${status.firstEvaluationStarted === undefined ? 'not said' : String(status.firstEvaluationStarted)}`,
  ];
}

function isNewer(failed: Date | undefined, succeeded: Date | undefined): boolean {
  return failed !== undefined && (succeeded === undefined || failed.getTime() > succeeded.getTime());
}

