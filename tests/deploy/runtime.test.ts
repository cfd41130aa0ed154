import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate, mapping } from '../../scripts/cloudformation-yaml';

const ROOT = join(__dirname, '..', '..');
const provider = mapping(loadTemplate(join(ROOT, 'serverless.yml'))['provider'], 'provider');
const lambdaBundle = require(join(ROOT, 'scripts', 'esbuild-options.cjs')) as { target: string };
const cliBundle = require(join(ROOT, 'scripts', 'cli-esbuild-options.cjs')) as { target: string };
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };

/** `nodejs24.x` → 24. */
function majorOf(runtime: string): number {
  const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  if (major === undefined) throw new Error(`not a Node.js Lambda runtime: ${runtime}`);
  return Number(major);
}

describe('Node.js versions', () => {
  // Lambda deprecates nodejs22.x on 2027-04-30 (Lambda Developer Guide,
  // "Lambda runtimes", supported runtimes table); nodejs24.x is supported and
  // osls 4.3 packages it (its provider.runtime schema lists it).
  it('deploys the function on nodejs24.x', () => {
    expect(provider['runtime']).toBe('nodejs24.x');
  });

  it('bundles the function for the Node.js major its Lambda runtime runs, and no newer', () => {
    expect(lambdaBundle.target).toBe(`node${majorOf(String(provider['runtime']))}`);
  });

  it('bundles the CLI for the oldest Node.js the package supports (engines), not for Lambda', () => {
    const oldest = /^>=\s*(\d+)/.exec(packageJson.engines.node)?.[1];
    expect(cliBundle.target).toBe(`node${oldest}`);
    expect(Number(oldest)).toBeLessThan(majorOf(String(provider['runtime'])));
  });
});
