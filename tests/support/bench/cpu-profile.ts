import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Where CPU time went, in ms of self time, by origin of the code that ran. */
export type CpuBreakdown = Record<string, number>;

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/**
 * Attributes the samples of a V8 `.cpuprofile` (from `node --cpu-prof`) of a
 * process running the bundle to where the code came from, through the
 * bundle's source map: the rule's own code (`src/`), the AWS SDK, other
 * bundled libraries, Node itself, GC. This separates what the rule costs from
 * what marshalling its API calls costs, which process CPU time cannot.
 */
export function attributeCpuProfile(profilePath: string, bundlePath: string): CpuBreakdown {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const map = new SourceMap(JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  const bundleUrl = pathToFileURL(bundlePath).href;
  const categoryOf = new Map<number, string>();
  for (const node of profile.nodes) categoryOf.set(node.id, categorize(node, bundleUrl, map));
  const breakdown: CpuBreakdown = {};
  profile.samples.forEach((nodeId, index) => {
    const category = categoryOf.get(nodeId) ?? 'unknown';
    breakdown[category] = (breakdown[category] ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000;
  });
  return breakdown;
}

function categorize(node: ProfileNode, bundleUrl: string, map: SourceMap): string {
  const { url, functionName, lineNumber, columnNumber } = node.callFrame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8 / native (program)';
    return 'native';
  }
  if (url !== bundleUrl) return url.startsWith('node:') ? 'Node.js internals' : 'other files';
  const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string };
  const source = entry.originalSource ?? '';
  if (/(^|\/)src\//.test(source) && !source.includes('node_modules')) return 'rule code (src/)';
  if (/node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(source)) return 'AWS SDK';
  if (/node_modules\/@aws-lambda-powertools\//.test(source)) return 'Powertools';
  return source === '' ? 'bundle (unmapped)' : 'other bundled libraries';
}
