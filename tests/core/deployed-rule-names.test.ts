import { deploymentOf } from '../../src/core/deployed-rule-names';

describe('deploymentOf', () => {
  it.each([
    ['iam-server-certificate-expired', 'account'],
    ['OrgConfigRule-iam-server-certificate-expired-dbgzf8ba', 'organization-rule'],
    ['iam-server-certificate-expired-conformance-pack-szsm1uv0w', 'conformance-pack'],
  ])('recognises %s as a deployment of iam-server-certificate-expired (%s)', (name, kind) => {
    expect(deploymentOf('iam-server-certificate-expired', name)).toBe(kind);
  });

  it.each([
    'iam-server-certificate-expiredish',
    'iam-server-certificate-expiring',
    'OrgConfigRule-other',
    'my-iam-server-certificate-expired',
    // A name that merely starts like ours is a member account's own rule, not the deployment (report --aggregator's forgery cases).
    'iam-server-certificate-expired-v2',
    'iam-server-certificate-expired-prod',
    'OrgConfigRule-iam-server-certificate-expired-A1B2',
    'OrgConfigRule-iam-server-certificate-expired-',
    'iam-server-certificate-expired-conformance-pack-x-y',
  ])('does not take %s for it', (name) => {
    expect(deploymentOf('iam-server-certificate-expired', name)).toBeUndefined();
  });

  it('compares names as text: a --rule name with regular-expression characters matches only itself and its Config copies', () => {
    expect(deploymentOf('cert.check+1', 'cert.check+1')).toBe('account');
    expect(deploymentOf('cert.check+1', 'certXcheck1')).toBeUndefined();
    expect(deploymentOf('cert.check+1', 'OrgConfigRule-cert.check+1-ab12')).toBe('organization-rule');
  });
});
