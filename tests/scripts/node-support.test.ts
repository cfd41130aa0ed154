import { build, type BuildOptions } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/handler-bundle';

const CLI_OPTIONS = require('../../scripts/cli-esbuild-options.cjs') as BuildOptions;

interface PackageJson {
  readonly engines?: { readonly node?: string };
  readonly dependencies?: Record<string, string>;
}

/**
 * The lowest Node.js major from which a package's `engines.node` allows every
 * later version. Only the forms the bundled packages use are read (`>=X`,
 * `>= X.Y`, alternatives joined by `||`); anything else fails the test, so a
 * new form is looked at rather than guessed.
 */
function lowestMajor(range: string): number {
  const majors = range.split('||').map((alternative) => {
    const match = /^>=\s*(\d+)(?:\.\d+){0,2}$/.exec(alternative.trim());
    if (match === null) throw new Error(`engines range ${JSON.stringify(range)} is not of a form this test reads`);
    return Number(match[1]);
  });
  return Math.min(...majors);
}

/**
 * The Node.js versions the CLI supports, as `engines` says, are the ones it
 * is built for and the ones every package bundled into it supports: the
 * installed CLI carries its SDK, so the SDK's own `engines` at build time is
 * what binds it (the SDK's releases after the first week of January 2027
 * need Node.js 22: bumping the SDK then fails this test until `engines` and
 * the esbuild target move too).
 */
describe('the Node.js versions the CLI supports', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
  const supported = lowestMajor(manifest.engines?.node ?? '');
  let directory: string;
  let bundled: Map<string, string | undefined>;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'cli-node-support-'));
    const result = await build({ ...CLI_OPTIONS, entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')], outfile: join(directory, 'cli.js'), metafile: true, logLevel: 'silent' });
    bundled = new Map();
    for (const input of Object.keys(result.metafile.inputs)) {
      const packageDirectory = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
      if (packageDirectory === undefined || bundled.has(packageDirectory)) continue;
      const engines = (JSON.parse(readFileSync(join(ROOT, packageDirectory, 'package.json'), 'utf8')) as PackageJson).engines?.node;
      bundled.set(packageDirectory, engines);
    }
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('is what dist/cli.js is built for (esbuild target)', () => {
    expect(manifest.engines?.node).toBe(`>=${supported}`);
    expect(CLI_OPTIONS.target).toBe(`node${supported}`);
  });

  it('is supported by every package bundled into dist/cli.js, the AWS SDK included', () => {
    expect([...bundled.keys()]).toContain('node_modules/@aws-sdk/client-iam');
    const tooNew = [...bundled].filter(([, engines]) => engines !== undefined && lowestMajor(engines) > supported);
    expect(tooNew).toEqual([]);
  });

  it('needs nothing installed beside it: the package declares no runtime dependencies', () => {
    // Both bundles (dist/cli.js, the Lambda's dist/handler.js) carry every package they use,
    // so `npm install -g` of the packed CLI fetches nothing (tests/e2e/cli-install.test.ts installs it offline).
    expect(manifest.dependencies).toBeUndefined();
  });
});
