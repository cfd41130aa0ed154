import type { ServerCertificate } from '../../src/core/server-certificate';
import type { RecordedResult } from '../../src/core/stale-results';
import type { RuleDependencies } from '../../src/rule/ports';
import type { UsageInventory } from '../../src/usage/certificate-usage';
import { inventory } from '../fixtures/usage-inventory';

/** In-memory stand-ins for the rule's ports, for use-case tests. */
export function fakeDependencies(options: {
  certificates?: ServerCertificate[];
  idsByName?: Record<string, string>;
  /** False: the region has no configuration recorder. */
  recorderAvailable?: boolean;
  /** Certificates per IAM listing page (default: all on one). */
  pageSize?: number;
  recorded?: RecordedResult[];
  /** Present: the usage check is wired and answers with this inventory. */
  usage?: UsageInventory;
  /** Present: owner tags are wired; certificate name → its tags. */
  tags?: Record<string, Record<string, string>>;
  /** Certificate name → the error its tag read fails with (tags must be wired). */
  tagFailures?: Record<string, Error>;
}): RuleDependencies & { calls: string[] } {
  const calls: string[] = [];
  const certificates = options.certificates ?? [];
  return {
    calls,
    certificates: {
      pages: async function* () {
        calls.push('listAll');
        const size = options.pageSize ?? Math.max(1, certificates.length);
        for (let start = 0; start < certificates.length || start === 0; start += size) {
          yield certificates.slice(start, start + size);
        }
      },
      get: async (name) => {
        calls.push(`get:${name}`);
        return certificates.find((c) => c.name === name);
      },
    },
    resourceIds: {
      serverCertificates: async () => {
        calls.push('ids');
        return { recorderAvailable: options.recorderAvailable ?? true, idsByName: new Map(Object.entries(options.idsByName ?? {})) };
      },
    },
    recordedResults: {
      compliantOrNonCompliant: async (rule) => {
        calls.push(`recorded:${rule}`);
        return options.recorded ?? [];
      },
    },
    ...(options.tags === undefined
      ? {}
      : {
          tags: {
            tagsOf: async (name: string) => {
              calls.push(`tags:${name}`);
              const failure = options.tagFailures?.[name];
              if (failure !== undefined) throw failure;
              return new Map(Object.entries(options.tags?.[name] ?? {}));
            },
          },
        }),
    ...(options.usage === undefined
      ? {}
      : {
          usage: {
            scan: async (regions: readonly string[] | undefined) => {
              calls.push(`usage:${regions?.join(',') ?? 'every enabled region'}`);
              return options.usage ?? inventory();
            },
          },
        }),
  };
}

/** A certificate expiring at `expiration`. */
export function certificate(name: string, expiration: string): ServerCertificate {
  return {
    name,
    id: `ASCA${name.toUpperCase()}`,
    arn: `arn:aws:iam::123456789012:server-certificate/${name}`,
    path: '/',
    expiration: new Date(expiration),
  };
}

/** Everything an async stream yields, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
