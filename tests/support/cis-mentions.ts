import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One recommendation number after "CIS", with the edition written next to it (if any). */
export interface CisItem {
  readonly recommendation: string;
  readonly edition: string | undefined;
}

/** "CIS" followed by one or more recommendation numbers, as a text writes it. */
export interface CisMention {
  /** `README.md:17`. */
  readonly where: string;
  /** The mention as matched, on one line. */
  readonly text: string;
  readonly items: readonly CisItem[];
}

const EDITION = String.raw`v\d+\.\d+\.\d+`;
// A recommendation id: "1.19", not part of a version ("5.0.0") or of a control id ("IAM.26").
const NUMBER = String.raw`(?<![\w.])\d{1,2}\.\d{1,2}(?![\w.])`;
// An edition written next to its number: "v6.0.0 2.18", "v5.0.0/1.18", "1.18 (v5.0.0)", "1.18 in v5.0.0".
const ITEM = String.raw`(?:(${EDITION})(?:\s*\/\s*|\s+))?(${NUMBER})(?:\s*\((${EDITION})\)|\s+in\s+(${EDITION}))?`;
// Words that may stand between "CIS" and the numbers.
const FILLER = String.raw`(?:AWS|Amazon|Web|Services|Foundations|Benchmark|recommendations?|numbered|controls?)`;
const SEPARATOR = String.raw`\s*(?:\/|,|;|\band\b|\bor\b)\s*`;
const MENTION = new RegExp(String.raw`\bCIS\b(?:[\s:-]+${FILLER}\b)*[\s:-]*(${ITEM}(?:${SEPARATOR}${ITEM})*)`, 'g');
const ITEMS = new RegExp(ITEM, 'g');

/**
 * Every "CIS" of `text` that a recommendation number follows, with each number
 * and the edition named next to it. Lines are joined first (dropping the
 * comment markers `*`, `//` and `#` that start a continued line, and markdown
 * emphasis), so a number wrapped onto the next line is still seen.
 */
export function cisMentions(text: string, file: string): CisMention[] {
  const mentions: CisMention[] = [];
  for (const match of flatten(text).matchAll(MENTION)) {
    const items = [...(match[1] ?? '').matchAll(ITEMS)].map((item) => ({
      recommendation: item[2] ?? '',
      edition: item[1] ?? item[3] ?? item[4],
    }));
    const line = text.slice(0, match.index).split('\n').length;
    mentions.push({ where: `${file}:${line}`, text: match[0].replace(/\s+/g, ' '), items });
  }
  return mentions;
}

// A recommendation number written before "CIS" ("2.18 in CIS AWS Foundations v6.0.0"): the mention scanner starts at
// "CIS", so such a number is never checked against its edition; prose names the edition first everywhere.
const NUMBER_BEFORE_CIS = new RegExp(String.raw`${NUMBER}\s+(?:(?:in|of|from|for)\s+)?(?:the\s+)?\bCIS\b`, 'g');

/** `file:line: text` for each recommendation number written before "CIS" in `text` (edition-first is the rule). */
export function numbersBeforeCis(text: string, file: string): string[] {
  return [...flatten(text).matchAll(NUMBER_BEFORE_CIS)].map((match) => `${file}:${text.slice(0, match.index).split('\n').length}: ${match[0].replace(/\s+/g, ' ')}`);
}

/** {@link numbersBeforeCis} over every file of `paths` (folders walked), relative to `root`. */
export function numbersBeforeCisIn(root: string, paths: readonly string[]): string[] {
  return paths.flatMap((path) => filesUnder(join(root, path))).flatMap((file) => numbersBeforeCis(readFileSync(file, 'utf8'), relative(root, file)));
}

/** The mentions in every file of `paths` (folders walked), relative to `root`. */
export function cisMentionsIn(root: string, paths: readonly string[]): CisMention[] {
  return paths.flatMap((path) => filesUnder(join(root, path))).flatMap((file) => cisMentions(readFileSync(file, 'utf8'), relative(root, file)));
}

/** The mentions where a number stands without its edition ("CIS 1.19"). */
export function bareNumbers(mentions: readonly CisMention[]): string[] {
  return mentions.filter((mention) => mention.items.some((item) => item.edition === undefined)).map((mention) => `${mention.where}: ${mention.text}`);
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

// Spaces for each line break with the indentation and comment marker after it, and for emphasis:
// the same length, so an offset in the result is the same offset in `text`.
function flatten(text: string): string {
  return text.replace(/\r?\n[ \t]*(?:\/\/|#|\*(?!\*))?[ \t]*/g, (joint) => ' '.padEnd(joint.length)).replace(/\*\*|`/g, (mark) => ' '.repeat(mark.length));
}
