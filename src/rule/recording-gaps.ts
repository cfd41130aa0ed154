import { SERVER_CERTIFICATE_RESOURCE_TYPE } from '../core/evaluation';
import { recordingRegionFor } from '../core/recording-region';
import type { RecordingCheck } from './evaluate-periodic';

/**
 * What an operator must hear about a periodic run's view of AWS Config's
 * recorder: nothing when it lists every certificate IAM has; otherwise one
 * warning that says what is wrong and where the rule belongs. Results are
 * still reported in every case (under earlier results' ids, else names).
 *
 * @param region the Lambda's region (`AWS_REGION`), if known
 */
export function recordingGaps(check: RecordingCheck, region: string | undefined): string[] {
  const home = region === undefined ? undefined : recordingRegionFor(region);
  const misplaced = home !== undefined && region !== home;
  const where = misplaced
    ? ` AWS Config records ${SERVER_CERTIFICATE_RESOURCE_TYPE} only in ${home} for this partition; deploy the rule there (docs/deploy.md#region).`
    : '';
  if (!check.recorderAvailable) {
    return [`No AWS Config configuration recorder in ${region ?? 'this region'}: results cannot be linked to recorded resources.${where}`];
  }
  if (check.certificatesInIam > 0 && check.certificatesNotRecorded === check.certificatesInIam) {
    return [
      `AWS Config lists none of the ${check.certificatesInIam} server certificates IAM has: the recorder in ${region ?? 'this region'} ` +
        `does not record ${SERVER_CERTIFICATE_RESOURCE_TYPE}.${where}`,
    ];
  }
  if (check.certificatesNotRecorded > 0) {
    return [
      `AWS Config does not yet list ${check.certificatesNotRecorded} of the ${check.certificatesInIam} server certificates IAM has ` +
        `(recently uploaded, or excluded from recording); their results are filed under the certificate name.${where}`,
    ];
  }
  // With no certificate to compare, the region alone says the rule is in the wrong place.
  if (misplaced) return [`The rule runs in ${region}, where the recorder never lists server certificates.${where}`];
  return [];
}
