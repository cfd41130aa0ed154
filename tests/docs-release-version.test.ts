import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

describe('the release version in the docs', () => {
  it("docs/deploy.md's release commands name the package version, so they download files that exist", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const assignments = [...readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8').matchAll(/^VERSION=(\S+)$/gm)].map((match) => match[1]);
    expect(assignments.length).toBeGreaterThan(0);
    expect(new Set(assignments)).toEqual(new Set([version]));
  });
});
