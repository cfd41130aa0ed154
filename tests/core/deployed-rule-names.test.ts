import { deploymentOf } from '../../src/core/deployed-rule-names';

describe('deploymentOf', () => {
  it.each([
    ['iam-server-certificate-expired', 'account'],
    ['iam-server-certificate-expired-prod', 'account'],
    ['OrgConfigRule-iam-server-certificate-expired-dbgzf8ba', 'organization-rule'],
    ['iam-server-certificate-expired-conformance-pack-szsm1uv0w', 'conformance-pack'],
  ])('recognises %s as a deployment of iam-server-certificate-expired (%s)', (name, kind) => {
    expect(deploymentOf('iam-server-certificate-expired', name)).toBe(kind);
  });

  it.each(['iam-server-certificate-expiredish', 'iam-server-certificate-expiring', 'OrgConfigRule-other', 'my-iam-server-certificate-expired'])('does not take %s for it', (name) => {
    expect(deploymentOf('iam-server-certificate-expired', name)).toBeUndefined();
  });
});
