import { partitionOf, recordingRegionFor, SERVER_CERTIFICATE_RECORDING_REGIONS } from '../../src/core/recording-region';

describe('recordingRegionFor', () => {
  it.each([
    ['us-east-1', 'us-east-1'],
    ['eu-west-1', 'us-east-1'],
    ['ap-southeast-5', 'us-east-1'],
    ['us-gov-east-1', 'us-gov-west-1'],
    ['us-gov-west-1', 'us-gov-west-1'],
    ['cn-northwest-1', 'cn-north-1'],
  ])('records server certificates of %s in %s', (region, home) => {
    expect(recordingRegionFor(region)).toBe(home);
  });

  it.each([['us-iso-east-1'], ['us-isob-east-1'], ['not-a-region']])('knows no recording region for %s', (region) => {
    expect(recordingRegionFor(region)).toBeUndefined();
  });

  it('has one region per partition it knows', () => {
    expect(Object.keys(SERVER_CERTIFICATE_RECORDING_REGIONS).sort()).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
  });
});
