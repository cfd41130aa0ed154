import { CIS_AWS_FOUNDATIONS, cisReference } from '../src/core/compliance-references';
import { ROOT } from '../scripts/handler-bundle';
import { bareNumbers, cisMentions, cisMentionsIn, numbersBeforeCis, numbersBeforeCisIn } from './support/cis-mentions';

/**
 * CIS renumbers the recommendation between editions (v3.0.0 1.19, v5.0.0
 * 1.18, v6.0.0 2.18), so a number without its edition says nothing an auditor
 * can check. The one table is src/core/compliance-references.ts; code takes the
 * numbers from it, and every text that cannot import it names the edition next
 * to every number.
 */
describe('CIS numbering', () => {
  describe('the scanner', () => {
    const bare = (text: string) => bareNumbers(cisMentions(text, 'x'));

    it('flags a number without its edition, wherever it stands after "CIS"', () => {
      expect(bare('Security Hub IAM.26 / CIS 1.19 flag.')).toHaveLength(1);
      expect(bare('(Security Hub IAM.26, CIS AWS 1.19).')).toHaveLength(1);
      expect(bare('CIS AWS Foundations Benchmark recommendation 1.18')).toHaveLength(1);
      expect(bare('CIS 1.18 (v5.0.0) / 1.19')).toHaveLength(1);
      expect(bare('CIS AWS Foundations v6.0.0 2.18 / 1.18')).toHaveLength(1);
      expect(bare('# (Security Hub IAM.26, CIS AWS Foundations\n#   1.19): the role')).toHaveLength(1);
    });

    it('accepts every edition written next to its number, and the table itself', () => {
      expect(bare(cisReference())).toEqual([]);
      expect(bare('CIS AWS Foundations Benchmark v5.0.0/1.18, CIS AWS Foundations Benchmark v3.0.0/1.19')).toEqual([]);
      expect(bare('CIS AWS Foundations 1.19 in v3.0.0, 1.18 in v5.0.0 and 2.18 (v6.0.0)')).toEqual([]);
      expect(bare('CIS AWS Foundations v6.0.0\n * 2.18 / v5.0.0 1.18')).toEqual([]);
      expect(bare("/** CIS AWS Foundations Benchmark edition → recommendation id. */\n{ edition: 'v6.0.0', recommendation: '2.18' }")).toEqual([]);
      expect(bare('Security Hub IAM.26 and CIS audit; CIS renumbers it (IAM.26, ACM.2)')).toEqual([]);
    });

    it('flags a number written before "CIS", which the mention scanner would not see', () => {
      expect(numbersBeforeCis('The same recommendation is 2.18 in CIS AWS Foundations v6.0.0 (Prowler).', 'x')).toEqual(['x:1: 2.18 in CIS']);
      expect(numbersBeforeCis('It is 1.19 of the\n# CIS benchmark', 'x')).toEqual(['x:1: 1.19 of the CIS']);
      expect(numbersBeforeCis('The same recommendation is CIS AWS Foundations v6.0.0 2.18 (Prowler).', 'x')).toEqual([]);
      expect(numbersBeforeCis('Security Hub IAM.26 and CIS v5.0.0 1.18; version 5.0.0 CIS', 'x')).toEqual([]);
    });

    it('reads the edition of each number', () => {
      expect(cisMentions('CIS v6.0.0 2.18 / 1.18 (v5.0.0) / 1.19 in v3.0.0', 'x')[0]?.items).toEqual([
        { edition: 'v6.0.0', recommendation: '2.18' },
        { edition: 'v5.0.0', recommendation: '1.18' },
        { edition: 'v3.0.0', recommendation: '1.19' },
      ]);
    });
  });

  const mentions = cisMentionsIn(ROOT, ['src', 'templates', 'docs', 'README.md', 'package.json', 'serverless.yml', 'CHANGELOG.md']);

  it('finds the mentions (README, docs, templates, package.json, serverless.yml)', () => {
    const files = new Set(mentions.map((mention) => mention.where.split(':')[0]));
    for (const file of ['README.md', 'package.json', 'serverless.yml', 'templates/member-account-stack.yml', 'templates/conformance-pack.yml', 'docs/deploy.md']) {
      expect(files).toContain(file);
    }
  });

  it('never writes a CIS number without its edition', () => {
    expect(bareNumbers(mentions)).toEqual([]);
  });

  it('names the edition first: never a number before "CIS" (docs/security-hub.md wrote "2.18 in CIS AWS Foundations v6.0.0")', () => {
    expect(numbersBeforeCisIn(ROOT, ['src', 'templates', 'docs', 'README.md', 'package.json', 'serverless.yml', 'CHANGELOG.md'])).toEqual([]);
  });

  it('writes only the numbers of the table, each with its own edition', () => {
    const known = new Set(CIS_AWS_FOUNDATIONS.map(({ edition, recommendation }) => `${edition} ${recommendation}`));
    const unknown = mentions.flatMap((mention) => mention.items.filter((item) => !known.has(`${item.edition} ${item.recommendation}`)).map((item) => `${mention.where}: ${item.edition} ${item.recommendation}`));
    expect(unknown).toEqual([]);
  });

  it('gives every edition of the table wherever a template, serverless.yml or package.json names CIS', () => {
    const table = CIS_AWS_FOUNDATIONS.map(({ edition, recommendation }) => ({ edition, recommendation }));
    const shipped = mentions.filter((mention) => /^(templates\/|serverless\.yml|package\.json)/.test(mention.where));
    expect(shipped.length).toBeGreaterThanOrEqual(8);
    for (const mention of shipped) expect({ where: mention.where, items: mention.items }).toEqual({ where: mention.where, items: table });
  });
});
