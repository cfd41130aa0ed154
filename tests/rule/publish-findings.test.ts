import { evaluateCertificate } from '../../src/core/evaluate-certificate';
import { certificateFinding, type SecurityHubFinding } from '../../src/core/security-hub-finding';
import { TimeBudget } from '../../src/core/time-budget';
import type { ActiveFindingsFilter, FindingStore } from '../../src/rule/ports';
import { FindingsPublisher } from '../../src/rule/publish-findings';
import { certificate } from './fake-dependencies';
import { findingContext, FINDINGS_NOW } from '../support/finding-context';

const NOW = FINDINGS_NOW;
const context = findingContext();

function fakeStore(active: SecurityHubFinding[]): FindingStore & { imports: SecurityHubFinding[][]; filters: ActiveFindingsFilter[] } {
  const imports: SecurityHubFinding[][] = [];
  const filters: ActiveFindingsFilter[] = [];
  return {
    imports,
    filters,
    activeFindings: async (filter) => {
      filters.push(filter);
      return active;
    },
    importFindings: async (findings) => {
      imports.push([...findings]);
      return { calls: Math.ceil(findings.length / 100) };
    },
  };
}

const judged = (name: string, expiration: string) => {
  const cert = certificate(name, expiration);
  return { certificate: cert, verdict: evaluateCertificate(cert, NOW, context), owner: 'team-web', usage: undefined };
};

describe('FindingsPublisher', () => {
  it('P1: refreshes present certificates keeping when each was first seen, and archives the findings of gone ones', async () => {
    const earlier = { ...context, now: new Date('2026-01-01T00:00:00.000Z') };
    const keptBefore = certificateFinding(judged('kept', '2026-12-01T00:00:00Z'), earlier);
    const goneBefore = certificateFinding(judged('gone', '2026-12-01T00:00:00Z'), earlier);
    const store = fakeStore([keptBefore, goneBefore]);
    const publisher = new FindingsPublisher(store, context);

    await publisher.start(TimeBudget.unlimited());
    await publisher.publish([judged('kept', '2026-12-01T00:00:00Z'), judged('new', '2027-12-01T00:00:00Z')], TimeBudget.unlimited());
    const summary = await publisher.finish(TimeBudget.unlimited());

    expect(store.filters).toEqual([
      { productArn: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default', generatorId: 'iam-server-certificate-expiring', accountId: '123456789012' },
    ]);
    const [page, archive] = store.imports;
    expect(page?.map((f) => [f.Id.split('/').pop(), f.CreatedAt, f.UpdatedAt])).toEqual([
      ['kept', earlier.now.toISOString(), NOW.toISOString()],
      ['new', NOW.toISOString(), NOW.toISOString()],
    ]);
    expect(archive?.map((f) => [f.Id, f.RecordState])).toEqual([[goneBefore.Id, 'ARCHIVED']]);
    expect(summary).toEqual({ imported: 2, archived: 1, batchImportCalls: 2 });
  });

  it('P2: imports nothing for an empty page and archives nothing when nothing is gone', async () => {
    const store = fakeStore([]);
    const publisher = new FindingsPublisher(store, context);
    await publisher.start(TimeBudget.unlimited());
    await publisher.publish([], TimeBudget.unlimited());
    expect(await publisher.finish(TimeBudget.unlimited())).toEqual({ imported: 0, archived: 0, batchImportCalls: 0 });
    expect(store.imports).toEqual([]);
  });

  it('P3: updates a finding Security Hub already has without the top-level severity and types, UpdatedAt past the stored one; creates a new one with them', async () => {
    const stored = { ...certificateFinding(judged('kept', '2026-12-01T00:00:00Z'), context), UpdatedAt: NOW.toISOString() };
    const store = fakeStore([stored]);
    const publisher = new FindingsPublisher(store, context);
    await publisher.start(TimeBudget.unlimited());
    await publisher.publish([judged('kept', '2026-12-01T00:00:00Z'), judged('new', '2027-12-01T00:00:00Z')], TimeBudget.unlimited());
    const [kept, created] = store.imports[0] ?? [];
    expect(kept).not.toHaveProperty('Severity');
    expect(kept).not.toHaveProperty('Types');
    expect(kept?.UpdatedAt).toBe(new Date(NOW.getTime() + 1).toISOString());
    expect(created?.Severity).toEqual(created?.FindingProviderFields.Severity);
    expect(created?.Types).toEqual(created?.FindingProviderFields.Types);
  });
});
