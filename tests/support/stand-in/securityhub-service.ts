import { ServiceError } from './reply';

/** A finding as the stand-in's Security Hub stores it: the ASFF document as imported, plus what Security Hub adds. */
export type StoredFinding = Readonly<Record<string, unknown>> & { readonly Id: string; readonly ProductArn: string };

/** Options for one BatchImportFindings call, from fault injection. */
export interface ImportOptions {
  /** Finding ids to list in `FailedFindings` instead of storing; `'all'`: every one in the call. */
  readonly refuse: ReadonlySet<string> | 'all';
}

// Security Hub API reference, BatchImportFindings: "Findings … Array Members: Maximum number of 100 items".
const MAX_FINDINGS_PER_IMPORT = 100;
// GetFindings MaxResults: 1-100, default 100 (Security Hub API reference, GetFindings).
const MAX_RESULTS = 100;
// ASFF attributes a finding must have (Security Hub User Guide, "Required top-level ASFF attributes").
const REQUIRED = ['AwsAccountId', 'CreatedAt', 'Description', 'GeneratorId', 'Id', 'ProductArn', 'Resources', 'SchemaVersion', 'Title', 'Types', 'UpdatedAt'];
// ASFF syntax: Title at most 256 characters, Description at most 1,024.
const MAX_TITLE = 256;
const MAX_DESCRIPTION = 1024;

const invalid = (message: string): ServiceError => new ServiceError('InvalidInputException', message);

/**
 * One account's Security Hub, restJson1 over `POST /findings/import`
 * (BatchImportFindings) and `POST /findings` (GetFindings). Findings are
 * accepted only into the caller's own default product
 * (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`),
 * stored by product and Id, and updated in place by a later import with the
 * same Id, as Security Hub does. Test tooling only.
 */
export class SecurityHubFindingsState {
  private readonly findings = new Map<string, StoredFinding>();

  public constructor(private readonly accountId: string) {}

  /** Every finding stored, in import order. */
  public all(): StoredFinding[] {
    return [...this.findings.values()];
  }

  /** Forgets every finding. */
  public clear(): void {
    this.findings.clear();
  }

  /** Runs one operation on a parsed body; `region` comes from the request's signature. */
  public run(operation: string, body: Readonly<Record<string, unknown>>, region: string, options: ImportOptions): unknown {
    switch (operation) {
      case 'BatchImportFindings':
        return this.importFindings(body, region, options);
      case 'GetFindings':
        return this.getFindings(body);
      default:
        throw new ServiceError('InvalidAction', `The stand-in's Security Hub does not serve ${operation}`, 404);
    }
  }

  private importFindings(body: Readonly<Record<string, unknown>>, region: string, options: ImportOptions): unknown {
    const findings = body['Findings'];
    if (!Array.isArray(findings)) throw invalid('Findings is required');
    if (findings.length > MAX_FINDINGS_PER_IMPORT) throw invalid(`Findings must have at most ${MAX_FINDINGS_PER_IMPORT} items`);
    const failed: Array<{ Id: string; ErrorCode: string; ErrorMessage: string }> = [];
    for (const raw of findings as unknown[]) {
      const finding = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const id = typeof finding['Id'] === 'string' ? finding['Id'] : '';
      const problem = this.problemWith(finding, region);
      if (problem !== undefined) {
        failed.push({ Id: id, ErrorCode: 'InvalidInput', ErrorMessage: problem });
        continue;
      }
      if (options.refuse === 'all' || options.refuse.has(id)) {
        failed.push({ Id: id, ErrorCode: 'InternalException', ErrorMessage: 'Internal service failure (injected by the stand-in)' });
        continue;
      }
      this.store(finding as StoredFinding, region);
    }
    return { FailedCount: failed.length, SuccessCount: findings.length - failed.length, FailedFindings: failed };
  }

  private problemWith(finding: Record<string, unknown>, region: string): string | undefined {
    const missing = REQUIRED.filter((field) => finding[field] === undefined || finding[field] === '');
    const severity = (finding['Severity'] ?? (finding['FindingProviderFields'] as Record<string, unknown> | undefined)?.['Severity']) as
      | Record<string, unknown>
      | undefined;
    if (severity?.['Label'] === undefined && severity?.['Normalized'] === undefined) missing.push('Severity');
    if (missing.length > 0) return `Finding is missing required attributes: ${missing.join(', ')}`;
    if (finding['SchemaVersion'] !== '2018-10-08') return 'SchemaVersion must be 2018-10-08';
    const ownProduct = new RegExp(`^arn:aws[a-z-]*:securityhub:${region}:${this.accountId}:product/${this.accountId}/default$`);
    if (typeof finding['ProductArn'] !== 'string' || !ownProduct.test(finding['ProductArn'])) {
      return `ProductArn must be this account's default product in ${region}`;
    }
    if (finding['AwsAccountId'] !== this.accountId) return 'AwsAccountId must be the caller’s account';
    if (typeof finding['Title'] === 'string' && finding['Title'].length > MAX_TITLE) return `Title must be at most ${MAX_TITLE} characters`;
    if (typeof finding['Description'] === 'string' && finding['Description'].length > MAX_DESCRIPTION) {
      return `Description must be at most ${MAX_DESCRIPTION} characters`;
    }
    if (!Array.isArray(finding['Resources']) || finding['Resources'].length === 0) return 'Resources must have at least one item';
    return undefined;
  }

  private store(finding: StoredFinding, region: string): void {
    const key = `${finding.ProductArn}\u0000${finding.Id}`;
    const previous = this.findings.get(key);
    // What Security Hub adds to an imported finding: its region, a workflow state, its own product fields.
    this.findings.set(key, {
      ...finding,
      Region: region,
      Workflow: (previous?.['Workflow'] as unknown) ?? { Status: 'NEW' },
      RecordState: finding['RecordState'] ?? 'ACTIVE',
      ProcessedAt: new Date().toISOString(),
      ProductFields: { ...((finding['ProductFields'] as Record<string, string> | undefined) ?? {}), 'aws/securityhub/FindingId': `${finding.ProductArn}/${finding.Id}` },
    });
  }

  private getFindings(body: Readonly<Record<string, unknown>>): unknown {
    const limit = body['MaxResults'] ?? MAX_RESULTS;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_RESULTS) throw invalid(`MaxResults must be 1 to ${MAX_RESULTS}`);
    const filters = (body['Filters'] ?? {}) as Record<string, Array<{ Value?: string; Comparison?: string }>>;
    const matching = this.all().filter((finding) =>
      Object.entries(filters).every(([field, conditions]) =>
        conditions.every((condition) => {
          if (condition.Comparison !== 'EQUALS') throw invalid(`The stand-in supports only EQUALS filters, not ${String(condition.Comparison)}`);
          return finding[field] === condition.Value;
        }),
      ),
    );
    let start = 0;
    const token = body['NextToken'];
    if (token !== undefined) {
      const match = typeof token === 'string' ? /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8')) : null;
      if (match?.[1] === undefined) throw invalid('The NextToken is invalid');
      start = Number(match[1]);
    }
    const end = start + limit;
    return {
      Findings: matching.slice(start, end),
      ...(end < matching.length ? { NextToken: Buffer.from(`offset:${end}`).toString('base64') } : {}),
    };
  }
}

/** The operation of a Security Hub REST request: `POST /findings/import` or `POST /findings`. */
export function securityHubOperation(method: string | undefined, path: string): string | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/findings/import') return 'BatchImportFindings';
  if (path === '/findings') return 'GetFindings';
  return undefined;
}
