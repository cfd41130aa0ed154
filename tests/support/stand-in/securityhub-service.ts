import { ServiceError } from './reply';

/** A finding as the stand-in's Security Hub stores it: the ASFF document as imported, plus what Security Hub adds. */
export type StoredFinding = Readonly<Record<string, unknown>> & { readonly Id: string; readonly ProductArn: string };

/** Options for one call, from the stand-in's request handling. */
export interface ImportOptions {
  /** Finding ids to list in `FailedFindings` instead of storing; `'all'`: every one in the call. */
  readonly refuse: ReadonlySet<string> | 'all';
  /** Size of the request body in bytes, for the 6 MB limit; unknown when absent. */
  readonly requestBytes?: number;
}

type Json = Record<string, unknown>;

// Sources of the limits below:
// [BIF] Security Hub User Guide, "BatchImportFindings for finding providers"
//       (https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchimportfindings.html)
//       and Partner Guide, "Guidelines for using the BatchImportFindings API": "Security Hub CSPM accepts
//       up to 100 findings per batch, up to 240 KB per finding, and up to 6 MB per batch."
// [ASF] Security Hub API reference, AwsSecurityFinding (length constraints of each member).
// [REQ] Security Hub User Guide, "Required top-level ASFF attributes".
// [TAX] Security Hub User Guide, "Types taxonomy for ASFF".
// [OTH] Security Hub User Guide, "Other object in ASFF".
// [RES] Security Hub User Guide, "Resources object in ASFF": "an array of up to 32 resource objects".
// [SEV] Security Hub API reference, Severity and FindingProviderSeverity.
// [WFL] Security Hub API reference, Workflow / WorkflowUpdate.
// [BUF] Security Hub API reference, BatchUpdateFindings; User Guide, "BatchUpdateFindings for customers".

const MAX_FINDINGS_PER_IMPORT = 100; // [BIF]; also "Findings … Maximum number of 100 items" (API reference, BatchImportFindings)
const MAX_FINDING_BYTES = 240 * 1024; // [BIF]; "An error is returned for any finding larger than 240 Kb" (API reference)
const MAX_REQUEST_BYTES = 6 * 1024 * 1024; // [BIF]
const MAX_RESULTS = 100; // GetFindings MaxResults: 1-100, default 100 (API reference, GetFindings)
const MAX_UPDATE_IDENTIFIERS = 100; // [BUF]: "you can use it to update up to 100 existing findings at a time"
// Severity and Types may come top-level or under FindingProviderFields: Security Hub fills
// either from the other for a new finding (API reference, FindingProviderFields), and its
// schema check says so ("data should have required property 'FindingProviderFields', data
// should match some schema in anyOf": aws-samples/aws-securityhub-config-integration#3).
const REQUIRED = ['AwsAccountId', 'CreatedAt', 'Description', 'GeneratorId', 'Id', 'ProductArn', 'Resources', 'SchemaVersion', 'Title', 'UpdatedAt']; // [REQ]
const LENGTHS: ReadonlyArray<readonly [string, number]> = [
  ['Id', 512],
  ['GeneratorId', 512],
  ['Title', 256],
  ['Description', 1024],
]; // [ASF]: "Length Constraints: Minimum length of 1. Maximum length of …"
const MAX_RECOMMENDATION_TEXT = 512; // API reference, Recommendation: "Text … Maximum of 512 length"
const MAX_TYPES = 50; // [ASF] Types "Array Members: Maximum number of 50 items"; FindingProviderFields.Types likewise
const NAMESPACES = new Set(['Software and Configuration Checks', 'TTPs', 'Effects', 'Unusual Behaviors', 'Sensitive Data Identifications']); // [TAX], [ASF]
const SEVERITY_LABELS = new Set(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']); // [SEV]
const MAX_SEVERITY_ORIGINAL = 64; // [SEV] Original: "Maximum length of 64"
const MAX_RESOURCES = 32; // [RES]
const OTHER_DETAILS = { pairs: 50, keyBelow: 128, valueBelow: 1024 }; // [OTH]: "up to 50 key-value pairs", key and value "fewer than" 128 / 1,024 characters
const PRODUCT_FIELDS = { pairs: 50, key: 128, value: 2048 }; // [ASF] ProductFields: "up to 50 key-value pairs … key … up to 128 characters, and the value … up to 2048"
const RECORD_STATES = new Set(['ACTIVE', 'ARCHIVED']); // [ASF] RecordState
const COMPLIANCE_STATUSES = new Set(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE']); // API reference, Compliance.Status
const WORKFLOW_STATUSES = new Set(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']); // [WFL]
// Timestamps: RFC 3339 / ISO 8601 date-time (API reference, "Timestamps").
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const TIMESTAMPS = ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt'];
// Fields a finding provider cannot change once a finding exists: "Any content in those fields
// and objects is ignored" (User Guide, "BatchImportFindings for finding providers", restricted fields).
const CUSTOMER_FIELDS = ['Note', 'UserDefinedFields', 'VerificationState', 'Workflow'];

const invalid = (message: string): ServiceError => new ServiceError('InvalidInputException', message);
// Security Hub's answer when it is not enabled: InvalidAccessException, HTTP 401 (API reference,
// Common Errors / each operation's Errors); the message real accounts get names the account.
const notSubscribed = (accountId: string): ServiceError => new ServiceError('InvalidAccessException', `Account ${accountId} is not subscribed to AWS Security Hub`, 401);
// How Security Hub words a finding that breaks the format (FailedFindings, ErrorCode InvalidInput).
const asffProblem = (detail: string): string => `Finding does not adhere to Amazon Finding Format. ${detail}`;

/**
 * One account's Security Hub, restJson1 over `POST /findings/import`
 * (BatchImportFindings), `POST /findings` (GetFindings) and
 * `PATCH /findings/batchupdate` (BatchUpdateFindings, the customer's side).
 * Findings are accepted only into the caller's own default product
 * (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`),
 * stored by product and Id, and updated in place by a later import with the
 * same Id, as Security Hub does: an import whose `UpdatedAt` is not later than
 * the stored one is ignored; the customer's fields (`Workflow`, `Note`…) are
 * kept; `FindingProviderFields` is the provider's and the top-level `Severity`
 * and `Types` follow it until a customer sets them; and a NOTIFIED or RESOLVED
 * workflow goes back to NEW when the finding is reopened. With
 * {@link enabled} false it answers as Security Hub does in an account where it
 * is not enabled. Test tooling only.
 */
export class SecurityHubFindingsState {
  private readonly findings = new Map<string, StoredFinding>();
  /** Top-level fields a customer set with BatchUpdateFindings, per finding key. */
  private readonly customerSet = new Map<string, Set<'Severity' | 'Types'>>();
  /**
   * False: Security Hub is not enabled in the account. "If Security Hub CSPM is
   * disabled … the findings are returned in the FailedFindings list, with an
   * InvalidAccess error" [BIF]; every other call fails with
   * InvalidAccessException (see {@link notSubscribed}).
   */
  public enabled = true;

  public constructor(private readonly accountId: string) {}

  /** Every finding stored, in import order. */
  public all(): StoredFinding[] {
    return [...this.findings.values()];
  }

  /** Forgets every finding and turns Security Hub back on. */
  public clear(): void {
    this.findings.clear();
    this.customerSet.clear();
    this.enabled = true;
  }

  /** Runs one operation on a parsed body; `region` comes from the request's signature. */
  public run(operation: string, body: Readonly<Record<string, unknown>>, region: string, options: ImportOptions): unknown {
    switch (operation) {
      case 'BatchImportFindings':
        return this.importFindings(body, region, options);
      case 'GetFindings':
        if (!this.enabled) throw notSubscribed(this.accountId);
        return this.getFindings(body);
      case 'BatchUpdateFindings':
        if (!this.enabled) throw notSubscribed(this.accountId);
        return this.batchUpdate(body);
      default:
        throw new ServiceError('InvalidAction', `The stand-in's Security Hub does not serve ${operation}`, 404);
    }
  }

  private importFindings(body: Readonly<Record<string, unknown>>, region: string, options: ImportOptions): unknown {
    const findings = body['Findings'];
    if (!Array.isArray(findings)) throw invalid('Findings is required');
    if (findings.length > MAX_FINDINGS_PER_IMPORT) throw invalid(`Findings must have at most ${MAX_FINDINGS_PER_IMPORT} items`);
    // The status and code for an oversized request are not documented; InvalidInputException is the closest.
    if (options.requestBytes !== undefined && options.requestBytes > MAX_REQUEST_BYTES) throw invalid(`The request must be at most ${MAX_REQUEST_BYTES} bytes (6 MB)`);
    const failed: Array<{ Id: string; ErrorCode: string; ErrorMessage: string }> = [];
    for (const raw of findings as unknown[]) {
      const finding = (typeof raw === 'object' && raw !== null ? raw : {}) as Json;
      const id = typeof finding['Id'] === 'string' ? finding['Id'] : '';
      if (!this.enabled) {
        failed.push({ Id: id, ErrorCode: 'InvalidAccess', ErrorMessage: `Account ${this.accountId} is not subscribed to AWS Security Hub` });
        continue;
      }
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

  private problemWith(finding: Json, region: string): string | undefined {
    const provider = objectOr(finding['FindingProviderFields']);
    const missing = REQUIRED.filter((field) => finding[field] === undefined || finding[field] === '');
    if (finding['Severity'] === undefined && provider?.['Severity'] === undefined) missing.push('Severity');
    if (finding['Types'] === undefined && provider?.['Types'] === undefined) missing.push('Types');
    if (missing.length > 0) return asffProblem(`data should have required property ${missing.map((field) => `'${field}'`).join(', ')}`);
    if (finding['SchemaVersion'] !== '2018-10-08') return asffProblem('data.SchemaVersion should be 2018-10-08');
    for (const [field, max] of LENGTHS) {
      const value = finding[field];
      if (typeof value !== 'string') return asffProblem(`data.${field} should be string`);
      if (value.length > max) return asffProblem(`data.${field} should NOT be longer than ${max} characters`);
    }
    if (Buffer.byteLength(JSON.stringify(finding)) > MAX_FINDING_BYTES) return asffProblem(`the finding should NOT be larger than ${MAX_FINDING_BYTES} bytes (240 KB)`);
    const ownProduct = new RegExp(`^arn:aws[a-z-]*:securityhub:${region}:${this.accountId}:product/${this.accountId}/default$`);
    if (typeof finding['ProductArn'] !== 'string' || !ownProduct.test(finding['ProductArn'])) {
      return `ProductArn must be this account's default product in ${region}`;
    }
    if (finding['AwsAccountId'] !== this.accountId) return 'AwsAccountId must be the caller’s account';
    for (const field of TIMESTAMPS) {
      const value = finding[field];
      if (value !== undefined && (typeof value !== 'string' || !TIMESTAMP.test(value) || Number.isNaN(Date.parse(value)))) {
        return asffProblem(`data.${field} should match format "date-time"`);
      }
    }
    return (
      typesProblem(finding['Types'], 'Types') ??
      typesProblem(provider?.['Types'], 'FindingProviderFields.Types') ??
      severityProblem(finding['Severity'], 'Severity') ??
      severityProblem(provider?.['Severity'], 'FindingProviderFields.Severity') ??
      remediationProblem(finding['Remediation']) ??
      mapProblem(finding['ProductFields'], 'ProductFields', PRODUCT_FIELDS.pairs, PRODUCT_FIELDS.key + 1, PRODUCT_FIELDS.value + 1) ??
      resourcesProblem(finding['Resources']) ??
      enumProblem(finding['RecordState'], 'RecordState', RECORD_STATES) ??
      enumProblem(objectOr(finding['Compliance'])?.['Status'], 'Compliance.Status', COMPLIANCE_STATUSES)
    );
  }

  private store(finding: StoredFinding, region: string): void {
    const key = keyOf(finding.ProductArn, finding.Id);
    const previous = this.findings.get(key);
    // [BIF], "Determining whether to create or update a finding": "If UpdatedAt on the update
    // matches or occurs before UpdatedAt on the existing finding, Security Hub ignores the update
    // request." Ignored, not refused: the call still counts it a success.
    if (previous !== undefined && Date.parse(String(finding['UpdatedAt'])) <= Date.parse(String(previous['UpdatedAt']))) return;
    const incoming: Json = { ...finding };
    if (previous !== undefined) for (const field of CUSTOMER_FIELDS) delete incoming[field];
    const provider = objectOr(finding['FindingProviderFields']);
    const stored = objectOr(previous?.['FindingProviderFields']);
    // FindingProviderFields is the provider's; for a new finding Security Hub fills it from the
    // top-level fields when empty, and the top-level ones from it (API reference, FindingProviderFields).
    const providerFields: Json = {
      ...stored,
      ...(previous === undefined ? { Severity: finding['Severity'], Types: finding['Types'] } : {}),
      ...provider,
    };
    const customer = this.customerSet.get(key);
    // The top-level severity and types follow the provider's "only … if [they haven't] been updated
    // using BatchUpdateFindings" (API reference, Severity); a customer's stay.
    const topLevel = (field: 'Severity' | 'Types'): unknown => {
      if (previous === undefined) return finding[field] ?? provider?.[field];
      return customer?.has(field) === true ? previous[field] : (provider?.[field] ?? finding[field] ?? previous[field]);
    };
    const recordState = finding['RecordState'] ?? previous?.['RecordState'] ?? 'ACTIVE';
    this.findings.set(key, {
      ...incoming,
      Id: finding.Id,
      ProductArn: finding.ProductArn,
      Severity: topLevel('Severity'),
      Types: topLevel('Types'),
      FindingProviderFields: providerFields,
      // What Security Hub adds to an imported finding: its region, a workflow state, its own product fields.
      Region: region,
      Workflow: { Status: workflowAfter(previous, finding, recordState) },
      RecordState: recordState,
      ProcessedAt: new Date().toISOString(),
      ProductFields: { ...((finding['ProductFields'] as Record<string, string> | undefined) ?? {}), 'aws/securityhub/FindingId': `${finding.ProductArn}/${finding.Id}` },
    });
  }

  /**
   * BatchUpdateFindings, the customer's update: `FindingIdentifiers` (1-100
   * of `{Id, ProductArn}`), and here `Severity.Label`, `Types` and
   * `Workflow.Status`. It leaves `UpdatedAt` as it is ([BUF]: "your updates
   * don't affect existing values for the UpdatedAt field").
   */
  private batchUpdate(body: Readonly<Record<string, unknown>>): unknown {
    const identifiers = body['FindingIdentifiers'];
    if (!Array.isArray(identifiers) || identifiers.length === 0 || identifiers.length > MAX_UPDATE_IDENTIFIERS) {
      throw invalid(`FindingIdentifiers must have 1 to ${MAX_UPDATE_IDENTIFIERS} items`);
    }
    const severity = objectOr(body['Severity']);
    if (severity?.['Label'] !== undefined && !SEVERITY_LABELS.has(String(severity['Label']))) throw invalid('Severity.Label is not a valid value');
    const workflow = objectOr(body['Workflow']);
    if (workflow?.['Status'] !== undefined && !WORKFLOW_STATUSES.has(String(workflow['Status']))) throw invalid('Workflow.Status is not a valid value');
    const processed: Json[] = [];
    const unprocessed: Json[] = [];
    for (const raw of identifiers as unknown[]) {
      const identifier = objectOr(raw) ?? {};
      const key = keyOf(String(identifier['ProductArn']), String(identifier['Id']));
      const finding = this.findings.get(key);
      if (finding === undefined) {
        unprocessed.push({ FindingIdentifier: identifier, ErrorCode: 'FindingNotFound', ErrorMessage: 'Finding not found' });
        continue;
      }
      const changed: Json = { ...finding };
      const set = this.customerSet.get(key) ?? new Set<'Severity' | 'Types'>();
      if (severity?.['Label'] !== undefined) {
        changed['Severity'] = { ...objectOr(finding['Severity']), Label: severity['Label'] };
        set.add('Severity');
      }
      if (Array.isArray(body['Types'])) {
        changed['Types'] = body['Types'];
        set.add('Types');
      }
      if (workflow?.['Status'] !== undefined) changed['Workflow'] = { Status: workflow['Status'] };
      this.customerSet.set(key, set);
      this.findings.set(key, changed as StoredFinding);
      processed.push(identifier);
    }
    return { ProcessedFindings: processed, UnprocessedFindings: unprocessed };
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

/**
 * The workflow status after an import: NEW for a new finding; the stored one
 * otherwise, except that NOTIFIED and RESOLVED go back to NEW when
 * "RecordState changes from ARCHIVED to ACTIVE" or "Compliance.Status changes
 * from PASSED to FAILED, WARNING, or NOT_AVAILABLE" ([WFL]; User Guide,
 * "Setting the workflow status of findings").
 */
function workflowAfter(previous: StoredFinding | undefined, update: Json, recordState: unknown): unknown {
  if (previous === undefined) return 'NEW';
  const status = objectOr(previous['Workflow'])?.['Status'] ?? 'NEW';
  if (status !== 'NOTIFIED' && status !== 'RESOLVED') return status;
  const reactivated = previous['RecordState'] === 'ARCHIVED' && recordState === 'ACTIVE';
  const before = objectOr(previous['Compliance'])?.['Status'];
  const after = objectOr(update['Compliance'])?.['Status'] ?? before;
  const failedAgain = before === 'PASSED' && (after === 'FAILED' || after === 'WARNING' || after === 'NOT_AVAILABLE');
  return reactivated || failedAgain ? 'NEW' : status;
}

function typesProblem(types: unknown, field: string): string | undefined {
  if (types === undefined) return undefined;
  if (!Array.isArray(types)) return asffProblem(`data.${field} should be array`);
  if (types.length > MAX_TYPES) return asffProblem(`data.${field} should NOT have more than ${MAX_TYPES} items`);
  for (const type of types as unknown[]) {
    // namespace/category/classifier; "A finding provider might define a partial path" [TAX].
    const parts = typeof type === 'string' ? type.split('/') : [];
    if (parts.length < 1 || parts.length > 3 || parts.some((part) => part.trim() === '') || !NAMESPACES.has(parts[0] ?? '')) {
      return asffProblem(`data.${field} item ${JSON.stringify(type)} should be namespace/category/classifier with a defined namespace`);
    }
  }
  return undefined;
}

function severityProblem(severity: unknown, field: string): string | undefined {
  if (severity === undefined) return undefined;
  const value = objectOr(severity);
  if (value === undefined) return asffProblem(`data.${field} should be object`);
  const label = value['Label'];
  const normalized = value['Normalized'];
  // "The finding must have either Label or Normalized populated" [SEV].
  if (label === undefined && normalized === undefined) return asffProblem(`data.${field} should have Label or Normalized`);
  if (label !== undefined && !SEVERITY_LABELS.has(String(label))) return asffProblem(`data.${field}.Label should be one of ${[...SEVERITY_LABELS].join(', ')}`);
  if (normalized !== undefined && (typeof normalized !== 'number' || !Number.isInteger(normalized) || normalized < 0 || normalized > 100)) {
    return asffProblem(`data.${field}.Normalized should be an integer from 0 to 100`);
  }
  const original = value['Original'];
  if (original !== undefined && (typeof original !== 'string' || original.length < 1 || original.length > MAX_SEVERITY_ORIGINAL)) {
    return asffProblem(`data.${field}.Original should be 1 to ${MAX_SEVERITY_ORIGINAL} characters`);
  }
  return undefined;
}

function remediationProblem(remediation: unknown): string | undefined {
  const text = objectOr(objectOr(remediation)?.['Recommendation'])?.['Text'];
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || text.length < 1 || text.length > MAX_RECOMMENDATION_TEXT) {
    return asffProblem(`data.Remediation.Recommendation.Text should be 1 to ${MAX_RECOMMENDATION_TEXT} characters`);
  }
  return undefined;
}

function resourcesProblem(resources: unknown): string | undefined {
  if (!Array.isArray(resources) || resources.length === 0) return 'Resources must have at least one item';
  if (resources.length > MAX_RESOURCES) return asffProblem(`data.Resources should NOT have more than ${MAX_RESOURCES} items`);
  for (const [index, raw] of (resources as unknown[]).entries()) {
    const resource = objectOr(raw);
    if (typeof resource?.['Type'] !== 'string' || typeof resource['Id'] !== 'string') return asffProblem(`data.Resources[${index}] should have required properties 'Type', 'Id'`);
    const other = objectOr(resource['Details'])?.['Other'];
    const problem = mapProblem(other, `Resources[${index}].Details.Other`, OTHER_DETAILS.pairs, OTHER_DETAILS.keyBelow, OTHER_DETAILS.valueBelow);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** A string map of at most `pairs` entries whose keys and values are shorter than `keyBelow` / `valueBelow`. */
function mapProblem(map: unknown, field: string, pairs: number, keyBelow: number, valueBelow: number): string | undefined {
  if (map === undefined) return undefined;
  const value = objectOr(map);
  if (value === undefined) return asffProblem(`data.${field} should be object`);
  const entries = Object.entries(value);
  if (entries.length > pairs) return asffProblem(`data.${field} should NOT have more than ${pairs} properties`);
  for (const [key, item] of entries) {
    if (key.length >= keyBelow) return asffProblem(`data.${field} key ${JSON.stringify(key.slice(0, 20))}… should be fewer than ${keyBelow} characters`);
    if (typeof item !== 'string') return asffProblem(`data.${field}.${key} should be string`);
    if (item.length >= valueBelow) return asffProblem(`data.${field}.${key} should be fewer than ${valueBelow} characters`);
  }
  return undefined;
}

function enumProblem(value: unknown, field: string, allowed: ReadonlySet<string>): string | undefined {
  if (value === undefined || allowed.has(String(value))) return undefined;
  return asffProblem(`data.${field} should be one of ${[...allowed].join(', ')}`);
}

function objectOr(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function keyOf(productArn: string, id: string): string {
  return `${productArn}\u0000${id}`;
}

/** The operation of a Security Hub REST request: `POST /findings/import`, `POST /findings` or `PATCH /findings/batchupdate`. */
export function securityHubOperation(method: string | undefined, path: string): string | undefined {
  if (method === 'POST' && path === '/findings/import') return 'BatchImportFindings';
  if (method === 'POST' && path === '/findings') return 'GetFindings';
  if (method === 'PATCH' && path === '/findings/batchupdate') return 'BatchUpdateFindings';
  return undefined;
}
