import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { ROOT } from '../scripts/handler-bundle';
import { headingAnchors as anchors, withoutCode } from './support/markdown-anchors';
import { KNOWN_KEYS } from '../src/core/rule-parameters';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('README.md', () => {
  const readme = read('README.md');
  const sections = [...readme.matchAll(/^## (.+)$/gm)].map((match) => match[1]);

  it('says first where the rule stands beside AWS managed rule and Security Hub IAM.26, then how to start, then the details', () => {
    expect(sections).toEqual([
      "Where it stands beside AWS's own check",
      'Quick start',
      'Deploy',
      'The command line: `iam-cert-expiry`',
      'Documentation',
      'What it checks',
      'Parameters',
      'How it is built',
    ]);
    const upFront = readme.slice(0, readme.indexOf('## Quick start')).replace(/\s+/g, ' ');
    for (const fact of [
      'https://docs.aws.amazon.com/config/latest/developerguide/iam-server-certificate-expiration-check.html',
      'Only available in China (Beijing), US East (N. Virginia) Region',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-26',
      'service-linked',
      '**What it does not do.**',
      '| `securityHubFindings` | `true` |',
      'securityhub-internal-providers.html#integration-config',
    ]) {
      expect(upFront).toContain(fact);
    }
  });

  it('installs the CLI as docs/cli.md does: npm pack, then npm install -g of the tarball', () => {
    const install = 'npm install -g ./iam-server-certificate-expiry-rule-*.tgz';
    expect(readme).toContain(`npm ci && npm pack && ${install}`);
    expect(read('docs/cli.md')).toContain(install);
  });
});

describe('the rule parameters in the README and docs/parameters.md', () => {
  /** Parameter → its default cell, from the Markdown table whose header starts with `header`. */
  function table(markdown: string, header: string, defaultColumn: number): Map<string, string> {
    const lines = markdown.split('\n');
    const start = lines.findIndex((line) => line.startsWith(header));
    const rows = new Map<string, string>();
    for (const line of lines.slice(start + 2)) {
      if (!line.startsWith('|')) break;
      const cells = line.split(' | ');
      rows.set((cells[0] ?? '').replace(/^\| `?|`$/g, ''), cells[defaultColumn] ?? '');
    }
    return rows;
  }
  const firstCode = (cell: string): string => /`([^`]*)`/.exec(cell)?.[1] ?? '(none)';

  it('list every parameter the rule takes, each with the same default', () => {
    const readme = table(read('README.md'), '| Rule parameter |', 1);
    const docs = table(read('docs/parameters.md'), '| Parameter | Values |', 2);
    expect([...readme.keys()].sort()).toEqual([...KNOWN_KEYS].sort());
    expect([...docs.keys()].sort()).toEqual([...KNOWN_KEYS].sort());
    for (const name of KNOWN_KEYS) expect({ name, readme: firstCode(readme.get(name) ?? '') }).toEqual({ name, readme: firstCode(docs.get(name) ?? '') });
  });

  it('say that with evaluateAtExpiry a verdict is not a periodic run late', () => {
    const readme = read('README.md');
    const when = readme.split('\n').find((line) => line.startsWith('| When |')) ?? '';
    expect(when.split(' | ')[2]).toContain('with `evaluateAtExpiry`, also at each expiry and window edge');
    const doesNotDo = readme.slice(readme.indexOf('**What it does not do.**')).split('\n\n')[0]?.replace(/\s+/g, ' ') ?? '';
    expect(doesNotDo).not.toContain('It is periodic, not an alarm');
    expect(doesNotDo).toContain('with `evaluateAtExpiry` a verdict comes within about a minute of the expiry');
  });
});

describe('links between the README and the docs', () => {
  const files = ['README.md', 'CHANGELOG.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];

  it('each lead to a file that exists, and to a heading it has', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const [, target] of withoutCode(read(file)).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target)) continue;
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const linked = path === '' ? file : normalize(join(dirname(file), path));
        if (!existsSync(join(ROOT, linked))) broken.push(`${file}: ${target} (no such file)`);
        else if (anchor !== undefined && linked.endsWith('.md') && !anchors(read(linked)).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('knows a heading from a missing one', () => {
    expect(anchors('## `report --aggregator`: every account of an organisation\n## A\n## A')).toEqual(
      new Set(['report---aggregator-every-account-of-an-organisation', 'a', 'a-1']),
    );
  });
});
