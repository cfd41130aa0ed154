import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changelogProblems, withoutUnreleasedChanges } from '../../scripts/changelog-entry';

const ROOT = join(__dirname, '..', '..');

const HEAD = '# Changelog\n\nIntro.\n\n';

describe('changelogProblems', () => {
  it('accepts a dated newest entry under an empty Unreleased section (comments do not count)', () => {
    const text = `${HEAD}## [Unreleased]\n\n<!-- next -->\n\n## [1.2.0] - 2026-12-07\n\n### Added\n\n- x\n\n## [1.1.0] - 2026-01-01\n`;
    expect(changelogProblems(text, '1.2.0')).toEqual([]);
  });

  it('refuses a version with no entry', () => {
    expect(changelogProblems(`${HEAD}## [1.1.0] - 2026-01-01\n`, '1.2.0')).toEqual([expect.stringContaining('no "## [1.2.0]" entry')]);
  });

  it('refuses changes still waiting under Unreleased', () => {
    const text = `${HEAD}## [Unreleased]\n\n### Fixed\n\n- y\n\n## [1.2.0] - 2026-12-07\n`;
    expect(changelogProblems(text, '1.2.0')).toEqual([expect.stringContaining('"## [Unreleased]" still lists changes (2 lines)')]);
  });

  it('refuses an entry without an ISO date, or a malformed one', () => {
    expect(changelogProblems(`${HEAD}## [1.2.0]\n`, '1.2.0')).toEqual([expect.stringContaining('no release date')]);
    expect(changelogProblems(`${HEAD}## [1.2.0] - 2026-13-07\n`, '1.2.0')).toEqual([expect.stringContaining('no release date')]);
  });

  it('refuses a version that is not the newest entry', () => {
    const text = `${HEAD}## [1.3.0] - 2026-12-08\n\n## [1.2.0] - 2026-12-07\n`;
    expect(changelogProblems(text, '1.2.0')).toEqual([expect.stringContaining('lists "## [1.3.0]" above "## [1.2.0]"')]);
  });

  it('takes out the changes waiting under Unreleased, keeping its heading and every release', () => {
    const text = `${HEAD}## [Unreleased]\n\n### Fixed\n\n- y\n\n## [1.2.0] - 2026-12-07\n\n- x\n`;
    expect(withoutUnreleasedChanges(text)).toBe(`${HEAD}## [Unreleased]\n\n## [1.2.0] - 2026-12-07\n\n- x\n`);
    expect(changelogProblems(withoutUnreleasedChanges(text), '1.2.0')).toEqual([]);
    expect(withoutUnreleasedChanges(`${HEAD}## [1.2.0] - 2026-12-07\n`)).toBe(`${HEAD}## [1.2.0] - 2026-12-07\n`);
  });

  // Between releases, fixes wait under [Unreleased] (the release refuses them, above); all else must hold.
  it("holds for this repository's CHANGELOG.md and package.json version, but for the changes waiting under Unreleased", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(changelogProblems(withoutUnreleasedChanges(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')), version)).toEqual([]);
  });
});
