/**
 * The AWS SDK warns once per module instance that its releases after the
 * first week of January 2027 need Node.js 22 (aws/aws-sdk-js-v3 issue #7983).
 * Jest gives every test file its own module registry, so without the SDK's
 * switch (set in tests/setup.ts) each test file that builds a client printed
 * the same eight lines. These tests load a fresh copy of the SDK, as a new
 * test file does, and listen for the warning.
 */
describe('the SDK Node.js support warning in tests', () => {
  /** What `act` passes to `process.emitWarning`, kept off the test output. */
  function warningsWhile(act: () => void): string[] {
    const emit = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      act();
      return emit.mock.calls.map(([warning]) => String(warning));
    } finally {
      emit.mockRestore();
    }
  }

  it('is switched off by the SDK\'s own variable, for a Node.js version it would warn about', () => {
    const seen = warningsWhile(() =>
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the SDK's module state, as a new test file gets
        const { emitWarningIfUnsupportedVersion } = require('@aws-sdk/core/client') as { emitWarningIfUnsupportedVersion: (version: string) => void };
        emitWarningIfUnsupportedVersion('v20.0.0');
      }),
    );
    expect(seen).toEqual([]);
  });

  it('stays off when a client is built on this Node.js', () => {
    const seen = warningsWhile(() =>
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
        const { IAMClient } = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
        new IAMClient({ region: 'us-east-1' }).destroy();
      }),
    );
    expect(seen).toEqual([]);
  });
});
