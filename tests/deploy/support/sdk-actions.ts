import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** IAM service prefix of each SDK v3 client the code may import. */
const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-config-service': 'config',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-cloudfront': 'cloudfront',
  '@aws-sdk/client-elastic-load-balancing': 'elasticloadbalancing',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-securityhub': 'securityhub',
  '@aws-sdk/client-acm': 'acm',
  '@aws-sdk/client-organizations': 'organizations',
  '@aws-sdk/client-account': 'account',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-eventbridge': 'events',
  '@aws-sdk/client-scheduler': 'scheduler',
  '@aws-sdk/client-lambda': 'lambda',
};

/** Credential helpers that make an API call of their own. */
const CREDENTIAL_PROVIDER_ACTIONS: Readonly<Record<string, string>> = {
  fromTemporaryCredentials: 'sts:AssumeRole',
};

const NAMED_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/[a-z0-9-]+)['"]/g;
// `import type …` / `export type …` are left out: the compiler erases them, so nothing they name is in the bundle.
const RELATIVE_IMPORT = /(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * The IAM actions the deployed code can call: every `XCommand` and
 * `paginateX` imported from an SDK client, as `<service>:X`, in the files
 * reachable from the entry point (what the bundle contains). A client with no
 * known prefix throws, so a new service cannot slip past the role check.
 */
export function actionsCalledBy(entry: string): Set<string> {
  const actions = new Set<string>();
  for (const file of reachableFiles(entry)) {
    for (const match of readFileSync(file, 'utf8').matchAll(NAMED_IMPORT)) {
      const [, typeOnly, names = '', module = ''] = match;
      if (typeOnly !== undefined) continue;
      for (const raw of names.split(',')) {
        const name = raw.trim().split(/\s+as\s+/)[0] ?? '';
        if (name === '' || name.startsWith('type ')) continue;
        const action = actionOf(module, name, file);
        if (action !== undefined) actions.add(action);
      }
    }
  }
  return actions;
}

function actionOf(module: string, name: string, file: string): string | undefined {
  if (module === '@aws-sdk/credential-providers') return CREDENTIAL_PROVIDER_ACTIONS[name];
  const operation = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
  if (operation === undefined) return undefined;
  const prefix = SERVICE_PREFIX[module];
  if (prefix === undefined) throw new Error(`${file} calls ${module}, which has no IAM prefix in sdk-actions.ts`);
  return `${prefix}:${operation}`;
}

/** The entry file and every local module it imports, transitively. */
function reachableFiles(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [resolve(entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      if (match[1] !== undefined) continue;
      const specifier = match[2] ?? '';
      // Data files (JSON tables) import nothing and call nothing.
      if (!specifier.endsWith('.json')) pending.push(resolveModule(dirname(file), specifier));
    }
  }
  return seen;
}

function resolveModule(from: string, specifier: string): string {
  const base = join(from, specifier);
  const candidate = [`${base}.ts`, join(base, 'index.ts'), base].find((path) => existsSync(path) && path.endsWith('.ts'));
  if (candidate === undefined) throw new Error(`cannot resolve ${specifier} from ${from}`);
  return candidate;
}
