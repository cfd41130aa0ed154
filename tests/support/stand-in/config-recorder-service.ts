import { epochSeconds } from './config-json';
import { ServiceError } from './reply';

const SERVER_CERTIFICATE = 'AWS::IAM::ServerCertificate';

/** A configuration recorder as a test sets it up (PutConfigurationRecorder, StartConfigurationRecorder). */
export interface RecorderSeed {
  /** Default `default`, the name Config gives a customer managed recorder created without one. */
  readonly name?: string;
  /** Set for a service-linked recorder, which another AWS service created for its own use. */
  readonly servicePrincipal?: string;
  readonly allSupported?: boolean;
  readonly includeGlobalResourceTypes?: boolean;
  /** RecordingGroup.resourceTypes (INCLUSION_BY_RESOURCE_TYPES). */
  readonly resourceTypes?: readonly string[];
  /** exclusionByResourceTypes.resourceTypes (EXCLUSION_BY_RESOURCE_TYPES). */
  readonly excludedResourceTypes?: readonly string[];
  readonly strategy?: 'ALL_SUPPORTED_RESOURCE_TYPES' | 'INCLUSION_BY_RESOURCE_TYPES' | 'EXCLUSION_BY_RESOURCE_TYPES';
  /** Default true. */
  readonly recording?: boolean;
  /** RecorderStatus of the last recording event; default `Success`. */
  readonly lastStatus?: 'Pending' | 'Success' | 'Failure';
  readonly lastErrorCode?: string;
  readonly lastErrorMessage?: string;
}

/** The recorder a fresh stand-in account has: records every supported type, global ones included, and is recording. */
export const DEFAULT_RECORDER: RecorderSeed = { name: 'default', allSupported: true, includeGlobalResourceTypes: true, strategy: 'ALL_SUPPORTED_RESOURCE_TYPES' };

/**
 * Whether a recorder set up like `seed` records server certificates, by the
 * RecordingGroup rules of the Config API reference: the exclusion strategy
 * records every type not listed; inclusion (or allSupported false) only the
 * listed ones; allSupported every supported type, and server certificates
 * are not in the includeGlobalResourceTypes bundle (IAM users, groups, roles
 * and customer managed policies only). A stopped recorder records nothing.
 */
export function recordsServerCertificates(seed: RecorderSeed): boolean {
  if (seed.recording === false) return false;
  if (seed.strategy === 'EXCLUSION_BY_RESOURCE_TYPES') return !(seed.excludedResourceTypes ?? []).includes(SERVER_CERTIFICATE);
  if (seed.strategy === 'INCLUSION_BY_RESOURCE_TYPES' || seed.allSupported !== true) return (seed.resourceTypes ?? []).includes(SERVER_CERTIFICATE);
  return true;
}

/** One account's configuration recorders: DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus. */
export class RecorderStore {
  private recorders: RecorderSeed[] = [DEFAULT_RECORDER];
  /**
   * When the recorders last started and changed status (lastStartTime,
   * lastStatusChangeTime): the stand-in's start by default; a test that judges
   * at a fixed time sets it before that time, or the times read as in the future.
   */
  public startedAt = new Date();

  public constructor(private readonly accountId: string) {}

  /** The customer managed recorder (the one rules evaluate against), if any. */
  public customerManaged(): RecorderSeed | undefined {
    return this.recorders.find((recorder) => recorder.servicePrincipal === undefined);
  }

  /** Replaces the customer managed recorder (`undefined` deletes it), keeping service-linked ones. */
  public setCustomerManaged(seed: RecorderSeed | undefined): void {
    this.recorders = [...(seed === undefined ? [] : [seed]), ...this.recorders.filter((recorder) => recorder.servicePrincipal !== undefined)];
  }

  /** Adds a service-linked recorder. */
  public addServiceLinked(seed: RecorderSeed & { readonly servicePrincipal: string }): void {
    this.recorders.push(seed);
  }

  public clear(): void {
    this.recorders = [DEFAULT_RECORDER];
  }

  /** The two operations; `undefined` for any other. */
  public run(operation: string, body: Readonly<Record<string, unknown>>): unknown {
    if (operation === 'DescribeConfigurationRecorders') return { ConfigurationRecorders: this.chosen(body).map((recorder) => this.describe(recorder)) };
    if (operation === 'DescribeConfigurationRecorderStatus') return { ConfigurationRecordersStatus: this.chosen(body).map((recorder) => this.status(recorder)) };
    return undefined;
  }

  /**
   * "If a configuration recorder is not specified, this operation returns
   * details for the customer managed configuration recorder configured for
   * the account, if applicable", and "you can only specify one configuration
   * recorder" (DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus);
   * an unknown name is NoSuchConfigurationRecorderException.
   */
  private chosen(body: Readonly<Record<string, unknown>>): RecorderSeed[] {
    const names = body['ConfigurationRecorderNames'];
    const principal = body['ServicePrincipal'];
    if (Array.isArray(names) && names.length > 1) throw new ServiceError('ValidationException', 'You can only specify one configuration recorder.');
    const name = Array.isArray(names) ? names[0] : undefined;
    if (name !== undefined || typeof principal === 'string') {
      const found = this.recorders.find((recorder) => (name === undefined || (recorder.name ?? 'default') === name) && (typeof principal !== 'string' || recorder.servicePrincipal === principal));
      if (found === undefined) throw new ServiceError('NoSuchConfigurationRecorderException', `Cannot find configuration recorder with the specified name '${String(name ?? principal)}'.`);
      return [found];
    }
    const customer = this.customerManaged();
    return customer === undefined ? [] : [customer];
  }

  private arnOf(recorder: RecorderSeed): string {
    return `arn:aws:config:us-east-1:${this.accountId}:configuration-recorder/${recorder.name ?? 'default'}/${recorder.servicePrincipal === undefined ? 'customer' : 'linked'}`;
  }

  private describe(recorder: RecorderSeed): unknown {
    return {
      arn: this.arnOf(recorder),
      name: recorder.name ?? 'default',
      roleARN: `arn:aws:iam::${this.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recordingGroup: {
        allSupported: recorder.allSupported ?? false,
        includeGlobalResourceTypes: recorder.includeGlobalResourceTypes ?? false,
        resourceTypes: [...(recorder.resourceTypes ?? [])],
        exclusionByResourceTypes: { resourceTypes: [...(recorder.excludedResourceTypes ?? [])] },
        recordingStrategy: { useOnly: recorder.strategy ?? (recorder.allSupported === true ? 'ALL_SUPPORTED_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES') },
      },
      recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
      recordingScope: recorder.servicePrincipal === undefined ? 'PAID' : 'INTERNAL',
      ...(recorder.servicePrincipal === undefined ? {} : { servicePrincipal: recorder.servicePrincipal }),
    };
  }

  private status(recorder: RecorderSeed): unknown {
    const recording = recorder.recording ?? true;
    return {
      arn: this.arnOf(recorder),
      name: recorder.name ?? 'default',
      lastStartTime: epochSeconds(this.startedAt),
      ...(recording ? {} : { lastStopTime: epochSeconds(this.startedAt) }),
      recording,
      lastStatus: recorder.lastStatus ?? 'Success',
      ...(recorder.lastErrorCode === undefined ? {} : { lastErrorCode: recorder.lastErrorCode }),
      ...(recorder.lastErrorMessage === undefined ? {} : { lastErrorMessage: recorder.lastErrorMessage }),
      lastStatusChangeTime: epochSeconds(this.startedAt),
      ...(recorder.servicePrincipal === undefined ? {} : { servicePrincipal: recorder.servicePrincipal }),
    };
  }
}
