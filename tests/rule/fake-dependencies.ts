import type { ServerCertificate } from '../../src/core/server-certificate';
import type { RecordedResult } from '../../src/core/stale-results';
import type { RuleDependencies } from '../../src/rule/ports';

/** In-memory stand-ins for the rule's ports, for use-case tests. */
export function fakeDependencies(options: {
  certificates?: ServerCertificate[];
  idsByName?: Record<string, string>;
  recorded?: RecordedResult[];
}): RuleDependencies & { calls: string[] } {
  const calls: string[] = [];
  const certificates = options.certificates ?? [];
  return {
    calls,
    certificates: {
      listAll: async () => {
        calls.push('listAll');
        return certificates;
      },
      get: async (name) => {
        calls.push(`get:${name}`);
        return certificates.find((c) => c.name === name);
      },
    },
    resourceIds: {
      serverCertificateIdsByName: async () => {
        calls.push('ids');
        return new Map(Object.entries(options.idsByName ?? {}));
      },
    },
    recordedResults: {
      compliantOrNonCompliant: async (rule) => {
        calls.push(`recorded:${rule}`);
        return options.recorded ?? [];
      },
    },
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
