import { clientSettings, DEFAULT_MAX_ATTEMPTS } from '../../src/adapters/aws-clients';
import { PerCallRetryStrategy } from '../../src/adapters/per-call-retry-strategy';

describe('clientSettings', () => {
  it('retries each call up to the rule\'s default attempts when the environment says nothing', () => {
    const settings = clientSettings({});

    expect(settings.maxAttempts).toBe(DEFAULT_MAX_ATTEMPTS);
    expect(settings.retryStrategy).toBeInstanceOf(PerCallRetryStrategy);
  });

  it('takes the attempts from AWS_MAX_ATTEMPTS', () => {
    expect(clientSettings({ AWS_MAX_ATTEMPTS: '3' }).maxAttempts).toBe(3);
  });

  it('leaves retries to the SDK when AWS_RETRY_MODE chooses a mode', () => {
    expect(clientSettings({ AWS_RETRY_MODE: 'adaptive', AWS_MAX_ATTEMPTS: '5' })).toEqual({});
  });

  it.each(['0', '-1', '2.5', 'eight', ''])('refuses AWS_MAX_ATTEMPTS=%p, naming the variable', (value) => {
    expect(() => clientSettings({ AWS_MAX_ATTEMPTS: value })).toThrow(`AWS_MAX_ATTEMPTS must be a whole number of at least 1, not "${value}"`);
  });
});
