// Serverless plugin: warns at package and deploy time when the target region
// is not where AWS Config records AWS::IAM::ServerCertificate for its
// partition (table and sources: src/core/recording-region.ts). Deployed
// elsewhere the rule still runs, but Config lists none of the certificates,
// sends no change events, and its results link to no recorded resource.
const recordingRegions = require('../src/core/recording-regions.json');

function partitionOf(region) {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (/^(us-iso|eu-isoe)/.test(region)) return undefined;
  return 'aws';
}

class RecordingRegionCheck {
  constructor(serverless, _options, utils) {
    this.serverless = serverless;
    this.log = utils && utils.log ? utils.log : { warning: (text) => console.warn(text) };
    const check = () => this.check();
    this.hooks = { 'before:package:initialize': check, 'before:deploy:deploy': check };
  }

  check() {
    const region = this.serverless.getProvider('aws').getRegion();
    const partition = partitionOf(region);
    const home = partition === undefined ? undefined : recordingRegions[partition];
    if (home === undefined || home === region) return;
    this.log.warning(
      `Region ${region} does not record AWS::IAM::ServerCertificate: AWS Config records this global type only in ${home} ` +
        `for the ${partition} partition. Deploy with --region ${home}, or the rule sees no Config resources (docs/deploy.md#region).`,
    );
  }
}

module.exports = RecordingRegionCheck;
