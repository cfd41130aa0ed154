import { SERVER_CERTIFICATE_RESOURCE_TYPE } from '../../../core/evaluation';
import { recordingRegionFor } from '../../../core/recording-region';
import { check, CheckStatus, type Check } from '../check';

/**
 * The region is the one where Config records `AWS::IAM::ServerCertificate`
 * for its partition (src/core/recording-region.ts): anywhere else the
 * recorder lists no certificate and no change-triggered evaluation comes.
 */
export function regionCheck(region: string): Check {
  const id = 'region';
  const title = `${region} is the region where AWS Config records ${SERVER_CERTIFICATE_RESOURCE_TYPE}`;
  const home = recordingRegionFor(region);
  if (home === undefined) {
    return check(id, CheckStatus.Warn, title, [`${region} is in a partition this tool does not know; it cannot tell where Config records ${SERVER_CERTIFICATE_RESOURCE_TYPE} there.`], 'Confirm with `aws configservice list-discovered-resources --resource-type AWS::IAM::ServerCertificate` that the recorder lists your certificates in this region.');
  }
  if (home !== region) {
    return check(
      id,
      CheckStatus.Fail,
      title,
      [`Config records ${SERVER_CERTIFICATE_RESOURCE_TYPE}, a global type added after February 2022, only in ${home} in this partition; here the recorder lists none and no change-triggered evaluation comes.`],
      `Deploy the rules in ${home} (docs/deploy.md#region), or run doctor with --region ${home} if that is where they are.`,
    );
  }
  return check(id, CheckStatus.Ok, title, [`${region} is the recording region of its partition.`]);
}
