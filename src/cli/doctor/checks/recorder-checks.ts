import type { RecorderDescription, RecorderState } from '../../../adapters/config-deployment';
import { SERVER_CERTIFICATE_RESOURCE_TYPE } from '../../../core/evaluation';
import { recordingRegionFor } from '../../../core/recording-region';
import { check, CheckStatus, type Check } from '../check';
import type { Read } from '../read-outcome';
import { when } from './time-text';
import { unreadCheck } from './unread';

const TYPE = SERVER_CERTIFICATE_RESOURCE_TYPE;

/** The customer managed recorder: the one Config rules evaluate what it records. A service-linked one (servicePrincipal set) records for its service. */
function customerManaged(recorders: readonly RecorderDescription[]): RecorderDescription | undefined {
  return recorders.find((recorder) => recorder.servicePrincipal === undefined);
}

/** A configuration recorder exists in this region. */
export function recorderExistsCheck(recorders: Read<RecorderDescription[]>, region: string): Check {
  const id = 'recorder';
  const title = `A configuration recorder exists in ${region}`;
  if (recorders.kind !== 'read') return unreadCheck(id, title, recorders, true);
  const recorder = customerManaged(recorders.value);
  if (recorder === undefined) {
    const linked = recorders.value.map((other) => `${other.name} (service-linked, for ${other.servicePrincipal ?? '?'})`);
    return check(
      id,
      CheckStatus.Fail,
      title,
      ['No customer managed configuration recorder: Config records nothing for your rules here, and refuses to create rules (NoAvailableConfigurationRecorderException).', ...linked],
      `Set up AWS Config in ${region}: a recorder, a delivery channel, then aws configservice start-configuration-recorder (AWS Config Developer Guide, "Setting up AWS Config"; docs/organization.md step 1).`,
    );
  }
  return check(id, CheckStatus.Ok, title, [`recorder ${recorder.name}`]);
}

/** The recorder is recording, and its last recording event did not fail (DescribeConfigurationRecorderStatus). */
export function recorderRecordingCheck(recorders: Read<RecorderDescription[]>, states: Read<RecorderState[]>, now: Date): Check {
  const id = 'recorder-recording';
  const title = 'The configuration recorder is recording';
  const recorder = recorders.kind === 'read' ? customerManaged(recorders.value) : undefined;
  if (recorder === undefined) return check(id, CheckStatus.Skipped, title, ['no configuration recorder to ask about (see the recorder check)']);
  if (states.kind !== 'read') return unreadCheck(id, title, states, true);
  const state = states.value.find((candidate) => candidate.name === recorder.name);
  if (state === undefined) {
    return check(id, CheckStatus.Fail, title, [`Config returned no status for recorder ${recorder.name}.`], 'Run doctor again; aws configservice describe-configuration-recorder-status shows the same status.');
  }
  const last = `last status ${state.lastStatus ?? 'none'} (changed ${when(state.lastStatusChange, now)})`;
  if (state.recording !== true) {
    return check(id, CheckStatus.Fail, title, [`Recorder ${state.name} is stopped: nothing is recorded and no change-triggered evaluation comes.`, last], `aws configservice start-configuration-recorder --configuration-recorder-name ${state.name}`);
  }
  if (state.lastStatus?.toUpperCase() === 'FAILURE') {
    return check(
      id,
      CheckStatus.Fail,
      title,
      [`Recorder ${state.name} is on, but its last recording event failed: ${state.lastErrorCode ?? '(no code)'}: ${state.lastErrorMessage ?? '(no message)'}`, last],
      "Fix what the error names: usually the recorder's role (roleARN) or the delivery channel's bucket or topic.",
    );
  }
  return check(id, CheckStatus.Ok, title, [`recorder ${state.name} is recording; ${last}`]);
}

/**
 * The recorder records `AWS::IAM::ServerCertificate` in this region, by its
 * recording group (Config API reference, RecordingGroup and
 * RecordingStrategy):
 * - EXCLUSION_BY_RESOURCE_TYPES records every supported type not listed,
 *   global ones included, whatever includeGlobalResourceTypes says;
 * - INCLUSION_BY_RESOURCE_TYPES (or allSupported false) records only
 *   `resourceTypes`;
 * - allSupported records "all supported resource types, excluding the global
 *   IAM resource types", and includeGlobalResourceTypes is "a bundle which
 *   only applies to the global IAM resource types: IAM users, groups, roles,
 *   and customer managed policies". Server certificates are not in that
 *   bundle, so allSupported should record them even with the flag off; older
 *   guides tied every global type to the flag, so that case warns rather than
 *   passes.
 * Global types added after February 2022, server certificates among them,
 * are recorded only in their home region (AWS Config Developer Guide,
 * "Recording AWS resources", global resources; src/core/recording-region.ts).
 */
export function recorderRecordsTypeCheck(recorders: Read<RecorderDescription[]>, region: string): Check {
  const id = 'recorder-records-type';
  const title = `The configuration recorder records ${TYPE} in ${region}`;
  const recorder = recorders.kind === 'read' ? customerManaged(recorders.value) : undefined;
  if (recorder === undefined) return check(id, CheckStatus.Skipped, title, ['no configuration recorder to ask about (see the recorder check)']);
  const verdict = recordingVerdict(recorder);
  const home = recordingRegionFor(region);
  if (verdict.status !== CheckStatus.Fail && home !== undefined && home !== region) {
    return check(id, CheckStatus.Fail, title, [verdict.reason, `But Config records ${TYPE} only in ${home} in this partition (see the region check), so nothing is recorded here.`], `Deploy the rules in ${home} and record the type there (docs/deploy.md#region).`);
  }
  return check(id, verdict.status, title, [verdict.reason], verdict.remedy);
}

interface Verdict {
  readonly status: CheckStatus;
  readonly reason: string;
  readonly remedy?: string;
}

function recordingVerdict(recorder: RecorderDescription): Verdict {
  const fix = `Record ${TYPE}: aws configservice put-configuration-recorder with a recording group that includes it (allSupported=true,includeGlobalResourceTypes=true, or the type in resourceTypes).`;
  if (recorder.strategy === 'EXCLUSION_BY_RESOURCE_TYPES') {
    return recorder.excludedResourceTypes.includes(TYPE)
      ? { status: CheckStatus.Fail, reason: `Recorder ${recorder.name} excludes ${TYPE} (EXCLUSION_BY_RESOURCE_TYPES).`, remedy: `Remove ${TYPE} from exclusionByResourceTypes.resourceTypes.` }
      : { status: CheckStatus.Ok, reason: `Recorder ${recorder.name} records every supported type except ${counted(recorder.excludedResourceTypes.length, 'excluded one')}, ${TYPE} among those recorded (EXCLUSION_BY_RESOURCE_TYPES).` };
  }
  if (recorder.strategy === 'INCLUSION_BY_RESOURCE_TYPES' || recorder.allSupported !== true) {
    return recorder.resourceTypes.includes(TYPE)
      ? { status: CheckStatus.Ok, reason: `Recorder ${recorder.name} records the types it lists, ${TYPE} among them.` }
      : { status: CheckStatus.Fail, reason: `Recorder ${recorder.name} records only the ${counted(recorder.resourceTypes.length, 'type')} it lists, and ${TYPE} is not one of them.`, remedy: fix };
  }
  if (recorder.includeGlobalResourceTypes === true) {
    return { status: CheckStatus.Ok, reason: `Recorder ${recorder.name} records all supported types, global ones included (allSupported, includeGlobalResourceTypes).` };
  }
  return {
    status: CheckStatus.Warn,
    reason:
      `Recorder ${recorder.name} records all supported types (allSupported) without includeGlobalResourceTypes. The RecordingGroup API reference ties that flag to IAM users, groups, roles and customer managed policies only, ` +
      `so ${TYPE} should be recorded; older guides tie every global type to it.`,
    remedy: `If the rule's periodic runs log "AWS Config lists none of the … server certificates IAM has", set includeGlobalResourceTypes=true (docs/operations.md, CertificatesNotRecordedByConfig).`,
  };
}

/** `1 type`, `2 types`. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
