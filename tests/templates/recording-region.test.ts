import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import RECORDING_REGIONS from '../../src/core/recording-regions.json';

const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');
const TEMPLATES = readdirSync(TEMPLATES_DIR).filter((file) => file.endsWith('.yml'));

/** The comment block a template starts with: what a reader sees before deploying it. */
function headerOf(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((line) => !line.startsWith('#'));
  return lines.slice(0, end < 0 ? lines.length : end).join('\n');
}

// AWS Config records AWS::IAM::ServerCertificate in one region per partition
// (docs/deploy.md#region); "home region" would send readers to their own
// Control Tower or console home region instead.
describe('templates: where to deploy', () => {
  it('covers every template', () => {
    expect(TEMPLATES.sort()).toEqual(['artifact-bucket.yml', 'central-invoke-permission.yml', 'conformance-pack.yml', 'member-account-role.yml', 'member-account-stack.yml']);
  });

  it.each(TEMPLATES)('%s says "recording region" and names it in every partition, never "home region"', (file) => {
    const text = readFileSync(join(TEMPLATES_DIR, file), 'utf8');
    const header = headerOf(text);

    expect(text).not.toMatch(/home\s+region/i);
    expect(header).toMatch(/recording region/);
    expect(Object.values(RECORDING_REGIONS).filter((region) => !header.includes(region))).toEqual([]);
  });
});
