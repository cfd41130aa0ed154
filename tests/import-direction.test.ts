import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(__dirname, '..', 'src');
const SCRIPTS = resolve(__dirname, '..', 'scripts');
const TESTS = resolve(__dirname);

/**
 * Which top-level parts of `src/` each part must never import: lower layers
 * never import upper ones (GUIDE.md, "imports run one way"). The core is
 * pure: no other layer, and no AWS SDK.
 */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  core: ['adapters', 'usage', 'rule', 'events', 'cli', 'observability', 'handler'],
  adapters: ['cli', 'handler'],
  usage: ['rule', 'cli', 'handler'],
  // src/errors.ts is shared by every layer, so it may lean on the core only.
  errors: ['adapters', 'usage', 'rule', 'events', 'cli', 'observability', 'handler'],
  events: ['cli', 'handler'],
  rule: ['cli', 'handler'],
  observability: ['cli', 'handler'],
};
const CORE_FORBIDDEN_PACKAGES = /^@aws-sdk\/|^@smithy\//;

// Static imports and re-exports (`import … from 'x'`, `import 'x'`, `export … from 'x'`),
// dynamic `import('x')` and `require('x')`, type-only imports included.
const SPECIFIER = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?|\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|cjs|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The top-level part of `src/` a path lies in: `core`, `cli`, … or `handler` for src/handler.ts. */
function partOf(path: string): string {
  const [first = ''] = relative(SRC, path).split(sep);
  return first.replace(/\.ts$/, '');
}

/** Every import specifier of a TypeScript source text, comments left out. */
export function specifiersOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(SPECIFIER)].map((match) => match[1] ?? '');
}

/** The import edges of `src/` that break the layering, as `from → to` lines. */
function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const part = partOf(file);
    const forbidden = FORBIDDEN[part];
    if (forbidden === undefined) continue;
    for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
      const where = relative(SRC, file);
      if (specifier.startsWith('.')) {
        const target = partOf(resolve(dirname(file), specifier));
        if (forbidden.includes(target)) found.push(`${where} → ${specifier} (${part} must not import ${target})`);
      } else if (part === 'core' && CORE_FORBIDDEN_PACKAGES.test(specifier)) {
        found.push(`${where} → ${specifier} (the core imports no AWS SDK)`);
      }
    }
  }
  return found;
}

/**
 * The imports of `scripts/` (release, packaging, `npm run build`) that reach
 * into `tests/`: none may, so what ships never depends on test code.
 */
export function scriptsIntoTests(directory: string = SCRIPTS): string[] {
  return sourceFiles(directory).flatMap((file) =>
    specifiersOf(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.') && !relative(TESTS, resolve(dirname(file), specifier)).startsWith('..'))
      .map((specifier) => `${relative(directory, file)} → ${specifier}`),
  );
}

describe('import direction', () => {
  it('reads every form of import, and no comment', () => {
    const text = [
      "import { a } from '../cli/a';",
      "import type { B } from '../cli/b';",
      "import '../cli/c';",
      "export { d } from '../cli/d';",
      "export * from '../cli/e';",
      "const f = await import('../cli/f');",
      "const g = require('../cli/g');",
      "import {\n  h,\n  i,\n} from '../cli/h';",
      "// import { x } from '../cli/commented';",
      "/* import { y } from '../cli/block'; */",
    ].join('\n');

    expect(specifiersOf(text)).toEqual(['../cli/a', '../cli/b', '../cli/c', '../cli/d', '../cli/e', '../cli/f', '../cli/g', '../cli/h']);
  });

  it('has no lower layer (core, adapters, usage, events, rule, observability) importing an upper one', () => {
    expect(violations()).toEqual([]);
  });

  it('has nothing in scripts/ importing from tests/ (tests may import scripts/)', () => {
    expect(scriptsIntoTests()).toEqual([]);
  });
});
