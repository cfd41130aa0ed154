/**
 * What a release asks of CHANGELOG.md (Keep a Changelog 1.1.0,
 * keepachangelog.com): the version has its own dated entry, it is the newest
 * one, and nothing waits under `[Unreleased]` — a change listed there would
 * ship in the release while its notes say it has not.
 */

/** A `## [...]` heading: its name and, for a release, its date. */
interface Heading {
  readonly name: string;
  readonly date?: string;
  readonly line: number;
}

const HEADING = /^## \[([^\]]+)\](?: - (\S+))?\s*$/;
/** Keep a Changelog dates releases in ISO 8601, YYYY-MM-DD. */
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function headings(lines: readonly string[]): Heading[] {
  return lines.flatMap((text, line) => {
    const match = HEADING.exec(text);
    if (match === null) return [];
    const [, name = '', date] = match;
    return [date === undefined ? { name, line } : { name, date, line }];
  });
}

/** The lines of a section that say something: not blank, not an HTML comment. */
function content(lines: readonly string[]): string[] {
  const text = lines.join('\n').replace(/<!--[\s\S]*?-->/g, '');
  return text.split('\n').filter((line) => line.trim() !== '');
}

/**
 * Every reason CHANGELOG.md is not ready to release `version`; empty when it is.
 * @param changelog the text of CHANGELOG.md
 * @param version the package version being released
 */
export function changelogProblems(changelog: string, version: string): string[] {
  const lines = changelog.split('\n');
  const found = headings(lines);
  const problems: string[] = [];
  const entry = found.find((heading) => heading.name === version);
  if (entry === undefined) return [`CHANGELOG.md has no "## [${version}]" entry for the version in package.json`];
  if (entry.date === undefined || !ISO_DATE.test(entry.date)) {
    problems.push(`CHANGELOG.md "## [${version}]" has no release date (Keep a Changelog: "## [${version}] - YYYY-MM-DD")`);
  }
  const released = found.filter((heading) => heading.name !== 'Unreleased');
  if (released[0] !== entry) problems.push(`CHANGELOG.md lists "## [${released[0]?.name ?? ''}]" above "## [${version}]": the version released must be the newest entry`);
  const unreleased = found.find((heading) => heading.name === 'Unreleased');
  if (unreleased !== undefined) {
    const next = found.find((heading) => heading.line > unreleased.line);
    const waiting = content(lines.slice(unreleased.line + 1, next?.line ?? lines.length));
    if (waiting.length > 0) {
      problems.push(`CHANGELOG.md "## [Unreleased]" still lists changes (${waiting.length} lines): move them into "## [${version}]" before releasing`);
    }
  }
  return problems;
}

/**
 * `changelog` with the changes under `[Unreleased]` taken out, its heading kept: the changelog as the released
 * version wrote it. Between releases, fixes wait there (Keep a Changelog), which the release refuses
 * ({@link changelogProblems}); what else a release needs of the file must still hold.
 * @param changelog the text of CHANGELOG.md
 */
export function withoutUnreleasedChanges(changelog: string): string {
  const lines = changelog.split('\n');
  const found = headings(lines);
  const unreleased = found.find((heading) => heading.name === 'Unreleased');
  if (unreleased === undefined) return changelog;
  const next = found.find((heading) => heading.line > unreleased.line);
  const end = next?.line ?? lines.length;
  return [...lines.slice(0, unreleased.line + 1), '', ...lines.slice(end)].join('\n');
}
