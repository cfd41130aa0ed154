import { runCli } from '../../src/cli/run-cli';
import { ROOT } from '../../scripts/handler-bundle';
import { documentedCommands } from '../support/documented-commands';
import { fakeEnvironment } from './fake-environment';

/**
 * Every `iam-cert-expiry …` command line of the README and docs, as a reader
 * pastes it after installing (docs/cli.md, "Install"; tests/e2e/cli-install.test.ts
 * installs the packed CLI the same way). Each runs with `--help` appended: the
 * command and every flag are parsed as written, and nothing is called.
 */
describe('the command lines of the README and docs', () => {
  const documented = documentedCommands(ROOT);

  it('are found (the snippets of README.md, cli.md, gate.md and runbook.md)', () => {
    expect(documented.length).toBeGreaterThan(15);
    expect(new Set(documented.map((command) => command.where.split(':')[0]))).toEqual(new Set(['README.md', 'docs/cli.md', 'docs/gate.md', 'docs/runbook.md']));
  });

  it('never use npx iam-cert-expiry, which finds no command on a clean clone', () => {
    expect(documented.filter((command) => command.viaNpx).map((command) => command.where)).toEqual([]);
  });

  it.each(documented.map((command) => [command.where, command] as const))('%s parses as written', async (_where, command) => {
    const fake = fakeEnvironment();
    const code = await runCli([...command.words, '--help'], fake.environment);
    expect({ code, stderr: fake.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(fake.stdout()).toMatch(/^(Usage: iam-cert-expiry|iam-cert-expiry\/)/);
    expect(fake.regionsAsked).toEqual([]);
  });
});
