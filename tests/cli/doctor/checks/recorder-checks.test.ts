import type { RecorderDescription, RecorderState } from '../../../../src/adapters/config-deployment';
import { recorderExistsCheck, recorderRecordingCheck, recorderRecordsTypeCheck } from '../../../../src/cli/doctor/checks/recorder-checks';
import { regionCheck } from '../../../../src/cli/doctor/checks/region-check';
import { FAILED, NOW, read } from './facts';

function recorder(overrides: Partial<RecorderDescription> = {}): RecorderDescription {
  return {
    name: 'default',
    servicePrincipal: undefined,
    allSupported: true,
    includeGlobalResourceTypes: true,
    resourceTypes: [],
    excludedResourceTypes: [],
    strategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
    ...overrides,
  };
}

function state(overrides: Partial<RecorderState> = {}): RecorderState {
  return { name: 'default', recording: true, lastStatus: 'Success', lastErrorCode: undefined, lastErrorMessage: undefined, lastStatusChange: NOW, ...overrides };
}

describe('recorderRecordsTypeCheck', () => {
  it.each([
    ['allSupported with includeGlobalResourceTypes', recorder(), 'ok'],
    ['allSupported without includeGlobalResourceTypes (the flag covers IAM users, groups, roles and policies only)', recorder({ includeGlobalResourceTypes: false }), 'warn'],
    ['the type listed under INCLUSION_BY_RESOURCE_TYPES', recorder({ allSupported: false, strategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::IAM::ServerCertificate'] }), 'ok'],
    ['resourceTypes without a strategy, listing the type', recorder({ allSupported: false, strategy: undefined, resourceTypes: ['AWS::IAM::ServerCertificate'] }), 'ok'],
    ['INCLUSION_BY_RESOURCE_TYPES without the type', recorder({ allSupported: false, strategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::IAM::Role'] }), 'fail'],
    ['EXCLUSION_BY_RESOURCE_TYPES excluding other types (global ones are recorded whatever includeGlobalResourceTypes says)', recorder({ allSupported: false, includeGlobalResourceTypes: false, strategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedResourceTypes: ['AWS::EC2::Instance'] }), 'ok'],
    ['EXCLUSION_BY_RESOURCE_TYPES excluding the type', recorder({ allSupported: false, strategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedResourceTypes: ['AWS::IAM::ServerCertificate'] }), 'fail'],
  ])('judges a recorder recording %s as %s', (_case, description, expected) => {
    expect(recorderRecordsTypeCheck(read([description]), 'us-east-1').status).toBe(expected);
  });

  it('counts the listed and excluded types in words that agree with the number', () => {
    const one = recorderRecordsTypeCheck(read([recorder({ allSupported: false, strategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::IAM::Role'] })]), 'us-east-1');
    const two = recorderRecordsTypeCheck(read([recorder({ allSupported: false, strategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::IAM::Role', 'AWS::IAM::User'] })]), 'us-east-1');
    const excluded = recorderRecordsTypeCheck(read([recorder({ allSupported: false, strategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedResourceTypes: ['AWS::EC2::Instance'] })]), 'us-east-1');
    expect(one.detail[0]).toBe('Recorder default records only the 1 type it lists, and AWS::IAM::ServerCertificate is not one of them.');
    expect(two.detail[0]).toContain('records only the 2 types it lists');
    expect(excluded.detail[0]).toContain('records every supported type except 1 excluded one, AWS::IAM::ServerCertificate among those recorded');
  });

  it('fails a recorder that would record the type, outside the region Config records it in', () => {
    const result = recorderRecordsTypeCheck(read([recorder()]), 'eu-west-1');
    expect(result.status).toBe('fail');
    expect(result.detail[1]).toBe('But Config records AWS::IAM::ServerCertificate only in us-east-1 in this partition (see the region check), so nothing is recorded here.');
  });

  it('judges the customer managed recorder, not a service-linked one', () => {
    const linked = recorder({ name: 'AWSConfigurationRecorderForX', servicePrincipal: 'x.amazonaws.com', allSupported: false, resourceTypes: [] });
    expect(recorderRecordsTypeCheck(read([linked, recorder()]), 'us-east-1').status).toBe('ok');
    expect(recorderRecordsTypeCheck(read([linked]), 'us-east-1').status).toBe('skipped');
  });
});

describe('recorderExistsCheck and recorderRecordingCheck', () => {
  it('fails without a customer managed recorder, naming the service-linked ones it saw', () => {
    const result = recorderExistsCheck(read([recorder({ name: 'AWSConfigurationRecorderForX', servicePrincipal: 'x.amazonaws.com' })]), 'us-east-1');
    expect(result.status).toBe('fail');
    expect(result.detail[1]).toBe('AWSConfigurationRecorderForX (service-linked, for x.amazonaws.com)');
  });

  it('fails when the recorders cannot be read', () => {
    expect(recorderExistsCheck(FAILED, 'us-east-1').status).toBe('fail');
  });

  it('passes a recording recorder and fails a stopped one, or one whose last recording failed, with Config’s error', () => {
    expect(recorderRecordingCheck(read([recorder()]), read([state()]), NOW).status).toBe('ok');
    expect(recorderRecordingCheck(read([recorder()]), read([state({ recording: false })]), NOW).status).toBe('fail');
    const failing = recorderRecordingCheck(read([recorder()]), read([state({ lastStatus: 'Failure', lastErrorCode: 'AccessDenied', lastErrorMessage: 'role cannot write' })]), NOW);
    expect(failing).toMatchObject({ status: 'fail', detail: ['Recorder default is on, but its last recording event failed: AccessDenied: role cannot write', expect.any(String)] });
  });

  it('fails when Config gives no status for the recorder, and skips without a recorder', () => {
    expect(recorderRecordingCheck(read([recorder()]), read([]), NOW).status).toBe('fail');
    expect(recorderRecordingCheck(read([]), read([]), NOW).status).toBe('skipped');
  });
});

describe('regionCheck', () => {
  it.each([
    ['us-east-1', 'ok'],
    ['us-gov-west-1', 'ok'],
    ['cn-north-1', 'ok'],
    ['eu-west-1', 'fail'],
    ['us-gov-east-1', 'fail'],
    ['us-iso-east-1', 'warn'],
  ])('judges %s as %s', (region, expected) => {
    expect(regionCheck(region).status).toBe(expected);
  });
});
