import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** IAM role names: at most 64 characters (IAM API reference, CreateRole RoleName). */
const MAX_ROLE_NAME_LENGTH = 64;
/** The longest stage the role name is built for (serverless.yml, provider.iam.role.name). */
const LONGEST_STAGE = 'production-eu-blue-green-v2x';

/**
 * Every region of the partitions the SDK knows, from the endpoint table it
 * ships (@aws-sdk/core, util-endpoints `partitions`): the commercial
 * partition's regions, GovCloud's and China's.
 */
function regionsOf(partitionIds: readonly string[]): string[] {
  const file = join(ROOT, 'node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
  const json = readFileSync(file, 'utf8').replace(/^export const partitionsInfo = /, '').replace(/;\s*$/, '');
  const info = JSON.parse(json) as { partitions: Array<{ id: string; regions: Record<string, unknown> }> };
  // Leaves out the pseudo-regions of global endpoints (aws-global, aws-us-gov-global): no stack deploys there.
  return info.partitions
    .filter((partition) => partitionIds.includes(partition.id))
    .flatMap((partition) => Object.keys(partition.regions))
    .filter((region) => !region.endsWith('-global'));
}

/** The role name template of serverless.yml, with the stage and region filled in. */
function roleName(stage: string, region: string): string {
  const template = /^\s+name: (iam-cert-expiry-\$\{self:provider\.stage\}-\$\{self:provider\.region\}-rule)\s*$/m.exec(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'))?.[1];
  if (template === undefined) throw new Error('serverless.yml names the Lambda role no longer as this test expects');
  return template.replace('${self:provider.stage}', stage).replace('${self:provider.region}', region);
}

describe('the Lambda role name', () => {
  const regions = regionsOf(['aws', 'aws-us-gov', 'aws-cn']);

  it('knows the regions it checks, the 14-character ones included', () => {
    expect(regions.length).toBeGreaterThan(30);
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'ap-southeast-1', 'ap-northeast-1', 'us-gov-west-1', 'cn-northwest-1']));
    expect(Math.max(...regions.map((region) => region.length))).toBeGreaterThanOrEqual(14);
  });

  it.each(['prod', 'production', LONGEST_STAGE])('fits IAM\'s 64 characters in every region with stage %s', (stage) => {
    const tooLong = regions.map((region) => roleName(stage, region)).filter((name) => name.length > MAX_ROLE_NAME_LENGTH);
    expect(tooLong).toEqual([]);
  });

  it('would not fit under the framework\'s own naming, which is why it is set', () => {
    const frameworkName = (stage: string, region: string): string => `iam-server-certificate-expiry-rule-${stage}-${region}-lambdaRole`;
    expect(frameworkName('prod', 'ap-southeast-1').length).toBeGreaterThan(MAX_ROLE_NAME_LENGTH);
  });
});
